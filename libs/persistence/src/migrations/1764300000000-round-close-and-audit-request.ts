import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `rounds.close_finished_at`: when the background close of a round had ended every open journey
 * (the round is `closed` from the request on). `audit_log.client_request_id`: the `X-Request-Id` a
 * client sent, kept apart from the server's own request id.
 */
export class RoundCloseAndAuditRequest1764300000000 implements MigrationInterface {
  name = 'RoundCloseAndAuditRequest1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rounds ADD COLUMN close_finished_at timestamptz`);
    // Rounds closed before this column were closed inside the request: their close had finished.
    await q.query(`UPDATE rounds SET close_finished_at = closed_at WHERE status = 'closed'`);
    await q.query(`ALTER TABLE audit_log ADD COLUMN client_request_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP COLUMN client_request_id`);
    await q.query(`ALTER TABLE rounds DROP COLUMN close_finished_at`);
  }
}
