import { Inject, Injectable } from '@nestjs/common';
import { type Metrics, kpiRates, METRIC_NAMES } from '@uplift/domain';
import {
  CERTIFICATION_BODY_REPOSITORY,
  type CertificationBodyRepository,
  JOURNEY_REPOSITORY,
  type JourneyRepository,
  type PrincipalEntity,
  REPORT_COUNTS,
  type ReportCells,
  type RoundEntity,
} from '@uplift/persistence';
import { journeyScopeOf } from '../common/scope';
import { RegulatorReports } from '../reports/regulator-reports.service';
import { type RegionLevel, regionLevel } from './dashboard.service';

type Raw = ReportCells;

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
    private readonly regulator: RegulatorReports,
  ) {}

  /**
   * The round's fine groups (region × industry section × body, a few hundred at most) in one scan;
   * the total and the three breakdowns are summed from those groups here. Averages travel as sums
   * and counts so they roll up exactly.
   */
  private async aggregate(p: PrincipalEntity, round: RoundEntity, level: RegionLevel) {
    const narrowed = level.code === round.regionCode ? null : level.code;
    const rows = await this.journeys.reportGroups(round.id, journeyScopeOf(p), narrowed, level.rowDigits);
    const of = (name: 'region' | 'industry' | 'body' | null) =>
      rollUp(rows, (r) => (name === null ? 'all' : r[name]))
        .map((r) => group(r))
        .sort((a, b) => String(a.key).localeCompare(String(b.key)));
    return { total: of(null), byRegion: of('region'), byIndustry: of('industry'), byBody: of('body') };
  }

  /**
   * The campaign KPIs of a round, within the caller's scope (and inside `regionCode`, a division of
   * the round's region, as the dashboard drills down), overall and by region, industry and body.
   */
  async report(p: PrincipalEntity, round: RoundEntity, regionCode?: string) {
    const level = regionLevel(round.regionCode, regionCode);
    const [{ total, byRegion, byIndustry, byBody }, surveys] = await Promise.all([
      this.aggregate(p, round, level),
      this.regulator.groups({ roundId: round.id }, journeyScopeOf(p), level.code),
    ]);
    const ids = [
      ...new Set([...byBody.map((g) => g.key), ...surveys.journeys.map((g) => g.certificationBodyId)]),
    ].filter((k): k is string => k !== null);
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
      // The regulator's figures (API.md, "Reports and the evaluation questionnaire").
      ...this.regulator.figures(surveys, {
        regionCode: level.code,
        evaluationOffsets: round.settings.evaluationOffsets,
        bodies: named,
      }),
    };
  }
}
