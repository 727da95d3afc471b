import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@uplift/domain';
import {
  ACTIVITY_FAILURE_LOG,
  JOURNEY_REPOSITORY,
  ROUND_REPOSITORY,
  type ActivityFailureEntity,
  type ActivityFailureLog,
  type JourneyRepository,
  type RoundRepository,
} from '@uplift/persistence';
import { ActivityControl } from '@uplift/temporal';
import type { StuckActivityView } from './stuck-work.view';

export interface StuckWorkQuery {
  minAttempts: number;
  olderThanMinutes: number;
  limit: number;
}

/** Activities Temporal keeps retrying, and an admin's two ways out: run it now, or skip the email. */
@Injectable()
export class StuckWorkService {
  constructor(
    @Inject(ACTIVITY_FAILURE_LOG) private readonly failures: ActivityFailureLog,
    @Inject(JOURNEY_REPOSITORY) private readonly journeys: Pick<JourneyRepository, 'find'>,
    @Inject(ROUND_REPOSITORY) private readonly rounds: Pick<RoundRepository, 'find'>,
    private readonly control: ActivityControl,
  ) {}

  async list(q: StuckWorkQuery): Promise<StuckActivityView[]> {
    const rows = await this.failures.stuck({
      minAttempts: q.minAttempts,
      failingSince: new Date(Date.now() - q.olderThanMinutes * 60_000),
      limit: q.limit,
    });
    return Promise.all(rows.map((f) => this.view(f)));
  }

  /** Records the skip and runs the email's next attempt at once, which then completes without sending. */
  async skip(id: string, principalId: string): Promise<StuckActivityView> {
    const failure = await this.open(id);
    if (!failure.emailKey) throw ConflictError.of('stuck_work.not_an_email');
    if (!(await this.failures.requestSkip(id, principalId))) throw ConflictError.of('stuck_work.not_pending');
    // An attempt already running finishes first; the skip is honoured by the one run now.
    if ((await this.runNow(failure, principalId)) === 'not_pending') {
      await this.failures.resolve(failure, 'gone');
      throw ConflictError.of('stuck_work.not_pending');
    }
    return this.view({ ...failure, skipRequestedBy: principalId, skipRequestedAt: new Date() });
  }

  /** Runs the activity's next attempt at once instead of after its backoff. */
  async retry(id: string, principalId: string): Promise<StuckActivityView> {
    const failure = await this.open(id);
    if ((await this.runNow(failure, principalId)) === 'not_pending') {
      await this.failures.resolve(failure, 'gone');
      throw ConflictError.of('stuck_work.not_pending');
    }
    return this.view(failure);
  }

  private runNow(f: ActivityFailureEntity, principalId: string) {
    return this.control.runNow(f, `uplift-api:${principalId}`);
  }

  private async open(id: string): Promise<ActivityFailureEntity> {
    const failure = await this.failures.findOpen(id);
    if (!failure) throw new NotFoundError('stuck activity');
    return failure;
  }

  private async view(f: ActivityFailureEntity): Promise<StuckActivityView> {
    const journey = await this.journeys.find(f.workflowId);
    const round = journey ? await this.rounds.find(journey.roundId) : null;
    const skipRequested = f.skipRequestedAt !== null;
    return {
      id: f.id,
      workflowId: f.workflowId,
      journeyId: journey?.id ?? null,
      enterpriseName: journey?.enterprise.name ?? null,
      roundId: journey?.roundId ?? null,
      roundName: round?.name ?? null,
      activityType: f.activityType,
      emailTemplate: f.emailTemplate,
      attempts: f.attempts,
      since: f.firstFailedAt,
      lastFailedAt: f.lastFailedAt,
      lastError: f.lastError,
      skipRequested,
      canSkip: f.emailKey !== null && !skipRequested,
    };
  }
}
