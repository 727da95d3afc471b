import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a journey was escalated to its round's regulator, while it still is (null once a step or a new
 * stall clears the escalation): the regulator's escalations list, oldest first. A row escalated
 * before this column is filled from its stored state at its last write, the best time it knows.
 */
export class JourneyEscalatedAt1764610000000 implements MigrationInterface {
  name = 'JourneyEscalatedAt1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE journeys ADD COLUMN escalated_at timestamptz`);
    await q.query(
      `UPDATE journeys SET escalated_at = (state ->> 'updatedAt')::timestamptz
        WHERE (state ->> 'escalated')::boolean IS TRUE`,
    );
    await q.query(
      `CREATE INDEX journeys_escalated ON journeys (escalated_at, id) WHERE escalated_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX journeys_escalated`);
    await q.query(`ALTER TABLE journeys DROP COLUMN escalated_at`);
  }
}
