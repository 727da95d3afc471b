import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk actions run as background batches: one `batches` row per request, one `batch_items` row per
 * selected journey, fixed when the batch is made (a filter is resolved then, so what the person saw
 * is what the batch works through). An item's outcome is null until the batch workflow's activity
 * has sent the journey its step; `pending_items` serves the activity's "what is left" read.
 */
export class Batches1764600000000 implements MigrationInterface {
  name = 'Batches1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL REFERENCES rounds(id),
        action text NOT NULL,
        payload jsonb NOT NULL,
        actor jsonb NOT NULL,
        created_by uuid NOT NULL,
        scope_region text NOT NULL,
        total integer NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'running',
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX batches_round ON batches (round_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE batch_items (
        batch_id uuid NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
        position integer NOT NULL,
        journey_id text NOT NULL,
        outcome text,
        code text,
        params jsonb,
        message text,
        done_at timestamptz,
        PRIMARY KEY (batch_id, position),
        UNIQUE (batch_id, journey_id)
      )`);
    await q.query(
      `CREATE INDEX batch_items_pending ON batch_items (batch_id, position) WHERE outcome IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE batch_items`);
    await q.query(`DROP TABLE batches`);
  }
}
