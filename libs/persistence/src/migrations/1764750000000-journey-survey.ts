import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The survey the regulator's figures read (`survey` in `JOURNEY_COLUMNS`): the baseline and every
 * answered evaluation. Rows written before it are filled from their stored state, the way
 * `surveyAnswers` reads one; their answers predate the survey's further questions, which stay null
 * ("not asked").
 */
export class JourneySurvey1764750000000 implements MigrationInterface {
  name = 'JourneySurvey1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE journeys ADD COLUMN survey jsonb NOT NULL DEFAULT '{"baseline":null,"answers":[]}'`,
    );
    await q.query(
      `UPDATE journeys SET survey = jsonb_build_object(
          'baseline', state -> 'diagnosis' -> 'baseline',
          'answers', COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                     'n', (e ->> 'n')::int,
                     'via', CASE WHEN e ->> 'via' = 'link' THEN 'link' ELSE 'api' END,
                     'satisfaction', e -> 'answer' ->> 'satisfaction',
                     'effectiveness', e -> 'answer' ->> 'effectiveness',
                     'followUpSatisfaction', e -> 'answer' -> 'followUpSatisfaction',
                     'improvements', e -> 'answer' -> 'improvements',
                     'problemsSolved', e -> 'answer' -> 'problemsSolved',
                     'metrics', e -> 'answer' -> 'metrics') ORDER BY (e ->> 'n')::int)
              FROM jsonb_array_elements(state -> 'evaluations') AS e
             WHERE jsonb_typeof(e -> 'answer') = 'object'), '[]'::jsonb))
        WHERE state IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE journeys DROP COLUMN survey`);
  }
}
