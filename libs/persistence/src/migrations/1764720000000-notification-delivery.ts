import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of emails people can live with (issue 14): each person's choice of digests or immediate
 * emails (null: as the round says), the journey's assignee in the read model, emails held back until
 * the round's working hours open, and the reminders and escalations gathered into a person's daily
 * digest. Old rows need nothing: a null mode follows the round, and no email waits yet.
 */
export class NotificationDelivery1764720000000 implements MigrationInterface {
  name = 'NotificationDelivery1764720000000';

  async up(q: QueryRunner): Promise<void> {
    // IF NOT EXISTS: the API's notification setting adds the same column in its own migration.
    await q.query(
      `ALTER TABLE principals ADD COLUMN IF NOT EXISTS notification_mode text
         CHECK (notification_mode IN ('digest', 'immediate'))`,
    );
    await q.query(`ALTER TABLE journeys ADD COLUMN assignee_id uuid`);
    await q.query(
      `UPDATE journeys SET assignee_id = (state ->> 'assigneeId')::uuid WHERE state ->> 'assigneeId' IS NOT NULL`,
    );
    // One row per email held back: the dispatcher sends it once `not_before` has come, by its key.
    await q.query(`
      CREATE TABLE deferred_emails (
        key text PRIMARY KEY,
        command jsonb NOT NULL,
        not_before timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX deferred_emails_due ON deferred_emails (not_before) WHERE sent_at IS NULL`);
    // One row per email a digest replaces. `digest_key` is set, in one transaction, when a digest
    // claims the row: a digest resent after a crash lists the same rows, and no row is listed twice.
    await q.query(`
      CREATE TABLE digest_items (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        recipient text NOT NULL,
        journey_id text NOT NULL,
        round_id uuid NOT NULL,
        stage text NOT NULL,
        step text NOT NULL,
        template text NOT NULL,
        stalled_since text,
        created_at timestamptz NOT NULL DEFAULT now(),
        digest_key text,
        UNIQUE (recipient, key)
      )`);
    await q.query(`CREATE INDEX digest_items_waiting ON digest_items (recipient) WHERE digest_key IS NULL`);
    await q.query(
      `CREATE INDEX digest_items_claimed ON digest_items (digest_key) WHERE digest_key IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE digest_items`);
    await q.query(`DROP TABLE deferred_emails`);
    await q.query(`ALTER TABLE journeys DROP COLUMN assignee_id`);
    await q.query(`ALTER TABLE principals DROP COLUMN IF EXISTS notification_mode`);
  }
}
