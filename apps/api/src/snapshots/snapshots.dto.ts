import { z } from 'zod';
import { divisionCode } from '@uplift/domain';
import { timestamp } from '../common/api-contract';

/** What to freeze: one round's report, or a campaign year's for a division. */
export const createSnapshotSchema = z.union([
  z.strictObject({ roundId: z.uuid() }),
  z.strictObject({
    year: z.number().int().min(2000).max(2100),
    regionCode: divisionCode.optional(),
  }),
]);
export type CreateSnapshot = z.infer<typeof createSnapshotSchema>;

const snapshotHead = {
  id: z.uuid(),
  asOf: timestamp.meta({ description: 'When the figures were frozen.' }),
  createdBy: z.uuid(),
  regionCode: divisionCode.meta({ description: 'The division the figures cover, as their author saw them.' }),
  query: z
    .record(z.string().max(20), z.union([z.string().max(100), z.number()]))
    .meta({ description: 'The query that made the report: `{ roundId }` or `{ year, regionCode }`.' }),
};

export const snapshotSchema = z
  .object({
    ...snapshotHead,
    report: z.record(z.string().max(100), z.unknown()).meta({
      description: 'The report exactly as it was answered at `asOf`: a RoundReport or a YearReport.',
    }),
  })
  .meta({ id: 'ReportSnapshot' });

export const snapshotListSchema = z.object({ items: z.array(z.object(snapshotHead)).max(200) });

export const snapshotListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const snapshotIdParams = z.object({ id: z.uuid() });
