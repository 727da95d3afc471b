import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a round's reminders and escalations were paused (`POST /v1/rounds/{id}/pause`), null while
 * they run. Settings changed while a round runs are stored in its `settings` column as before; the
 * change itself is in the audit log.
 */
export class RoundPausedAt1764730000000 implements MigrationInterface {
  name = 'RoundPausedAt1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rounds ADD COLUMN paused_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rounds DROP COLUMN paused_at`);
  }
}
