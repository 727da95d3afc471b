import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4, "Access and input you can trust": idempotency keys, the audit log, and the hash of the
 * UPLIFT_ADMIN_KEY last applied, so a key rotated through the API is not undone at the next start.
 */
export class AccessAndAudit1763900000000 implements MigrationInterface {
  name = 'AccessAndAudit1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        principal_id uuid NOT NULL REFERENCES principals(id),
        key text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'done')),
        status_code integer,
        response text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (principal_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        principal_id uuid REFERENCES principals(id),
        request_id text NOT NULL,
        method text NOT NULL,
        route text NOT NULL,
        target_id text,
        status_code integer NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('succeeded', 'refused', 'failed')),
        ip text,
        details jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_principal ON audit_log (principal_id, id)`);
    await q.query(`CREATE INDEX audit_log_target ON audit_log (target_id, id)`);
    await q.query(`CREATE INDEX audit_log_at ON audit_log (at)`);
    await q.query(`ALTER TABLE principals ADD COLUMN bootstrap_source_hash text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE principals DROP COLUMN bootstrap_source_hash`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
