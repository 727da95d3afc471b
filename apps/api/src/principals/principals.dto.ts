import { z } from 'zod';
import { divisionCode, emailAddress, lineText, ROLES } from '@uplift/domain';

export const createPrincipalSchema = z
  .strictObject({
    role: z.enum(ROLES),
    name: lineText(200),
    email: emailAddress,
    regionCode: divisionCode.optional(),
    certificationBodyId: z.uuid().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'regulator' && !v.regionCode) {
      ctx.addIssue({ code: 'custom', path: ['regionCode'], message: 'is required for a regulator' });
    }
    if (v.role === 'certification_body' && !v.certificationBodyId) {
      ctx.addIssue({
        code: 'custom',
        path: ['certificationBodyId'],
        message: 'is required for a certification body',
      });
    }
    if (v.role !== 'regulator' && v.regionCode) {
      ctx.addIssue({ code: 'custom', path: ['regionCode'], message: 'applies to regulators only' });
    }
    if (v.role !== 'certification_body' && v.certificationBodyId) {
      ctx.addIssue({
        code: 'custom',
        path: ['certificationBodyId'],
        message: 'applies to certification bodies only',
      });
    }
  });
export type CreatePrincipal = z.infer<typeof createPrincipalSchema>;
