import { Inject, Injectable } from '@nestjs/common';
import { type Metrics, kpiRates, METRIC_NAMES, NATIONAL_DIVISION, spreadsheetCsv } from '@uplift/domain';
import {
  CERTIFICATION_BODY_REPOSITORY,
  type CertificationBodyRepository,
  JOURNEY_REPOSITORY,
  type JourneyRepository,
  type PrincipalEntity,
  type RegionDigits,
  REPORT_COUNTS,
  type ReportCells,
  type RoundEntity,
} from '@uplift/persistence';
import { journeyScopeOf } from '../common/scope';

type Raw = ReportCells;

/** Regions one level below the round's own: provinces for a national round, cities for a province, and so on. */
function regionDigits(round: RoundEntity): RegionDigits {
  if (round.regionCode === NATIONAL_DIVISION) return 2;
  if (round.regionCode.endsWith('0000')) return 4;
  return 6;
}

const num = (v: string | number | null) => (v === null ? null : Math.round(Number(v) * 100) / 100);

type Counts = Record<string, number | Record<string, number>>;

/** The read model's report counts (`JOURNEY_COLUMNS`), nested under their group's field where they have one. */
function countsOf(n: (k: string) => number): Counts {
  const counts: Counts = {};
  for (const c of REPORT_COUNTS) {
    if (c.group) counts[c.group] = { ...(counts[c.group] as Record<string, number>), [c.name]: n(c.name) };
    else counts[c.name] = n(c.name);
  }
  return counts;
}

type MetricChange = { journeys: number; averageChange: number | null; averageChangePercent: number | null };

/** One group's figures: the fields below, and the counts of `REPORT_COUNTS` (see `countsOf`). */
export type ReportGroup = {
  key: string | null;
  journeys: number;
  certifiedShare: number | null;
  satisfactionRate: number | null;
  effectivenessRate: number | null;
  metricChanges: Record<keyof Metrics, MetricChange>;
} & { [count: string]: unknown };

/** A count as `countsOf` placed it in a group's figures. */
function countIn(g: ReportGroup, c: { name: string; group?: string }): number {
  const fields = g as unknown as Counts;
  return (c.group ? (fields[c.group] as Record<string, number>)[c.name] : fields[c.name]) as number;
}

function group(raw: Raw): ReportGroup {
  const n = (k: string) => Number(raw[k] ?? 0);
  return {
    key: raw.key === null ? null : String(raw.key),
    journeys: n('journeys'),
    ...countsOf(n),
    ...kpiRates({
      assisted: n('assisted'),
      certified: n('certified'),
      evaluated: n('evaluated'),
      satisfied: n('satisfied'),
      fairlySatisfied: n('fairly_satisfied'),
      veryObvious: n('very_obvious'),
      fairlyObvious: n('fairly_obvious'),
    }),
    /** Latest evaluation minus diagnosis baseline, over journeys that have both. */
    metricChanges: Object.fromEntries(
      METRIC_NAMES.map((m) => [
        m,
        {
          journeys: n(`${m}_n`),
          averageChange: num(raw[`${m}_change`] ?? null),
          averageChangePercent: num(raw[`${m}_change_pct`] ?? null),
        },
      ]),
    ) as Record<keyof Metrics, MetricChange>,
  } as ReportGroup;
}

const SUMMED = new Set(['region', 'industry', 'body']);

/** Sums the fine groups by `keyOf`, then turns each metric's sum and count into its average. */
function rollUp(rows: Raw[], keyOf: (r: Raw) => string | number | null): Raw[] {
  const groups = new Map<string | number | null, Raw>();
  for (const row of rows) {
    const key = keyOf(row);
    const into = groups.get(key) ?? { key };
    for (const [field, value] of Object.entries(row)) {
      if (SUMMED.has(field) || value === null) continue;
      into[field] = Number(into[field] ?? 0) + Number(value);
    }
    groups.set(key, into);
  }
  return [...groups.values()].map((g) => {
    const averages: Raw = {};
    for (const m of METRIC_NAMES) {
      const n = Number(g[`${m}_n`] ?? 0);
      const pctN = Number(g[`${m}_pct_n`] ?? 0);
      averages[`${m}_change`] = n > 0 ? Number(g[`${m}_sum`]) / n : null;
      averages[`${m}_change_pct`] = pctN > 0 ? Number(g[`${m}_pct_sum`]) / pctN : null;
    }
    return { ...g, ...averages };
  });
}

@Injectable()
export class ReportService {
  constructor(
    @Inject(JOURNEY_REPOSITORY) private readonly journeys: JourneyRepository,
    @Inject(CERTIFICATION_BODY_REPOSITORY) private readonly bodies: CertificationBodyRepository,
  ) {}

  /**
   * The round's fine groups (region × industry section × body, a few hundred at most) in one scan;
   * the total and the three breakdowns are summed from those groups here. Averages travel as sums
   * and counts so they roll up exactly.
   */
  private async aggregate(p: PrincipalEntity, round: RoundEntity) {
    const rows = await this.journeys.reportGroups(round.id, journeyScopeOf(p), regionDigits(round));
    const of = (name: 'region' | 'industry' | 'body' | null) =>
      rollUp(rows, (r) => (name === null ? 'all' : r[name]))
        .map((r) => group(r))
        .sort((a, b) => String(a.key).localeCompare(String(b.key)));
    return { total: of(null), byRegion: of('region'), byIndustry: of('industry'), byBody: of('body') };
  }

  /** The campaign KPIs of a round, within the caller's scope, overall and by region, industry and body. */
  async report(p: PrincipalEntity, round: RoundEntity) {
    const { total, byRegion, byIndustry, byBody } = await this.aggregate(p, round);
    const ids = byBody.map((g) => g.key).filter((k): k is string => k !== null);
    const bodies = await this.bodies.findMany(ids);
    const named = new Map(bodies.map((b) => [b.id, b]));
    const empty = group({ key: 'all' });
    return {
      roundId: round.id,
      roundName: round.name,
      regionCode: round.regionCode,
      generatedAt: new Date().toISOString(),
      totals: total[0] ?? empty,
      byRegion: byRegion.map(({ key, ...g }) => ({ regionCode: key, ...g })),
      byIndustry: byIndustry.map(({ key, ...g }) => ({ industrySection: key, ...g })),
      byCertificationBody: byBody.map(({ key, ...g }) => ({
        certificationBodyId: key,
        code: key ? (named.get(key)?.code ?? null) : null,
        name: key ? (named.get(key)?.name ?? null) : null,
        ...g,
      })),
    };
  }

  /** The same figures flat, one row per group, for a spreadsheet. */
  toCsv(report: Awaited<ReturnType<ReportService['report']>>): string {
    const csvCounts = REPORT_COUNTS.filter((c) => c.csv);
    const rows: (string | number | null)[][] = [];
    const add = (dimension: string, key: string | null, label: string | null, g: ReportGroup) => {
      rows.push([
        dimension,
        key,
        label,
        g.journeys,
        ...csvCounts.map((c) => countIn(g, c)),
        g.certifiedShare,
        g.satisfactionRate,
        g.effectivenessRate,
        ...METRIC_NAMES.flatMap((m) => [
          g.metricChanges[m].averageChange,
          g.metricChanges[m].averageChangePercent,
        ]),
      ]);
    };
    add('total', null, report.roundName, report.totals);
    for (const g of report.byRegion) add('region', g.regionCode, null, g as unknown as ReportGroup);
    for (const g of report.byIndustry) add('industry', g.industrySection, null, g as unknown as ReportGroup);
    for (const g of report.byCertificationBody)
      add('certification_body', g.code, g.name, g as unknown as ReportGroup);
    const header = [
      'dimension',
      'key',
      'label',
      'journeys',
      ...csvCounts.map((c) => c.name),
      'certified_share',
      'satisfaction_rate',
      'effectiveness_rate',
      ...METRIC_NAMES.flatMap((m) => [`${m}_change`, `${m}_change_pct`]),
    ];
    // Names and codes come from people: written so no cell can run as a formula.
    return spreadsheetCsv([header, ...rows]);
  }
}
