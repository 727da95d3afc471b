import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { PrincipalEntity } from '@uplift/persistence';
import { annotateAudit } from '../common/audit';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiContract } from '../common/api-contract';
import { ZodPipe } from '../common/zod-validation';
import { StuckWorkService } from './stuck-work.service';
import { stuckActivitySchema, stuckWorkSchema } from './stuck-work.view';

/**
 * The defaults: an email is retried every 5 s doubling to every 10 min, so ten failures is about
 * half an hour of an SMTP server refusing; an hour catches whatever fails more slowly.
 */
export const STUCK_DEFAULTS = { minAttempts: 10, olderThanMinutes: 60 } as const;

export const stuckWorkQuerySchema = z.strictObject({
  minAttempts: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(STUCK_DEFAULTS.minAttempts)
    .meta({ description: 'Listed once it has failed this many times…' }),
  olderThanMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(525_600)
    .default(STUCK_DEFAULTS.olderThanMinutes)
    .meta({ description: '…or has been failing for this many minutes.' }),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
type StuckWorkQuery = z.infer<typeof stuckWorkQuerySchema>;

const idParams = z.object({ id: z.uuid().meta({ description: 'The stuck activity.' }) });

@ApiTags('stuck work')
@Controller('v1/stuck-work')
export class StuckWorkController {
  constructor(private readonly stuck: StuckWorkService) {}

  @Get()
  @Roles('admin')
  @ApiContract({
    summary: 'List stuck work',
    description:
      'Activities Temporal keeps retrying (an email to a mail server that is down), the oldest first: those that failed at least `minAttempts` times or have been failing for `olderThanMinutes`, with their journey, attempts and last error.',
    query: stuckWorkQuerySchema,
    ok: { description: 'The stuck activities.', schema: stuckWorkSchema },
    errors: { 400: 'invalid query' },
  })
  async list(@Query(new ZodPipe(stuckWorkQuerySchema, 'query')) q: StuckWorkQuery) {
    return {
      items: await this.stuck.list(q),
      minAttempts: q.minAttempts,
      olderThanMinutes: q.olderThanMinutes,
    };
  }

  @Post(':id/skip')
  @HttpCode(200)
  @Roles('admin')
  @ApiContract({
    summary: 'Skip a stuck email',
    description:
      'The email is never sent: its next attempt, run at once, completes without sending and records the email `skipped` with who skipped it; the journey goes on.',
    params: idParams,
    ok: { description: 'The stuck activity, its skip recorded.', schema: stuckActivitySchema },
    errors: {
      404: 'stuck activity not found (or already resolved)',
      409: 'only an email can be skipped; or it no longer waits for a retry',
    },
  })
  async skip(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @CurrentPrincipal() principal: PrincipalEntity,
    @Req() request: object,
  ) {
    const view = await this.stuck.skip(id, principal.id);
    annotateAudit(request, { workflowId: view.workflowId, activityType: view.activityType });
    return view;
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiContract({
    summary: 'Retry stuck work now',
    description:
      "Runs the activity's next attempt at once rather than after its backoff (Temporal's ResetActivity: its attempt count starts again at 1).",
    params: idParams,
    ok: { description: 'The stuck activity, its next attempt scheduled.', schema: stuckActivitySchema },
    errors: {
      404: 'stuck activity not found (or already resolved)',
      409: 'it no longer waits for a retry',
    },
  })
  async retry(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @CurrentPrincipal() principal: PrincipalEntity,
    @Req() request: object,
  ) {
    const view = await this.stuck.retry(id, principal.id);
    annotateAudit(request, { workflowId: view.workflowId, activityType: view.activityType });
    return view;
  }
}
