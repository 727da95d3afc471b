import { z } from 'zod';
import { JOURNEY_FILTERS } from '@uplift/persistence';

/** The read model's filter columns (`JOURNEY_COLUMNS`), and the page. */
export const listJourneysSchema = z.strictObject({
  ...JOURNEY_FILTERS,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListJourneys = z.infer<typeof listJourneysSchema>;

/** A journey id as `journeyId` writes it; the route takes any text, and one of another shape names nothing (404). */
export const journeyIdParams = z.object({
  id: z.string().max(100).meta({
    description: '`journey-<round id>-<USCC>`',
    example: 'journey-0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d-91330106MA2B3C4D5X',
  }),
});
