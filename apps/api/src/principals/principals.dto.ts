import { z } from 'zod';
import { divisionCode, emailAddress, lineText, ROLES, ruleIssue } from '@uplift/domain';
import { timestamp } from '../common/api-contract';

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
      ctx.addIssue(ruleIssue('principal.region_required', {}, { path: ['regionCode'] }));
    }
    if (v.role === 'certification_body' && !v.certificationBodyId) {
      ctx.addIssue(ruleIssue('principal.body_required', {}, { path: ['certificationBodyId'] }));
    }
    if (v.role !== 'regulator' && v.regionCode) {
      ctx.addIssue(ruleIssue('principal.region_for_regulators', {}, { path: ['regionCode'] }));
    }
    if (v.role !== 'certification_body' && v.certificationBodyId) {
      ctx.addIssue(
        ruleIssue('principal.body_for_certification_bodies', {}, { path: ['certificationBodyId'] }),
      );
    }
  });
export type CreatePrincipal = z.infer<typeof createPrincipalSchema>;

export const principalIdParams = z.object({ id: z.uuid().meta({ description: "The principal's id." }) });

/** A principal as admins see it: the key by its prefix, never its hash. */
export const principalViewSchema = z
  .object({
    id: z.uuid(),
    role: z.enum(ROLES),
    name: z.string().max(200),
    email: z.string().max(254).meta({ format: 'email' }),
    regionCode: z.string().max(6).nullable().meta({ description: "A regulator's division." }),
    certificationBodyId: z.uuid().nullable(),
    keyPrefix: z.string().max(32).meta({ example: 'upl_1a2b3c4d' }),
    isBootstrap: z.boolean(),
    revokedAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Principal' });
export type PrincipalView = z.input<typeof principalViewSchema>;

const apiKey = z.string().max(200).nullable().meta({
  description:
    'The API key, in this answer only (Uplift keeps its hash); `null` when a repeated Idempotency-Key replays the answer.',
  example: 'upl_1a2b3c4d_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
});

export const createdPrincipalSchema = principalViewSchema
  .omit({ isBootstrap: true, revokedAt: true })
  .extend({ apiKey })
  .meta({ id: 'CreatedPrincipal' });
export const rotatedPrincipalSchema = principalViewSchema.extend({ apiKey }).meta({ id: 'RotatedPrincipal' });
export const principalListSchema = z.object({ items: z.array(principalViewSchema) });
