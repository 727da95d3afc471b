import { industryDivision } from './industry-names';
import type { Metrics } from './journey';
import type { SurveyAnswer } from './kpi';
import { METRIC_NAMES } from './kpi';
import {
  IMPROVEMENT_AREA_NAMES,
  IMPROVEMENT_AREAS,
  type ImprovementArea,
  OPTIONAL_METRIC_NAMES,
} from './survey';

/**
 * The campaign's figures in the form the regulator publishes them (2021 evaluation, 2024 summary):
 * how many enterprises improved on a metric and by how much on average, the share reporting each
 * area of improvement, follow-up-service satisfaction, per evaluation wave and for the latest answer,
 * the enterprise's own answers apart from those its body entered. Pure: the report service feeds it
 * the read model's rows.
 */

/** What one journey brings to the figures (the read model's `survey` and a few row columns). */
export interface SurveyJourney {
  regionCode: string;
  industryCode: string;
  certificationBodyId: string | null;
  assisted: boolean;
  certified: boolean;
  baseline: Metrics | null;
  answers: SurveyAnswer[];
}

export const REPORT_METRICS = [...METRIC_NAMES, ...OPTIONAL_METRIC_NAMES] as const;
export type ReportMetric = (typeof REPORT_METRICS)[number];

/** Quality cost falls when things get better ("质量成本平均下降"); every other figure rises. */
export const METRIC_DIRECTION: Record<ReportMetric, 'up' | 'down'> = {
  revenue: 'up',
  sales: 'up',
  profitMargin: 'up',
  qualityCostRate: 'down',
  firstPassYield: 'up',
  repurchaseRate: 'up',
  overseasSales: 'up',
};

/** How each figure is computed, as the report states it beside the figures (zh-CN, en). */
export const FIGURE_METHODS = {
  change: {
    zh: '变化率 =（本次评估值 − 诊断基线值）÷ |诊断基线值| × 100%，仅计同时有基线和本次评估值且基线不为零的企业',
    en: 'change = (evaluation − diagnosis baseline) ÷ |baseline| × 100 %, over enterprises with both figures and a non-zero baseline',
  },
  improved: {
    zh: '提升企业数：变化率朝改善方向（质量成本率为下降，其余为上升）的企业数',
    en: 'improved: enterprises whose change goes the better way (down for quality cost rate, up for the rest)',
  },
  averageImprovement: {
    zh: '平均提升：提升企业变化率绝对值的算术平均',
    en: "averageImprovement: mean of the improved enterprises' absolute change",
  },
  meanChange: {
    zh: '平均变化：全部企业变化率的算术平均（各企业等权）',
    en: "meanChange: mean of every enterprise's change (each enterprise weighs the same)",
  },
  totalChange: {
    zh: '总量变化：（本次评估值合计 − 基线值合计）÷ |基线值合计| × 100%（按规模加权）',
    en: 'totalChange: (sum of evaluation figures − sum of baselines) ÷ |sum of baselines| × 100 % (weighted by size)',
  },
  rates: {
    zh: '比率以回答该问题的企业为分母；问卷增加该问题之前的回答计为“未询问”，不计入分母',
    en: 'rates count over the enterprises that answered the question; answers given before it was asked count as "not asked" and stay out of the denominator',
  },
} as const;

/** A share as the API shows it: the count, what it counts over, the fraction and the percentage. */
export interface Share {
  count: number;
  of: number;
  fraction: number | null;
  percent: number | null;
}

export function share(count: number, of: number): Share {
  return {
    count,
    of,
    fraction: of === 0 ? null : Math.round((count / of) * 10_000) / 10_000,
    percent: of === 0 ? null : Math.round((count / of) * 10_000) / 100,
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export interface MetricFigures {
  direction: 'up' | 'down';
  /** Enterprises with both a baseline and this answer's figure, the baseline not zero. */
  measured: number;
  improved: number;
  /** Percent, positive: the improved enterprises' mean change, the better way. */
  averageImprovement: number | null;
  /** Percent, signed: the mean of each enterprise's change. */
  meanChange: number | null;
  /** Percent, signed: the change of the totals. */
  totalChange: number | null;
}

export interface AreaShare extends Share {
  code: ImprovementArea;
  name: { zh: string; en: string };
}

/** The figures of one set of answers (one per enterprise). */
export interface AnswerFigures {
  answered: number;
  satisfactionRate: Share;
  effectivenessRate: Share;
  /** Over the enterprises asked (answers since the survey questions). */
  followUpSatisfactionRate: Share;
  improvements: { asked: number; areas: AreaShare[] };
  problemsSolved: { asked: number; total: number };
  metrics: Record<ReportMetric, MetricFigures>;
}

/** The answers the rates count: "satisfied" or "fairly satisfied"; "very" or "fairly obvious". */
export const POSITIVE_SATISFACTION: ReadonlySet<string> = new Set(['satisfied', 'fairly_satisfied']);
export const OBVIOUS: ReadonlySet<string> = new Set(['very_obvious', 'fairly_obvious']);

/** One metric's running sums over a set of answers (`answerFigures` makes one pass over 60,000). */
export interface MetricSums {
  measured: number;
  changes: number;
  improved: number;
  improvements: number;
  before: number;
  after: number;
}

/**
 * What the figures of a set of answers are made from: counts and sums, so the figures of several
 * sets (SQL's groups) add up exactly as the figures of their union (`addAnswerSums`).
 */
export interface AnswerSums {
  answered: number;
  satisfied: number;
  obvious: number;
  followUpAsked: number;
  followUpSatisfied: number;
  areasAsked: number;
  /** In `IMPROVEMENT_AREAS` order. */
  areaCounts: number[];
  problemsAsked: number;
  problemsTotal: number;
  /** In `REPORT_METRICS` order. */
  metrics: MetricSums[];
}

export function emptyAnswerSums(): AnswerSums {
  return {
    answered: 0,
    satisfied: 0,
    obvious: 0,
    followUpAsked: 0,
    followUpSatisfied: 0,
    areasAsked: 0,
    areaCounts: IMPROVEMENT_AREAS.map(() => 0),
    problemsAsked: 0,
    problemsTotal: 0,
    metrics: REPORT_METRICS.map(() => ({
      measured: 0,
      changes: 0,
      improved: 0,
      improvements: 0,
      before: 0,
      after: 0,
    })),
  };
}

/** Adds `from` into `into`. */
export function addAnswerSums(into: AnswerSums, from: AnswerSums): AnswerSums {
  into.answered += from.answered;
  into.satisfied += from.satisfied;
  into.obvious += from.obvious;
  into.followUpAsked += from.followUpAsked;
  into.followUpSatisfied += from.followUpSatisfied;
  into.areasAsked += from.areasAsked;
  from.areaCounts.forEach((v, i) => (into.areaCounts[i] += v));
  into.problemsAsked += from.problemsAsked;
  into.problemsTotal += from.problemsTotal;
  from.metrics.forEach((m, i) => {
    const s = into.metrics[i];
    s.measured += m.measured;
    s.changes += m.changes;
    s.improved += m.improved;
    s.improvements += m.improvements;
    s.before += m.before;
    s.after += m.after;
  });
  return into;
}

function metricFigures(sums: MetricSums, m: ReportMetric): MetricFigures {
  const average = (sum: number, n: number) => (n === 0 ? null : round2(sum / n));
  return {
    direction: METRIC_DIRECTION[m],
    measured: sums.measured,
    improved: sums.improved,
    averageImprovement: average(sums.improvements, sums.improved),
    meanChange: average(sums.changes, sums.measured),
    totalChange:
      sums.measured === 0 || sums.before === 0
        ? null
        : round2(((sums.after - sums.before) / Math.abs(sums.before)) * 100),
  };
}

/** One answer's counts and sums. */
function addAnswer(sums: AnswerSums, journey: SurveyJourney, a: SurveyAnswer): void {
  sums.answered++;
  if (POSITIVE_SATISFACTION.has(a.satisfaction)) sums.satisfied++;
  if (OBVIOUS.has(a.effectiveness)) sums.obvious++;
  if (a.followUpSatisfaction !== null) {
    sums.followUpAsked++;
    if (POSITIVE_SATISFACTION.has(a.followUpSatisfaction)) sums.followUpSatisfied++;
  }
  if (a.improvements !== null) {
    sums.areasAsked++;
    IMPROVEMENT_AREAS.forEach((code, i) => {
      if (a.improvements!.includes(code)) sums.areaCounts[i]++;
    });
  }
  if (a.problemsSolved !== null) {
    sums.problemsAsked++;
    sums.problemsTotal += a.problemsSolved;
  }
  const baseline = journey.baseline;
  if (!baseline) return;
  REPORT_METRICS.forEach((m, i) => {
    const before = baseline[m];
    const after = a.metrics[m];
    // Both figures, and a baseline to divide by; an optional figure not asked is absent.
    if (before === undefined || after === undefined || before === null || after === null || before === 0)
      return;
    const change = ((after - before) / Math.abs(before)) * 100;
    const s = sums.metrics[i];
    s.measured++;
    s.changes += change;
    s.before += before;
    s.after += after;
    if (METRIC_DIRECTION[m] === 'up' ? change > 0 : change < 0) {
      s.improved++;
      s.improvements += Math.abs(change);
    }
  });
}

/** The figures the counts and sums of a set of answers make. */
export function figuresOfSums(sums: AnswerSums): AnswerFigures {
  return {
    answered: sums.answered,
    satisfactionRate: share(sums.satisfied, sums.answered),
    effectivenessRate: share(sums.obvious, sums.answered),
    followUpSatisfactionRate: share(sums.followUpSatisfied, sums.followUpAsked),
    improvements: {
      asked: sums.areasAsked,
      areas: IMPROVEMENT_AREAS.map((code, i) => ({
        code,
        name: IMPROVEMENT_AREA_NAMES[code],
        ...share(sums.areaCounts[i], sums.areasAsked),
      })),
    },
    problemsSolved: { asked: sums.problemsAsked, total: sums.problemsTotal },
    metrics: Object.fromEntries(
      REPORT_METRICS.map((m, i) => [m, metricFigures(sums.metrics[i], m)]),
    ) as Record<ReportMetric, MetricFigures>,
  };
}

export function answerFigures(picked: { journey: SurveyJourney; answer: SurveyAnswer }[]): AnswerFigures {
  const sums = emptyAnswerSums();
  for (const { journey, answer } of picked) addAnswer(sums, journey, answer);
  return figuresOfSums(sums);
}

/** The same figures over every answer, over the enterprises' own (through their link), and over those a body entered. */
export interface SourcedFigures {
  all: AnswerFigures;
  link: AnswerFigures;
  body: AnswerFigures;
}

function sourced(picked: { journey: SurveyJourney; answer: SurveyAnswer }[]): SourcedFigures {
  return {
    all: answerFigures(picked),
    link: answerFigures(picked.filter((p) => p.answer.via === 'link')),
    body: answerFigures(picked.filter((p) => p.answer.via !== 'link')),
  };
}

/** The same, from the sums of the enterprises' own answers and of those a body entered. */
export function sourcedOfSums(link: AnswerSums, body: AnswerSums): SourcedFigures {
  return {
    all: figuresOfSums(addAnswerSums(addAnswerSums(emptyAnswerSums(), link), body)),
    link: figuresOfSums(link),
    body: figuresOfSums(body),
  };
}

export interface WaveFigures extends SourcedFigures {
  n: number;
  /** Months after assistance the wave falls due (3, 6, 12 with the campaign's offsets); null when unknown. */
  months: number | null;
  label: { zh: string; en: string };
}

export interface CampaignCounts {
  journeys: number;
  enterprisesAssisted: number;
  /** Distinct certification bodies that assisted an enterprise. */
  bodies: number;
  /** Distinct GB/T 4754 divisions of the enterprises assisted. */
  industries: number;
  certificates: number;
  /** Enterprises with at least one answered evaluation. */
  enterprisesAnswered: number;
}

export interface RegulatorFigures {
  counts: CampaignCounts;
  latest: SourcedFigures;
  waves: WaveFigures[];
}

export function campaignCounts(journeys: SurveyJourney[]): CampaignCounts {
  const assisted = journeys.filter((j) => j.assisted);
  return {
    journeys: journeys.length,
    enterprisesAssisted: assisted.length,
    bodies: new Set(assisted.map((j) => j.certificationBodyId).filter((b) => b !== null)).size,
    industries: new Set(assisted.map((j) => industryDivision(j.industryCode))).size,
    certificates: journeys.filter((j) => j.certified).length,
    enterprisesAnswered: journeys.filter((j) => j.answers.length > 0).length,
  };
}

/**
 * Every figure for a set of journeys. `waveMonths[n - 1]`: the months after assistance of wave `n`
 * (from the round's evaluation offsets), when known.
 */
export function regulatorFigures(
  journeys: SurveyJourney[],
  waveMonths: (number | null)[] = [],
): RegulatorFigures {
  const latest = journeys.flatMap((journey) =>
    journey.answers.length ? [{ journey, answer: journey.answers[journey.answers.length - 1] }] : [],
  );
  return {
    counts: campaignCounts(journeys),
    latest: sourced(latest),
    waves: waveNumbers(
      journeys.flatMap((j) => j.answers.map((a) => a.n)),
      waveMonths,
    ).map((n) =>
      wave(
        n,
        waveMonths,
        sourced(
          journeys.flatMap((journey) => {
            const answer = journey.answers.find((a) => a.n === n);
            return answer ? [{ journey, answer }] : [];
          }),
        ),
      ),
    ),
  };
}

/** The waves a report shows, in order: every wave answered, and every wave the round asks. */
export function waveNumbers(answered: Iterable<number>, waveMonths: (number | null)[]): number[] {
  const numbers = new Set(answered);
  for (let n = 1; n <= waveMonths.length; n++) numbers.add(n);
  return [...numbers].sort((a, b) => a - b);
}

/** Wave `n`'s figures, with its months and label. */
export function wave(n: number, waveMonths: (number | null)[], figures: SourcedFigures): WaveFigures {
  return {
    n,
    months: waveMonths[n - 1] ?? null,
    label: { zh: `第${n}次跟踪评估`, en: `Evaluation ${n}` },
    ...figures,
  };
}
