import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EvaluationLinks1763950000000 implements MigrationInterface {
  name = 'EvaluationLinks1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        journey_id text NOT NULL REFERENCES journeys(id),
        evaluation integer NOT NULL CHECK (evaluation > 0),
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX evaluation_links_journey ON evaluation_links (journey_id, evaluation)`);
    await q.query(`CREATE INDEX journeys_stalled ON journeys (round_id) WHERE stalled`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX journeys_stalled`);
    await q.query(`DROP TABLE evaluation_links`);
  }
}
