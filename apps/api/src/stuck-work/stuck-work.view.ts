import { z } from 'zod';
import { timestamp } from '../common/api-contract';

export const stuckActivitySchema = z
  .object({
    id: z
      .uuid()
      .meta({ description: 'The stuck activity, as `/v1/stuck-work/{id}/skip` and `/retry` name it.' }),
    workflowId: z.string().max(200),
    journeyId: z
      .string()
      .max(200)
      .nullable()
      .meta({ description: "The journey whose activity it is; null for another workflow's (a launch)." }),
    enterpriseName: z.string().max(200).nullable(),
    roundId: z.string().max(200).nullable(),
    roundName: z.string().max(200).nullable(),
    activityType: z.string().max(100).meta({ example: 'sendNotification' }),
    emailTemplate: z
      .string()
      .max(100)
      .nullable()
      .meta({ description: 'The email it sends, when it sends one.', example: 'reminder' }),
    attempts: z.number().int().min(1).meta({ description: 'Failed attempts the worker recorded.' }),
    since: timestamp.meta({ description: 'Its first failure.' }),
    lastFailedAt: timestamp,
    lastError: z.string().max(500),
    skipRequested: z
      .boolean()
      .meta({ description: 'An admin skipped it; its next attempt completes without sending.' }),
    canSkip: z.boolean().meta({ description: 'Only an email can be skipped, once.' }),
  })
  .meta({ id: 'StuckActivity' });
export type StuckActivityView = z.input<typeof stuckActivitySchema>;

export const stuckWorkSchema = z.object({
  items: z.array(stuckActivitySchema).max(200),
  minAttempts: z.number().int(),
  olderThanMinutes: z.number().int(),
});
