import { z } from 'zod';

export const certificationBodyViewSchema = z
  .object({
    id: z.uuid(),
    code: z.string().max(20).meta({ example: 'CNCA-R-2002-001' }),
    name: z.string().max(200),
    email: z.string().max(254).meta({ format: 'email' }),
    locale: z.string().max(10).meta({ description: 'The language of its emails: `zh-CN` or `en`.' }),
  })
  .meta({ id: 'CertificationBody' });
export type CertificationBodyView = z.input<typeof certificationBodyViewSchema>;

export const certificationBodyListSchema = z.object({ items: z.array(certificationBodyViewSchema) });

/** A person of a body, as the body picks a journey's assignee. */
export const bodyStaffSchema = z
  .object({
    items: z
      .array(
        z.object({
          id: z.uuid(),
          name: z.string().max(200),
          email: z.string().max(254).meta({ format: 'email' }),
        }),
      )
      .max(10_000),
  })
  .meta({ id: 'CertificationBodyStaff' });
