import { z } from 'zod';
import { JOURNEY_FILTERS } from '@uplift/persistence';

/** The read model's filter columns (`JOURNEY_COLUMNS`), and the page. */
export const listJourneysSchema = z.strictObject({
  ...JOURNEY_FILTERS,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListJourneys = z.infer<typeof listJourneysSchema>;
