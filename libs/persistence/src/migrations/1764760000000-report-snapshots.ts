import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Frozen reports: a bureau's figures as of the moment it froze them, with the query that made them,
 * so a number printed in a notice can be shown again after journeys moved on. Rows are never changed
 * or removed: a trigger refuses UPDATE and DELETE, whatever the application asks.
 */
export class ReportSnapshots1764760000000 implements MigrationInterface {
  name = 'ReportSnapshots1764760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE report_snapshots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        as_of timestamptz NOT NULL DEFAULT now(),
        created_by uuid NOT NULL,
        region_code text NOT NULL,
        query jsonb NOT NULL,
        report jsonb NOT NULL
      )`,
    );
    await q.query(`CREATE INDEX report_snapshots_region ON report_snapshots (region_code, as_of DESC, id)`);
    await q.query(
      `CREATE FUNCTION report_snapshots_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'report snapshots are immutable'; END $$`,
    );
    await q.query(
      `CREATE TRIGGER report_snapshots_frozen BEFORE UPDATE OR DELETE ON report_snapshots
         FOR EACH ROW EXECUTE FUNCTION report_snapshots_frozen()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_snapshots`);
    await q.query(`DROP FUNCTION report_snapshots_frozen()`);
  }
}
