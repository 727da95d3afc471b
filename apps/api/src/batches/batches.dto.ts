import { z } from 'zod';
import {
  ALL_BATCH_ACTIONS,
  BATCH_ACTIONS,
  BATCH_MAX_JOURNEYS,
  BATCH_OUTCOMES,
  BATCH_STATUSES,
  STEPS,
} from '@uplift/domain';
import { messageCodeSchema, timestamp } from '../common/api-contract';
import { journeySummaryQuerySchema } from '../journeys/journeys.dto';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const batchFields = {
  roundId: z.uuid().meta({ description: 'The round whose journeys the batch acts on.' }),
  action: z.enum(BATCH_ACTIONS).meta({ description: 'The step taken on each journey.' }),
  journeyIds: z
    .array(z.string().max(100))
    .min(1)
    .max(BATCH_MAX_JOURNEYS)
    .optional()
    .meta({ description: 'The journeys, by id: each of the round and within your scope. Or give `filter`.' }),
  filter: journeySummaryQuerySchema.optional().meta({
    description:
      'Every journey of the round that `GET /v1/journeys` lists with these filters (as query values: `stalled: "true"`), fixed when the batch is made. Or give `journeyIds`.',
  }),
};

/** The body as validated: `payload` is checked against the action's own step schema afterwards. */
export const createBatchSchema = z.strictObject({
  ...batchFields,
  payload: z.record(z.string(), z.unknown()),
});
export type CreateBatch = z.infer<typeof createBatchSchema>;

/** The body as the document shows it: `payload` is the body of the action's own step route. */
export const createBatchDocSchema = z.strictObject({
  ...batchFields,
  payload: z
    .union([
      STEPS['screening-decision'].schema,
      STEPS.assignment.schema,
      STEPS.reassignment.schema,
      STEPS.withdrawal.schema,
    ])
    .meta({
      description:
        "The body of the action's step route (`POST /v1/journeys/{id}/<action>`); for a reassignment, `fromCertificationBodyId` keeps the batch to journeys of that body.",
    }),
});

export const batchCreatedSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(BATCH_STATUSES),
    total: count.meta({ description: 'Journeys selected.' }),
  })
  .meta({ id: 'BatchCreated' });

const batchSummaryShape = {
  id: z.uuid(),
  roundId: z.uuid(),
  action: z.enum(ALL_BATCH_ACTIONS).meta({
    description:
      "The step taken; `round-settings` is a round's own change (settings, pause, resume) reaching its journeys.",
  }),
  status: z.enum(BATCH_STATUSES),
  total: count,
  applied: count,
  refused: count,
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
};

export const batchSummarySchema = z.object(batchSummaryShape).meta({ id: 'BatchSummary' });

export const batchItemSchema = z
  .object({
    journeyId: z.string().max(100),
    outcome: z.enum(BATCH_OUTCOMES),
    code: messageCodeSchema.optional(),
    message: z
      .string()
      .max(1000)
      .optional()
      .meta({ description: "Why the journey's own rules refused the step, in the request's language." }),
  })
  .meta({ id: 'BatchItem' });

export const batchViewSchema = z
  .object({ ...batchSummaryShape, items: z.array(batchItemSchema).max(BATCH_MAX_JOURNEYS) })
  .meta({ id: 'Batch' });

export const batchListSchema = z.object({
  items: z.array(batchSummarySchema).max(100),
  nextCursor: z.string().max(200).nullable().meta({ description: 'Pass as `cursor` for the next page.' }),
});

export const listBatchesSchema = z.strictObject({
  roundId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().meta({ description: '`nextCursor` of the previous page.' }),
});
export type ListBatches = z.infer<typeof listBatchesSchema>;

export const batchQuerySchema = z.strictObject({
  outcome: z
    .enum(BATCH_OUTCOMES)
    .optional()
    .meta({ description: 'Only the items with this outcome (the refused ones, say); all without it.' }),
});
export type BatchQuery = z.infer<typeof batchQuerySchema>;

export const batchIdParams = z.object({ id: z.uuid().meta({ description: "The batch's id." }) });
