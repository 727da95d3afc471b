import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, "Accounts for people": a person's password and lockout (`credentials`, one row per
 * principal that has ever had a password), the console's server-side sessions, the one-time tokens
 * of invitations and password resets (only their SHA-256 is stored, like the sessions'), and
 * `audit_log.action`, which names what a sign-in route did (`sign_in`, `account_locked`, ...).
 */
export class Accounts1764400000000 implements MigrationInterface {
  name = 'Accounts1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credentials (
        principal_id uuid PRIMARY KEY REFERENCES principals(id) ON DELETE CASCADE,
        password_hash text NOT NULL,
        password_set_at timestamptz NOT NULL DEFAULT now(),
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz
      )`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        principal_id uuid NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX sessions_principal ON sessions (principal_id)`);
    await q.query(`CREATE INDEX sessions_expires ON sessions (expires_at)`);
    await q.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('invitation', 'password_reset')),
        token_hash text NOT NULL UNIQUE,
        principal_id uuid NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX account_tokens_principal ON account_tokens (principal_id, kind)`);
    await q.query(`CREATE INDEX principals_email_lower ON principals (lower(email))`);
    await q.query(`ALTER TABLE audit_log ADD COLUMN action text`);
    await q.query(`CREATE INDEX audit_log_action ON audit_log (action, id) WHERE action IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_action`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN action`);
    await q.query(`DROP INDEX principals_email_lower`);
    await q.query(`DROP TABLE account_tokens`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE credentials`);
  }
}
