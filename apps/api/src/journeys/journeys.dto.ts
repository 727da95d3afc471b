import { z } from 'zod';
import { STAGES, divisionCode, usccAsIssued } from '@uplift/domain';

export const listJourneysSchema = z.strictObject({
  roundId: z.uuid().optional(),
  stage: z.enum(STAGES).optional(),
  stalled: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  regionCode: divisionCode.optional(),
  certificationBodyId: z.uuid().optional(),
  // As issued: a code an admin imported despite its check character can be looked up.
  uscc: usccAsIssued.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListJourneys = z.infer<typeof listJourneysSchema>;
