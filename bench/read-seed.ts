import type { Client as Pg } from 'pg';
import { METRIC_NAMES } from '@uplift/domain';
import { metricColumns } from '@uplift/persistence';

/**
 * Counties of four Zhejiang cities, GB/T 4754 classes of seven divisions (two sections), the stages:
 * the read side's seeded rows spread over them as a province's round does.
 */
const COUNTIES = [
  '330102',
  '330106',
  '330108',
  '330110',
  '330203',
  '330212',
  '330302',
  '330304',
  '330402',
  '330602',
];
const INDUSTRIES = ['C3511', 'C1311', 'C2927', 'C3821', 'C2642', 'C3011', 'C1810', 'F5123'];
const STAGES = ['screening', 'diagnosis', 'assistance', 'certification', 'follow_up', 'completed'];

/**
 * The survey of seeded journey `g` as the read-model writer stores it (`survey` in JOURNEY_COLUMNS):
 * 0 to 3 answers (some skip a wave), each through the enterprise's link or entered by its body, the
 * first wave of some answered before the further questions were asked (null), a varying set of
 * improvement areas, the optional figures for some, metrics that rise or fall, a few zero baselines.
 * About 500 bytes an answer: 60,000 journeys carry some 30 MB of survey, as a real round does.
 */
const SURVEY = `
  WITH b AS (SELECT jsonb_build_object('revenue', 200 + g % 900, 'sales', 150 + g % 700,
                                       'profitMargin', (g % 23) - 3, 'qualityCostRate', 1 + g % 9,
                                       'firstPassYield', 40 + g % 55, 'repurchaseRate', 10 + g % 70,
                                       'overseasSales', g % 5 * 10) AS baseline),
       a AS (SELECT k, (k = 1 AND g % 5 = 0) AS old FROM generate_series(1, 3) AS k
              WHERE k <= g % 4 AND NOT (k = 2 AND g % 11 = 0))
  SELECT jsonb_build_object('baseline', CASE WHEN g % 17 = 0 THEN NULL ELSE b.baseline END,
    'answers', COALESCE((SELECT jsonb_agg(jsonb_build_object(
        'n', k, 'via', CASE WHEN (g + k) % 3 = 0 THEN 'link' ELSE 'api' END,
        'satisfaction', (ARRAY['satisfied','fairly_satisfied','neutral','dissatisfied'])[1 + (g + k) % 4],
        'effectiveness', (ARRAY['very_obvious','fairly_obvious','not_obvious'])[1 + (g * 3 + k) % 3],
        'followUpSatisfaction', CASE WHEN old THEN NULL
          ELSE (ARRAY['satisfied','fairly_satisfied','neutral','dissatisfied'])[1 + (g + 2 * k) % 4] END,
        'improvements', CASE WHEN old THEN NULL ELSE COALESCE((SELECT jsonb_agg(area ORDER BY i)
            FROM unnest(ARRAY['quality_awareness','management_standardised','work_environment','process_optimised',
                              'cost_reduced','product_quality','business_performance','digital_level','innovation'])
                 WITH ORDINALITY AS t(area, i)
           WHERE ((g * 37 + k * 101) % 512) >> (i::int - 1) & 1 = 1), '[]'::jsonb) END,
        'problemsSolved', CASE WHEN old THEN NULL ELSE (g + k) % 7 END,
        'metrics', jsonb_build_object(
          'revenue', round((b.baseline ->> 'revenue')::numeric * (0.85 + ((g + k * 7) % 40) / 100.0), 2),
          'sales', round((b.baseline ->> 'sales')::numeric * (0.9 + ((g * 3 + k) % 30) / 100.0), 2),
          'profitMargin', round((b.baseline ->> 'profitMargin')::numeric + ((g + k) % 9 - 3) * 0.5, 2),
          'qualityCostRate', round((b.baseline ->> 'qualityCostRate')::numeric * (0.7 + ((g + k * 5) % 50) / 100.0), 2),
          'firstPassYield', least(100, (b.baseline ->> 'firstPassYield')::numeric + (g + k) % 13 - 4))
          || CASE WHEN old OR g % 3 = 1 THEN '{}'::jsonb ELSE jsonb_build_object(
               'repurchaseRate', least(100, (b.baseline ->> 'repurchaseRate')::numeric + (g * k) % 11 - 3),
               'overseasSales', (b.baseline ->> 'overseasSales')::numeric + (g + k) % 6) END
      ) ORDER BY k) FROM a), '[]'::jsonb)) FROM b`;

/**
 * Writes `count` journeys (seeded numbers `offset + 1`…) into the round's read model in one
 * statement, every column the reports read as the read-model writer would have written it: the
 * survey, and the latest answer's rates and metric columns taken from it.
 */
export async function seedReadSide(
  pg: Pg,
  s: { roundId: string; offset: number; count: number; bodies: string[]; template: unknown },
): Promise<void> {
  const columns = METRIC_NAMES.flatMap((m) => [metricColumns(m).baseline, metricColumns(m).latest]);
  const metricValues = METRIC_NAMES.flatMap((m) => [
    `(s.survey -> 'baseline' ->> '${m}')::numeric`,
    `(s.survey -> 'answers' -> -1 -> 'metrics' ->> '${m}')::numeric`,
  ]);
  await pg.query(
    `INSERT INTO journeys (id, round_id, uscc, enterprise, region_code, industry_code, industry_section, stage, stalled,
                           certification_body_id, state, version, launched_at, assistance_completed, certification_outcome,
                           evaluations_answered, satisfaction, effectiveness, survey, ${columns.join(', ')})
     SELECT 'journey-' || $1::text || '-91330106SEED' || lpad(g::text, 6, '0'), $1::uuid, '91330106SEED' || lpad(g::text, 6, '0'),
            '{"name":"seed"}'::jsonb, ($6::text[])[1 + g % 10], ind, left(ind, 1), ($3::text[])[1 + g % 6], g % 7 = 0,
            CASE WHEN g % 4 <> 3 THEN ($4::uuid[])[1 + g % 3] END, $5::jsonb, 5, now(), g % 8 <> 7,
            (ARRAY['certified','not_certified','declined',NULL])[1 + g % 4],
            jsonb_array_length(s.survey -> 'answers'),
            s.survey -> 'answers' -> -1 ->> 'satisfaction', s.survey -> 'answers' -> -1 ->> 'effectiveness', s.survey,
            ${metricValues.join(', ')}
       FROM generate_series($2::int + 1, $2::int + $8::int) AS g,
            LATERAL (SELECT ($7::text[])[1 + (g / 3) % 8] AS ind) AS i,
            LATERAL (${SURVEY}) AS s(survey)`,
    [s.roundId, s.offset, STAGES, s.bodies, s.template, COUNTIES, INDUSTRIES, s.count],
  );
}
