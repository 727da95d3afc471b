import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An `Idempotency-Key` claim's liveness, apart from its age: the process running the request
 * renews `heartbeat_at` every few seconds, and a repeat takes over a claim whose heartbeat stopped
 * (its API died mid-request). `created_at` stays when the key was first used, for retention.
 */
export class IdempotencyHeartbeat1763970000000 implements MigrationInterface {
  name = 'IdempotencyHeartbeat1763970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN heartbeat_at timestamptz NOT NULL DEFAULT now()`);
    // Rows claimed before this column: their age was their liveness.
    await q.query(`UPDATE idempotency_keys SET heartbeat_at = created_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN heartbeat_at`);
  }
}
