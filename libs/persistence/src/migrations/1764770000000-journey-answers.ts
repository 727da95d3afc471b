import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The figures an answer may carry, as the survey stores them (`REPORT_METRICS` when this was written). */
const METRICS = [
  ['revenue', 'revenue'],
  ['sales', 'sales'],
  ['profitMargin', 'profit_margin'],
  ['qualityCostRate', 'quality_cost_rate'],
  ['firstPassYield', 'first_pass_yield'],
  ['repurchaseRate', 'repurchase_rate'],
  ['overseasSales', 'overseas_sales'],
] as const;

/**
 * The survey's answers one row each (`journey_answers`), typed, so the regulator's figures are sums
 * in SQL over 60,000 journeys instead of 30 MB of JSON folded in Node. A pure projection of the
 * `survey` column, kept by triggers on `journeys`: whatever writes the read model (the writer, a
 * backfill, a seed) writes the survey once and its rows follow in the same transaction. The rules
 * (what counts as satisfied, improved, measured) stay in the report's query; the rows carry the
 * answers as given, `latest` marking each journey's last answered wave, and the journey's keys the
 * report groups and scopes by. Each figure's change is kept beside it, as the report defines it
 * (`FIGURE_METHODS.change`: over |baseline|, in percent, null without both figures or with a zero
 * baseline), in the same float8 operations, in the same order, as the Node fold made them.
 */
export class JourneyAnswers1764770000000 implements MigrationInterface {
  name = 'JourneyAnswers1764770000000';

  async up(q: QueryRunner): Promise<void> {
    const figures = METRICS.flatMap(([, c]) => [
      `before_${c} float8`,
      `after_${c} float8`,
      `change_${c} float8`,
    ]);
    await q.query(
      `CREATE TABLE journey_answers (
        journey_id text NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
        n integer NOT NULL,
        round_id uuid NOT NULL,
        region_code text NOT NULL,
        industry_code text NOT NULL,
        certification_body_id uuid,
        latest boolean NOT NULL,
        via text NOT NULL,
        satisfaction text,
        effectiveness text,
        follow_up_satisfaction text,
        improvements text[],
        problems_solved float8,
        ${figures.join(',\n        ')}
      )`,
    );
    // No key on (journey, wave): a survey the writer got wrong must not stop the journey's write.
    await q.query(`CREATE INDEX journey_answers_journey ON journey_answers (journey_id)`);
    await q.query(`CREATE INDEX journey_answers_round ON journey_answers (round_id)`);
    // A number only when the survey holds one (JSON null, absent or not a number: not asked).
    await q.query(
      `CREATE FUNCTION survey_number(v jsonb) RETURNS float8 LANGUAGE sql IMMUTABLE AS
         $$ SELECT CASE WHEN jsonb_typeof(v) = 'number' THEN v::float8 END $$`,
    );
    const number = (side: 'before' | 'after', key: string) =>
      side === 'before'
        ? `survey_number(j.survey -> 'baseline' -> '${key}')`
        : `survey_number(a -> 'metrics' -> '${key}')`;
    await q.query(
      `CREATE FUNCTION journey_answer_rows(j journeys) RETURNS SETOF journey_answers LANGUAGE sql STABLE AS $$
         SELECT j.id, (a ->> 'n')::int, j.round_id, j.region_code, j.industry_code, j.certification_body_id,
                (a ->> 'n')::int = max((a ->> 'n')::int) OVER (), a ->> 'via', a ->> 'satisfaction',
                a ->> 'effectiveness', a ->> 'followUpSatisfaction',
                CASE WHEN jsonb_typeof(a -> 'improvements') = 'array'
                     THEN ARRAY(SELECT jsonb_array_elements_text(a -> 'improvements')) END,
                survey_number(a -> 'problemsSolved'),
                ${METRICS.flatMap(([key]) => {
                  const [before, after] = [number('before', key), number('after', key)];
                  return [before, after, `(${after} - ${before}) / nullif(abs(${before}), 0) * 100`];
                }).join(',\n                ')}
           FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j.survey -> 'answers') = 'array'
                                          THEN j.survey -> 'answers' ELSE '[]' END) AS a
       $$`,
    );
    await q.query(
      `CREATE FUNCTION journey_answers_write() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN DELETE FROM journey_answers WHERE journey_id = OLD.id; END IF;
         INSERT INTO journey_answers SELECT * FROM journey_answer_rows(NEW);
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER journey_answers_insert AFTER INSERT ON journeys FOR EACH ROW
         WHEN (NEW.survey -> 'answers' <> '[]') EXECUTE FUNCTION journey_answers_write()`,
    );
    // A step's write leaves the survey as it was: the comparison is all it costs.
    await q.query(
      `CREATE TRIGGER journey_answers_update AFTER UPDATE OF survey, certification_body_id ON journeys FOR EACH ROW
         WHEN (OLD.survey IS DISTINCT FROM NEW.survey OR OLD.certification_body_id IS DISTINCT FROM NEW.certification_body_id)
         EXECUTE FUNCTION journey_answers_write()`,
    );
    await q.query(
      `INSERT INTO journey_answers SELECT r.* FROM journeys j, LATERAL journey_answer_rows(j) AS r`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER journey_answers_update ON journeys`);
    await q.query(`DROP TRIGGER journey_answers_insert ON journeys`);
    await q.query(`DROP FUNCTION journey_answers_write()`);
    await q.query(`DROP FUNCTION journey_answer_rows(journeys)`);
    await q.query(`DROP TABLE journey_answers`);
    await q.query(`DROP FUNCTION survey_number(jsonb)`);
  }
}
