import { Client as Pg } from 'pg';

/**
 * Fifty enterprises whose regulator's figures are worked out by hand (journey i = 0…49):
 * - region: even i Hangzhou 330106, odd i Ningbo 330206; industry by i % 5: C3511, C1311, 3511,
 *   F5123, C2927 (divisions 35, 13, 35, 51, 29: four industries); body by i % 3 (three bodies).
 * - assisted: i < 48 (48); certified: i < 30 (30 certificates); answered: i < 40 (40).
 * - effectiveness "very/fairly obvious": i < 36 (36 of 40: 90.00 %); satisfied: i < 38 (95.00 %).
 * - via the enterprise's link: i % 4 = 0 (10 answers); the other 30 entered by a body.
 * - the survey's further questions asked in i < 30 only (i ≥ 30 answered before they were asked):
 *   follow-up satisfied i < 12 (12 of 30: 40.00 %); areas: quality awareness i < 27 (90.00 %),
 *   management i < 26 (86.67 %), environment i < 20 (66.67 %), cost i < 9 (30.00 %); problems
 *   solved i % 4 each (43 in all).
 * - waves: every answer has evaluation 1; i < 20 also evaluation 2, which is then its latest.
 *   Evaluation 1 of i < 20 repeats the baseline figures; the latest answers carry the changes:
 *   first-pass yield 50 → 55 (+10 %) for i 0–8, → 62.8 (+25.6 %) for i 9–17, → 45 (−10 %) for 18–19:
 *   18 improved, on average by 17.8 %, mean change 7.51 %, total change 7.51 %.
 *   Revenue: baseline 1000 (even i) or 100 (odd); +10 % for even i < 20: 10 improved by 10 %,
 *   mean change 2.5 %, total change 1000 / 22000 = 4.55 %.
 *   Quality cost rate 5 → 4 (−20 %, better) for i < 8, → 6 (+20 %) for i 8–9: 8 improved by 20 %,
 *   mean −3 %, total −3 %. Repurchase rate 40 → 44 for i < 10 (the rest not asked): 10 by 10 %.
 */
export const KNOWN = { journeys: 50, assisted: 48, answered: 40, certified: 30 };

type Answer = Record<string, unknown>;

function baselineOf(i: number) {
  return {
    revenue: i % 2 === 0 ? 1000 : 100,
    sales: 800,
    profitMargin: 6,
    qualityCostRate: 5,
    firstPassYield: 50,
    ...(i < 10 ? { repurchaseRate: 40 } : {}),
  };
}

function latestMetrics(i: number) {
  const b = baselineOf(i);
  const firstPassYield = i <= 8 ? 55 : i <= 17 ? 62.8 : i <= 19 ? 45 : 50;
  const revenue = i % 2 === 0 && i < 20 ? 1100 : b.revenue;
  const qualityCostRate = i < 8 ? 4 : i < 10 ? 6 : 5;
  return {
    ...b,
    revenue,
    firstPassYield,
    qualityCostRate,
    ...(i < 10 ? { repurchaseRate: 44 } : {}),
  };
}

function answerOf(i: number, n: number, metrics: Record<string, number>): Answer {
  const asked = i < 30;
  const areas = [
    i < 27 && 'quality_awareness',
    i < 26 && 'management_standardised',
    i < 20 && 'work_environment',
    i < 9 && 'cost_reduced',
  ].filter(Boolean);
  return {
    n,
    via: i % 4 === 0 ? 'link' : 'api',
    satisfaction: i < 38 ? (i % 2 === 0 ? 'satisfied' : 'fairly_satisfied') : 'neutral',
    effectiveness: i < 36 ? (i % 2 === 0 ? 'very_obvious' : 'fairly_obvious') : 'not_obvious',
    followUpSatisfaction: asked ? (i < 12 ? 'satisfied' : 'neutral') : null,
    improvements: asked ? areas : null,
    problemsSolved: asked ? i % 4 : null,
    metrics,
  };
}

export function knownJourney(i: number) {
  const answered = i < 40;
  const answers: Answer[] = !answered
    ? []
    : i < 20
      ? [answerOf(i, 1, baselineOf(i)), answerOf(i, 2, latestMetrics(i))]
      : [answerOf(i, 1, latestMetrics(i))];
  return {
    regionCode: i % 2 === 0 ? '330106' : '330206',
    industryCode: ['C3511', 'C1311', '3511', 'F5123', 'C2927'][i % 5],
    assisted: i < 48,
    certified: i < 30,
    baseline: i < 48 ? baselineOf(i) : null,
    answers,
  };
}

/** A journey as a test writes it into the read model: its keys, facts and survey. */
export interface SeededJourney {
  regionCode: string;
  industryCode: string;
  assisted: boolean;
  certified: boolean;
  baseline: Record<string, number> | null;
  answers: Answer[];
}

/** Writes the fifty journeys into the round's read model, as the read-model writer would have. */
export async function seedKnownAnswers(
  databaseUrl: string,
  roundId: string,
  bodyIds: string[],
): Promise<void> {
  await seedSurveys(
    databaseUrl,
    roundId,
    Array.from({ length: KNOWN.journeys }, (_, i) => ({ ...knownJourney(i), bodyId: bodyIds[i % 3] })),
  );
}

/** Writes journeys into the round's read model, as the read-model writer would have. */
export async function seedSurveys(
  databaseUrl: string,
  roundId: string,
  journeys: (SeededJourney & { bodyId: string | null })[],
): Promise<void> {
  const rows = journeys.map((j, i) => {
    const latest = j.answers[j.answers.length - 1] as Answer | undefined;
    const uscc = `91330106KNOWN${String(i).padStart(5, '0')}`;
    return {
      id: `journey-${roundId}-${uscc}`,
      round_id: roundId,
      uscc,
      enterprise: { name: `已知企业${i}`, uscc, regionCode: j.regionCode, industryCode: j.industryCode },
      region_code: j.regionCode,
      industry_code: j.industryCode,
      industry_section: j.industryCode.startsWith('F') ? 'F' : 'C',
      stage: !j.assisted ? 'assistance' : latest ? 'completed' : 'follow_up',
      certification_body_id: j.bodyId,
      assistance_completed: j.assisted,
      certification_outcome: j.assisted ? (j.certified ? 'certified' : 'not_certified') : null,
      evaluations_answered: j.answers.length,
      satisfaction: latest?.satisfaction ?? null,
      effectiveness: latest?.effectiveness ?? null,
      survey: { baseline: j.baseline, answers: j.answers },
    };
  });
  const pg = new Pg({ connectionString: databaseUrl });
  await pg.connect();
  try {
    await pg.query(
      `INSERT INTO journeys (id, round_id, uscc, enterprise, region_code, industry_code, industry_section, stage,
                             stalled, due_actors, certification_body_id, version, launched_at, assistance_completed,
                             certification_outcome, evaluations_answered, satisfaction, effectiveness, survey)
       SELECT id, round_id, uscc, enterprise, region_code, industry_code, industry_section, stage, false, '{}',
              certification_body_id, 2, now(), assistance_completed, certification_outcome, evaluations_answered,
              satisfaction, effectiveness, survey
         FROM jsonb_to_recordset($1::jsonb) AS s(id text, round_id uuid, uscc text, enterprise jsonb,
              region_code text, industry_code text, industry_section text, stage text, certification_body_id uuid,
              assistance_completed boolean, certification_outcome text, evaluations_answered int,
              satisfaction text, effectiveness text, survey jsonb)`,
      [JSON.stringify(rows)],
    );
  } finally {
    await pg.end();
  }
}
