import {
  type AnswerFigures,
  type AnswerSums,
  type CampaignCounts,
  FIGURE_METHODS,
  NATIONAL_DIVISION,
  type RegulatorFigures,
  type SurveyJourney,
  addAnswerSums,
  answerFigures,
  campaignCounts,
  divisionFullName,
  emptyAnswerSums,
  figuresOfSums,
  industryDivision,
  industryName,
  durationToMs,
  regulatorFigures,
  reportSummary,
  sourcedOfSums,
  wave,
  waveNumbers,
} from '@uplift/domain';
import type { SurveyAnswerGroup, SurveyGroups, SurveyKeys } from '@uplift/persistence';

/** One row of a breakdown: its code and names, its counts, and the latest answers' figures. */
export type BreakdownRow = AnswerFigures & {
  code: string | null;
  name: string | null;
  nameEn: string | null;
  counts: CampaignCounts;
};

/** Digits of the breakdown one level below `regionCode`: provinces of the nation, cities of a province, counties. */
export function childDigits(regionCode: string): 2 | 4 | 6 {
  if (regionCode === NATIONAL_DIVISION) return 2;
  if (regionCode.endsWith('0000')) return 4;
  return 6;
}

function breakdown(
  journeys: SurveyJourney[],
  keyOf: (j: SurveyJourney) => string | null,
  nameOf: (key: string | null) => { zh: string | null; en: string | null },
): BreakdownRow[] {
  const groups = new Map<string | null, SurveyJourney[]>();
  for (const j of journeys) {
    const key = keyOf(j);
    const list = groups.get(key) ?? [];
    list.push(j);
    groups.set(key, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([code, list]) => {
      const name = nameOf(code);
      const latest = list.flatMap((journey) =>
        journey.answers.length ? [{ journey, answer: journey.answers[journey.answers.length - 1] }] : [],
      );
      return { code, name: name.zh, nameEn: name.en, counts: campaignCounts(list), ...answerFigures(latest) };
    });
}

/** Months after assistance each wave falls due, from the round's evaluation offsets (P90D → 3). */
export function waveMonths(offsets: readonly string[] | undefined): (number | null)[] {
  return (offsets ?? []).map((o) => {
    try {
      const ms = durationToMs(o);
      const months = Math.round(ms / (30.4375 * 86_400_000));
      return months > 0 ? months : null;
    } catch {
      return null;
    }
  });
}

/** What every report is told besides its rows: the division it covers, its waves' months, the bodies' names. */
export interface ReportOptions {
  regionCode: string;
  waveMonths: (number | null)[];
  bodies: Map<string, { code: string; name: string }>;
}

/** How each breakdown keys a journey, and names its keys. */
function breakdownKeys(options: ReportOptions) {
  const digits = childDigits(options.regionCode);
  return {
    region: {
      keyOf: (regionCode: string) => (digits === 6 ? regionCode : regionCode.slice(0, digits).padEnd(6, '0')),
      nameOf: (code: string | null) => ({ zh: code ? divisionFullName(code) : null, en: null }),
    },
    industry: {
      keyOf: (industryCode: string) => industryDivision(industryCode),
      nameOf: (code: string | null) => {
        const name = code ? industryName(code) : null;
        return { zh: name?.zh ?? null, en: name?.en ?? null };
      },
    },
    body: {
      keyOf: (bodyId: string | null) => bodyId,
      nameOf: (id: string | null) => ({ zh: id ? (options.bodies.get(id)?.name ?? null) : null, en: null }),
    },
  };
}

/** The report's shape around its figures and breakdowns (one place for both ways of computing them). */
function assemble(
  figures: RegulatorFigures,
  rows: Record<'region' | 'industry' | 'body', BreakdownRow[]>,
  options: ReportOptions,
) {
  const all = figures.latest.all;
  return {
    counts: figures.counts,
    satisfactionRate: all.satisfactionRate,
    effectivenessRate: all.effectivenessRate,
    followUpSatisfactionRate: all.followUpSatisfactionRate,
    improvements: all.improvements,
    problemsSolved: all.problemsSolved,
    metrics: all.metrics,
    latest: figures.latest,
    waves: figures.waves,
    breakdowns: {
      region: rows.region.map((r) => ({ ...r, drillable: childDigits(options.regionCode) < 6 })),
      industry: rows.industry,
      body: rows.body.map((r) => ({
        ...r,
        code: r.code ? (options.bodies.get(r.code)?.code ?? r.code) : null,
      })),
    },
    methods: FIGURE_METHODS,
    summary: reportSummary(figures),
  };
}

/**
 * Each wave's months in a report across rounds (a campaign year): the months every round that asks
 * the wave agrees on; null where rounds ask it at different times (the wave is then known by its
 * number alone). Rounds asking fewer waves say nothing about the later ones.
 */
export function yearWaveMonths(perRound: (number | null)[][]): (number | null)[] {
  const waves = Math.max(0, ...perRound.map((m) => m.length));
  return Array.from({ length: waves }, (_, i) => {
    const asked = new Set(perRound.filter((m) => i < m.length).map((m) => m[i]));
    return asked.size === 1 ? [...asked][0] : null;
  });
}

/**
 * The regulator's figures of a set of journeys, in the form the report answers them: every figure,
 * the latest answers' at the top level, per wave and per source, the breakdowns with codes and names,
 * and the paragraph. Folds every journey's survey in Node: the reference `regulatorReportOfGroups`
 * is tested against, and what a handful of journeys needs.
 */
export function regulatorReport(journeys: SurveyJourney[], options: ReportOptions) {
  const keys = breakdownKeys(options);
  return assemble(
    regulatorFigures(journeys, options.waveMonths),
    {
      region: breakdown(journeys, (j) => keys.region.keyOf(j.regionCode), keys.region.nameOf),
      industry: breakdown(journeys, (j) => keys.industry.keyOf(j.industryCode), keys.industry.nameOf),
      body: breakdown(journeys, (j) => keys.body.keyOf(j.certificationBodyId), keys.body.nameOf),
    },
    options,
  );
}

const sumOf = (groups: SurveyAnswerGroup[]): AnswerSums =>
  groups.reduce((into, g) => addAnswerSums(into, g.sums), emptyAnswerSums());

/** `campaignCounts` of the journeys in `groups` (their latest answers in `latest`). */
function countsOfGroups(groups: SurveyGroups['journeys'], latest: SurveyAnswerGroup[]): CampaignCounts {
  const assisted = groups.filter((g) => g.assisted > 0);
  return {
    journeys: groups.reduce((n, g) => n + g.journeys, 0),
    enterprisesAssisted: assisted.reduce((n, g) => n + g.assisted, 0),
    bodies: new Set(assisted.map((g) => g.certificationBodyId).filter((b) => b !== null)).size,
    industries: new Set(assisted.map((g) => industryDivision(g.industryCode))).size,
    certificates: groups.reduce((n, g) => n + g.certified, 0),
    enterprisesAnswered: latest.reduce((n, g) => n + g.sums.answered, 0),
  };
}

/** A breakdown from the fine groups: each key's journeys counted, its latest answers' sums added. */
function groupBreakdown(
  groups: SurveyGroups,
  keyOf: (k: SurveyKeys) => string | null,
  nameOf: (key: string | null) => { zh: string | null; en: string | null },
): BreakdownRow[] {
  const byKey = new Map<string | null, { journeys: SurveyGroups['journeys']; latest: SurveyAnswerGroup[] }>();
  const entry = (key: string | null) => {
    const found = byKey.get(key) ?? { journeys: [], latest: [] };
    byKey.set(key, found);
    return found;
  };
  for (const g of groups.journeys) entry(keyOf(g)).journeys.push(g);
  for (const g of groups.answers) if (g.latest) entry(keyOf(g)).latest.push(g);
  return [...byKey.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([code, { journeys, latest }]) => {
      const name = nameOf(code);
      return {
        code,
        name: name.zh,
        nameEn: name.en,
        counts: countsOfGroups(journeys, latest),
        ...figuresOfSums(sumOf(latest)),
      };
    });
}

/**
 * `regulatorReport`, from the fine groups SQL summed (`JourneyRepository.surveyGroups`): the same
 * figures, the same shape, without reading a survey. The groups' region is already the breakdown's.
 */
export function regulatorReportOfGroups(groups: SurveyGroups, options: ReportOptions) {
  const keys = breakdownKeys(options);
  const sourcedOf = (picked: SurveyAnswerGroup[]) =>
    sourcedOfSums(
      sumOf(picked.filter((g) => g.via === 'link')),
      sumOf(picked.filter((g) => g.via !== 'link')),
    );
  const latest = groups.answers.filter((g) => g.latest);
  const figures: RegulatorFigures = {
    counts: countsOfGroups(groups.journeys, latest),
    latest: sourcedOf(latest),
    waves: waveNumbers(
      groups.answers.map((g) => g.n),
      options.waveMonths,
    ).map((n) => wave(n, options.waveMonths, sourcedOf(groups.answers.filter((g) => g.n === n)))),
  };
  return assemble(
    figures,
    {
      region: groupBreakdown(groups, (g) => g.region, keys.region.nameOf),
      industry: groupBreakdown(groups, (g) => keys.industry.keyOf(g.industryCode), keys.industry.nameOf),
      body: groupBreakdown(groups, (g) => keys.body.keyOf(g.certificationBodyId), keys.body.nameOf),
    },
    options,
  );
}

export type RegulatorReport = ReturnType<typeof regulatorReport>;
