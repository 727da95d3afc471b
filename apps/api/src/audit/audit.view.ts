import { z } from 'zod';
import { timestamp } from '../common/api-contract';
import { ACCOUNT_ACTIONS } from '../common/audit';

export const auditEntrySchema = z
  .object({
    id: z.string().max(20).meta({ description: 'Increasing; the cursor of the next page.' }),
    at: timestamp,
    principalId: z.uuid().nullable(),
    requestId: z.string().max(64),
    clientRequestId: z
      .string()
      .max(64)
      .nullable()
      .meta({ description: 'The `x-request-id` the client sent.' }),
    method: z.string().max(10).meta({ example: 'POST' }),
    route: z.string().max(200).meta({ example: '/v1/journeys/:id/assignment' }),
    targetId: z.string().max(200).nullable(),
    statusCode: z.number().int().min(100).max(599),
    outcome: z.enum(['succeeded', 'refused', 'failed']),
    ip: z.string().max(45).nullable(),
    details: z.record(z.string().max(100), z.unknown()).nullable(),
    action: z.enum(ACCOUNT_ACTIONS).nullable().meta({
      description:
        "What a people's-account route did: sign-ins and their failures, lockouts, sign-outs, invitations and password changes; null for other calls.",
    }),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryView = z.input<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema).max(500),
  nextCursor: z.string().max(20).nullable().meta({ description: 'Pass as `cursor` for the next page.' }),
});
