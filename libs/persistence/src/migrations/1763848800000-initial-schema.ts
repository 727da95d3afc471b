import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763848800000 implements MigrationInterface {
  name = 'InitialSchema1763848800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certification_bodies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        email text NOT NULL,
        locale text NOT NULL DEFAULT 'zh-CN',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE principals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        role text NOT NULL CHECK (role IN ('admin', 'regulator', 'certification_body')),
        name text NOT NULL,
        email text NOT NULL,
        region_code text,
        certification_body_id uuid REFERENCES certification_bodies(id),
        key_prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        is_bootstrap boolean NOT NULL DEFAULT false,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX principals_one_bootstrap ON principals (is_bootstrap) WHERE is_bootstrap`,
    );
    await q.query(`
      CREATE TABLE rounds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        region_code text NOT NULL,
        status text NOT NULL DEFAULT 'open',
        settings jsonb NOT NULL,
        created_by uuid NOT NULL REFERENCES principals(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE journeys (
        id text PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES rounds(id),
        uscc text NOT NULL,
        enterprise jsonb NOT NULL,
        region_code text NOT NULL,
        industry_code text NOT NULL,
        stage text NOT NULL,
        stalled boolean NOT NULL DEFAULT false,
        deadline timestamptz,
        certification_body_id uuid REFERENCES certification_bodies(id),
        state jsonb,
        version integer NOT NULL DEFAULT 0,
        launched_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (round_id, uscc)
      )`);
    await q.query(`CREATE INDEX journeys_round_stage ON journeys (round_id, stage)`);
    await q.query(`CREATE INDEX journeys_region ON journeys (region_code)`);
    await q.query(`CREATE INDEX journeys_body ON journeys (certification_body_id)`);
    await q.query(`CREATE INDEX journeys_unlaunched ON journeys (round_id) WHERE launched_at IS NULL`);
    await q.query(`
      CREATE TABLE emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL UNIQUE,
        journey_id text,
        template text NOT NULL,
        recipient text NOT NULL,
        subject text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        message_id text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['emails', 'journeys', 'rounds', 'principals', 'certification_bodies']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
