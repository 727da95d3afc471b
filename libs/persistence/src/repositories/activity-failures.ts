import { type DataSource, IsNull } from 'typeorm';
import { ActivityFailureEntity, type ActivityFailureResolution } from '../entities/activity-failure.entity';

/** One activity execution: a workflow run's activity id. */
export interface ActivityExecution {
  workflowId: string;
  runId: string;
  activityId: string;
}

export interface FailedAttempt extends ActivityExecution {
  activityType: string;
  attempt: number;
  error: string;
  emailKey: string | null;
  emailTemplate: string | null;
}

export interface StuckFilter {
  /** Listed once it has failed this many times... */
  minAttempts: number;
  /** ...or has been failing since at least this long ago. */
  failingSince: Date;
  limit: number;
}

/** Longer errors are cut: the list shows what went wrong, the worker's log keeps the rest. */
export const MAX_ERROR_LENGTH = 500;

/** The failures of activities Temporal keeps retrying, and the skips operators asked for. */
export interface ActivityFailureLog {
  recordFailure(attempt: FailedAttempt): Promise<void>;
  /** Marks the execution's open failure, if any, resolved. */
  resolve(execution: ActivityExecution, resolution: ActivityFailureResolution): Promise<void>;
  /** Who asked that the email with this key be skipped, if anyone did. */
  skipRequestedBy(emailKey: string): Promise<string | null>;
  /** Open failures that failed often or long enough, the oldest first. */
  stuck(filter: StuckFilter): Promise<ActivityFailureEntity[]>;
  findOpen(id: string): Promise<ActivityFailureEntity | null>;
  /** Records an operator's skip of an open email failure; false when there is none to skip. */
  requestSkip(id: string, principalId: string): Promise<boolean>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class SqlActivityFailureLog implements ActivityFailureLog {
  constructor(private readonly dataSource: DataSource) {}

  async recordFailure(a: FailedAttempt): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO activity_failures
         (workflow_id, run_id, activity_id, activity_type, email_key, email_template, attempts, last_attempt, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)
       ON CONFLICT (workflow_id, run_id, activity_id) DO UPDATE SET
         attempts = activity_failures.attempts + 1,
         last_attempt = EXCLUDED.last_attempt,
         last_failed_at = now(),
         last_error = EXCLUDED.last_error,
         resolved_at = NULL,
         resolution = NULL`,
      [
        a.workflowId,
        a.runId,
        a.activityId,
        a.activityType,
        a.emailKey,
        a.emailTemplate,
        a.attempt,
        a.error.slice(0, MAX_ERROR_LENGTH),
      ],
    );
  }

  async resolve(e: ActivityExecution, resolution: ActivityFailureResolution): Promise<void> {
    await this.dataSource.query(
      `UPDATE activity_failures SET resolved_at = now(), resolution = $4
       WHERE workflow_id = $1 AND run_id = $2 AND activity_id = $3 AND resolved_at IS NULL`,
      [e.workflowId, e.runId, e.activityId, resolution],
    );
  }

  async skipRequestedBy(emailKey: string): Promise<string | null> {
    const rows = (await this.dataSource.query(
      `SELECT skip_requested_by FROM activity_failures
       WHERE email_key = $1 AND skip_requested_at IS NOT NULL LIMIT 1`,
      [emailKey],
    )) as { skip_requested_by: string }[];
    return rows[0]?.skip_requested_by ?? null;
  }

  stuck(f: StuckFilter): Promise<ActivityFailureEntity[]> {
    return this.dataSource
      .getRepository(ActivityFailureEntity)
      .createQueryBuilder('f')
      .where('f.resolved_at IS NULL')
      .andWhere('(f.attempts >= :minAttempts OR f.first_failed_at <= :since)', {
        minAttempts: f.minAttempts,
        since: f.failingSince,
      })
      .orderBy('f.first_failed_at', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .take(f.limit)
      .getMany();
  }

  async findOpen(id: string): Promise<ActivityFailureEntity | null> {
    if (!UUID.test(id)) return null;
    return this.dataSource.getRepository(ActivityFailureEntity).findOneBy({ id, resolvedAt: IsNull() });
  }

  async requestSkip(id: string, principalId: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const result = (await this.dataSource.query(
      `UPDATE activity_failures SET skip_requested_by = $2, skip_requested_at = now()
       WHERE id = $1 AND resolved_at IS NULL AND email_key IS NOT NULL
       RETURNING id`,
      [id, principalId],
    )) as [unknown[], number];
    return result[1] > 0;
  }
}
