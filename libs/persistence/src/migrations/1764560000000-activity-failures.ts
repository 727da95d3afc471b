import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stuck work: one row per activity execution that has failed at least once (`attempts` counts the
 * failures the worker saw), resolved once it succeeds, gives up or an operator skips it. An email an
 * operator skipped is `skipped` in `emails`, with who skipped it.
 *
 * The partial indexes serve the only reads: the open rows (the admin list, the worker marking one
 * resolved) and the skips the email activity looks up by its key.
 */
export class ActivityFailures1764560000000 implements MigrationInterface {
  name = 'ActivityFailures1764560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE activity_failures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workflow_id text NOT NULL,
        run_id text NOT NULL,
        activity_id text NOT NULL,
        activity_type text NOT NULL,
        email_key text,
        email_template text,
        attempts integer NOT NULL DEFAULT 1,
        last_attempt integer NOT NULL,
        first_failed_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        last_error text NOT NULL,
        resolved_at timestamptz,
        resolution text,
        skip_requested_by uuid,
        skip_requested_at timestamptz,
        UNIQUE (workflow_id, run_id, activity_id)
      )`);
    await q.query(
      `CREATE INDEX activity_failures_open ON activity_failures (workflow_id, run_id, activity_id) WHERE resolved_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX activity_failures_skips ON activity_failures (email_key) WHERE skip_requested_at IS NOT NULL`,
    );
    await q.query(`ALTER TABLE emails ADD COLUMN skipped_by uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE emails DROP COLUMN skipped_by`);
    await q.query(`DROP TABLE activity_failures`);
  }
}
