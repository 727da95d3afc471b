import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typed copies of what the campaign KPIs need, written with the read model, so a report over a
 * national round aggregates narrow columns instead of parsing 60,000 JSON states.
 */
export class ReportColumns1763960000000 implements MigrationInterface {
  name = 'ReportColumns1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE journeys
        ADD COLUMN industry_section text,
        ADD COLUMN assistance_completed boolean NOT NULL DEFAULT false,
        ADD COLUMN certification_outcome text,
        ADD COLUMN evaluations_answered integer NOT NULL DEFAULT 0,
        ADD COLUMN satisfaction text,
        ADD COLUMN effectiveness text,
        ADD COLUMN baseline_revenue numeric, ADD COLUMN latest_revenue numeric,
        ADD COLUMN baseline_sales numeric, ADD COLUMN latest_sales numeric,
        ADD COLUMN baseline_profit_margin numeric, ADD COLUMN latest_profit_margin numeric,
        ADD COLUMN baseline_quality_cost_rate numeric, ADD COLUMN latest_quality_cost_rate numeric,
        ADD COLUMN baseline_first_pass_yield numeric, ADD COLUMN latest_first_pass_yield numeric`);
    // GB/T 4754-2017 sections by division, for rows stored before this column existed.
    await q.query(`
      UPDATE journeys SET industry_section = CASE
        WHEN industry_code ~ '^[A-T]' THEN left(industry_code, 1)
        ELSE (SELECT s FROM (VALUES ('A',1,5),('B',6,12),('C',13,43),('D',44,46),('E',47,50),('F',51,52),('G',53,60),
                ('H',61,62),('I',63,65),('J',66,69),('K',70,70),('L',71,72),('M',73,75),('N',76,79),('O',80,82),
                ('P',83,83),('Q',84,85),('R',86,90),('S',91,96),('T',97,97)) AS r(s, lo, hi)
              WHERE left(industry_code, 2)::int BETWEEN lo AND hi)
      END`);
    await q.query(`CREATE INDEX journeys_round_body ON journeys (round_id, certification_body_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX journeys_round_body`);
    for (const c of [
      'industry_section',
      'assistance_completed',
      'certification_outcome',
      'evaluations_answered',
      'satisfaction',
      'effectiveness',
      'baseline_revenue',
      'latest_revenue',
      'baseline_sales',
      'latest_sales',
      'baseline_profit_margin',
      'latest_profit_margin',
      'baseline_quality_cost_rate',
      'latest_quality_cost_rate',
      'baseline_first_pass_yield',
      'latest_first_pass_yield',
    ]) {
      await q.query(`ALTER TABLE journeys DROP COLUMN ${c}`);
    }
  }
}
