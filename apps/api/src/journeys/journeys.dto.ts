import { z } from 'zod';
import { STEP_ACTORS, ruleMessage } from '@uplift/domain';
import { JOURNEY_FILTERS } from '@uplift/persistence';

/** What narrows the list and its summary: the read model's filter columns (`JOURNEY_COLUMNS`), then the inbox's. */
const journeyFilters = {
  ...JOURNEY_FILTERS,
  mustAct: z
    .enum(['me', ...STEP_ACTORS])
    .optional()
    .meta({
      description:
        'Journeys waiting for this actor to take the pending step. `me`: the caller (a certification body its body, a regulator its bureau; an admin a bureau or a body).',
    }),
  overdue: z
    .enum(['true', 'false'], ruleMessage('type.boolean'))
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: '`true`: past the deadline while someone must act; `false`: not.' }),
  escalated: z
    .enum(['true', 'false'], ruleMessage('type.boolean'))
    .transform((v) => v === 'true')
    .optional()
    .meta({
      description:
        "`true`: escalated to the round's regulator and not cleared since (a step or a new stall clears it); for a regulator, only the rounds whose escalations go to them (those they opened, or whose opener's key is revoked). `false`: not escalated.",
    }),
  q: z.string().trim().min(1).max(100).optional().meta({
    description:
      "The enterprise's name contains it, or its USCC starts with it (any case, full-width or not).",
  }),
};

/** The list's filters with its order and page. */
export const listJourneysSchema = z.strictObject({
  ...journeyFilters,
  sort: z.enum(['deadline', '-deadline', '-updatedAt', 'escalatedAt']).optional().meta({
    description:
      '`deadline`: soonest first (overdue first), journeys without one last; `-deadline`: latest first; `-updatedAt`: last changed first; `escalatedAt`: escalated longest ago first, those not escalated last. Ties in id order; without it, id order.',
  }),
  format: z.enum(['csv', 'xlsx']).optional().meta({
    description:
      'The whole filtered list as a file, in `sort` order, instead of a page (`limit` and `cursor` are ignored): `csv` (UTF-8 with a byte-order mark, for Excel) or `xlsx`, Chinese headers, names not codes, times in Beijing time. At most 100,000 rows: a filter matching more is a 400 (`export.too_many_rows`); narrow it and export in parts.',
  }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .max(200)
    .optional()
    .meta({ description: '`nextCursor` of the previous page, with the same `sort`.' }),
});
export type ListJourneys = z.infer<typeof listJourneysSchema>;

/** The summary counts over what the list would show, without its order or page. */
export const journeySummaryQuerySchema = z.strictObject(journeyFilters);
export type JourneySummaryQuery = z.infer<typeof journeySummaryQuerySchema>;

export const journeySummarySchema = z
  .object({
    total: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    overdue: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .meta({ description: 'Past the deadline while someone must act.' }),
    dueWithin7Days: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .meta({ description: 'Deadline within the next 7 days, not overdue, someone must act.' }),
  })
  .meta({ id: 'JourneySummary' });

/** A journey id as `journeyId` writes it; the route takes any text, and one of another shape names nothing (404). */
export const journeyIdParams = z.object({
  id: z.string().max(100).meta({
    description: '`journey-<round id>-<USCC>`',
    example: 'journey-0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d-91330106MA2B3C4D5X',
  }),
});
