import type { EvaluationRecord, JourneyState, Metrics } from './journey';

export const METRIC_NAMES: (keyof Metrics)[] = [
  'revenue',
  'sales',
  'profitMargin',
  'qualityCostRate',
  'firstPassYield',
];

/** What one journey contributes to the campaign's KPIs; the read model keeps these as columns. */
export interface JourneyFacts {
  assistanceCompleted: boolean;
  certificationOutcome: 'certified' | 'not_certified' | 'declined' | null;
  evaluationsAnswered: number;
  /** From the latest answered evaluation. */
  satisfaction: string | null;
  effectiveness: string | null;
  baseline: Metrics | null;
  latest: Metrics | null;
  /** Every answered evaluation, as the regulator's figures read them (`surveyAnswers`). */
  answers: SurveyAnswer[];
}

/**
 * One answered evaluation as the report reads it. The questions asked since the reports issue are
 * null when the answer predates them: "not asked", never "no".
 */
export interface SurveyAnswer {
  n: number;
  /** `link`: the enterprise's own answer; `api`: entered by its body (or an admin). */
  via: 'link' | 'api';
  satisfaction: string;
  effectiveness: string;
  followUpSatisfaction: string | null;
  improvements: string[] | null;
  problemsSolved: number | null;
  metrics: Metrics;
}

export function surveyAnswers(evaluations: EvaluationRecord[]): SurveyAnswer[] {
  return evaluations
    .filter((e) => e.answer)
    .sort((a, b) => a.n - b.n)
    .map((e) => {
      const a = e.answer!;
      return {
        n: e.n,
        via: e.via === 'link' ? 'link' : 'api',
        satisfaction: a.satisfaction,
        effectiveness: a.effectiveness,
        followUpSatisfaction: a.followUpSatisfaction ?? null,
        improvements: a.improvements ?? null,
        problemsSolved: a.problemsSolved ?? null,
        metrics: a.metrics,
      };
    });
}

function latestAnswered(evaluations: EvaluationRecord[]): EvaluationRecord | null {
  return evaluations.filter((e) => e.answer).sort((a, b) => b.n - a.n)[0] ?? null;
}

export function journeyFacts(s: JourneyState): JourneyFacts {
  const latest = latestAnswered(s.evaluations);
  return {
    assistanceCompleted: !!s.completion,
    certificationOutcome: s.certification?.outcome ?? null,
    evaluationsAnswered: s.evaluations.filter((e) => e.answer).length,
    satisfaction: latest?.answer?.satisfaction ?? null,
    effectiveness: latest?.answer?.effectiveness ?? null,
    baseline: s.diagnosis?.baseline ?? null,
    latest: latest?.answer?.metrics ?? null,
    answers: surveyAnswers(s.evaluations),
  };
}

/** Aggregated counts of one group of journeys, as SQL returns them. */
export interface KpiCounts {
  assisted: number;
  certified: number;
  evaluated: number;
  satisfied: number;
  fairlySatisfied: number;
  veryObvious: number;
  fairlyObvious: number;
}

const ratio = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/**
 * The campaign's rates, as its reports define them: certified share of assisted enterprises;
 * satisfaction counting "satisfied" and "fairly satisfied"; effectiveness counting "very" and
 * "fairly obvious"; both over enterprises that answered an evaluation (their latest answer).
 */
export function kpiRates(c: KpiCounts) {
  return {
    certifiedShare: ratio(c.certified, c.assisted),
    satisfactionRate: ratio(c.satisfied + c.fairlySatisfied, c.evaluated),
    effectivenessRate: ratio(c.veryObvious + c.fairlyObvious, c.evaluated),
  };
}
