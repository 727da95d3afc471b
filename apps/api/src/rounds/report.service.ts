import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  STAGES,
  type Metrics,
  type Stage,
  kpiRates,
  METRIC_NAMES,
  NATIONAL_DIVISION,
  spreadsheetCsv,
} from '@uplift/domain';
import {
  CertificationBodyEntity,
  JourneyEntity,
  type PrincipalEntity,
  type RoundEntity,
} from '@uplift/persistence';
import { whereJourneyInScope } from '../common/scope';

const COLUMN: Record<keyof Metrics, string> = {
  revenue: 'revenue',
  sales: 'sales',
  profitMargin: 'profit_margin',
  qualityCostRate: 'quality_cost_rate',
  firstPassYield: 'first_pass_yield',
};

type Raw = Record<string, string | number | null>;

/** Regions one level below the round's own: provinces for a national round, cities for a province, and so on. */
function regionKey(round: RoundEntity): string {
  if (round.regionCode === NATIONAL_DIVISION) return `left(j.region_code, 2) || '0000'`;
  if (round.regionCode.endsWith('0000')) return `left(j.region_code, 4) || '00'`;
  return 'j.region_code';
}

const num = (v: string | number | null) => (v === null ? null : Math.round(Number(v) * 100) / 100);

function group(raw: Raw) {
  const n = (k: string) => Number(raw[k] ?? 0);
  const counts = {
    assisted: n('assisted'),
    certified: n('certified'),
    evaluated: n('evaluated'),
    satisfied: n('satisfied'),
    fairlySatisfied: n('fairly_satisfied'),
    veryObvious: n('very_obvious'),
    fairlyObvious: n('fairly_obvious'),
  };
  return {
    key: raw.key === null ? null : String(raw.key),
    journeys: n('journeys'),
    stages: Object.fromEntries(STAGES.map((s) => [s, n(`stage_${s}`)])) as Record<Stage, number>,
    stalled: n('stalled'),
    outcomes: { certified: counts.certified, not_certified: n('not_certified'), declined: n('declined') },
    assisted: counts.assisted,
    evaluated: counts.evaluated,
    satisfaction: { satisfied: counts.satisfied, fairly_satisfied: counts.fairlySatisfied },
    effectiveness: { very_obvious: counts.veryObvious, fairly_obvious: counts.fairlyObvious },
    ...kpiRates(counts),
    /** Latest evaluation minus diagnosis baseline, over journeys that have both. */
    metricChanges: Object.fromEntries(
      METRIC_NAMES.map((m) => [
        m,
        {
          journeys: n(`${m}_n`),
          averageChange: num(raw[`${m}_change`]),
          averageChangePercent: num(raw[`${m}_change_pct`]),
        },
      ]),
    ) as Record<
      keyof Metrics,
      { journeys: number; averageChange: number | null; averageChangePercent: number | null }
    >,
  };
}
export type ReportGroup = ReturnType<typeof group>;

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One scan of the round's journeys, grouped by region, industry section and body together (a few
   * hundred groups at most); the total and the three breakdowns are summed from those groups here.
   * Averages travel as sums and counts so they roll up exactly. Four grouping sets in SQL cost four
   * times the aggregation over every row; this costs it once.
   */
  private async aggregate(p: PrincipalEntity, round: RoundEntity) {
    const keys = {
      region: regionKey(round),
      industry: `coalesce(j.industry_section, '?')`,
      body: 'j.certification_body_id',
    };
    // select() first: it replaces the entity's own columns, which a GROUP BY cannot carry.
    const qb = this.dataSource
      .getRepository(JourneyEntity)
      .createQueryBuilder('j')
      .select('count(*)::int', 'journeys');
    for (const [name, expr] of Object.entries(keys)) qb.addSelect(expr, name);
    for (const s of STAGES) qb.addSelect(`count(*) FILTER (WHERE j.stage = '${s}')::int`, `stage_${s}`);
    qb.addSelect('count(*) FILTER (WHERE j.stalled)::int', 'stalled')
      .addSelect('count(*) FILTER (WHERE j.assistance_completed)::int', 'assisted')
      .addSelect(`count(*) FILTER (WHERE j.certification_outcome = 'certified')::int`, 'certified')
      .addSelect(`count(*) FILTER (WHERE j.certification_outcome = 'not_certified')::int`, 'not_certified')
      .addSelect(`count(*) FILTER (WHERE j.certification_outcome = 'declined')::int`, 'declined')
      .addSelect('count(*) FILTER (WHERE j.evaluations_answered > 0)::int', 'evaluated')
      .addSelect(`count(*) FILTER (WHERE j.satisfaction = 'satisfied')::int`, 'satisfied')
      .addSelect(`count(*) FILTER (WHERE j.satisfaction = 'fairly_satisfied')::int`, 'fairly_satisfied')
      .addSelect(`count(*) FILTER (WHERE j.effectiveness = 'very_obvious')::int`, 'very_obvious')
      .addSelect(`count(*) FILTER (WHERE j.effectiveness = 'fairly_obvious')::int`, 'fairly_obvious');
    for (const m of METRIC_NAMES) {
      // In float8: numeric arithmetic over every row costs more than the rest of the scan together,
      // and averages shown to two decimals need no exact decimals.
      const b = `j.baseline_${COLUMN[m]}::float8`;
      const l = `j.latest_${COLUMN[m]}::float8`;
      const pct = `(${l} - ${b}) / abs(${b}) * 100`;
      qb.addSelect(`count(${l} - ${b})::int`, `${m}_n`)
        .addSelect(`sum(${l} - ${b})`, `${m}_sum`)
        .addSelect(`count(${pct}) FILTER (WHERE ${b} <> 0)::int`, `${m}_pct_n`)
        .addSelect(`sum(${pct}) FILTER (WHERE ${b} <> 0)`, `${m}_pct_sum`);
    }
    qb.where('j.round_id = :roundId', { roundId: round.id }).groupBy(
      `${keys.region}, ${keys.industry}, ${keys.body}`,
    );
    const rows = await whereJourneyInScope(qb, p).getRawMany<Raw>();
    const of = (name: keyof typeof keys | null) =>
      rollUp(rows, (r) => (name === null ? 'all' : r[name]))
        .map((r) => group(r))
        .sort((a, b) => String(a.key).localeCompare(String(b.key)));
    return { total: of(null), byRegion: of('region'), byIndustry: of('industry'), byBody: of('body') };
  }

  /** The campaign KPIs of a round, within the caller's scope, overall and by region, industry and body. */
  async report(p: PrincipalEntity, round: RoundEntity) {
    const { total, byRegion, byIndustry, byBody } = await this.aggregate(p, round);
    const ids = byBody.map((g) => g.key).filter((k): k is string => k !== null);
    const bodies = ids.length
      ? await this.dataSource
          .getRepository(CertificationBodyEntity)
          .createQueryBuilder('b')
          .whereInIds(ids)
          .getMany()
      : [];
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
    const rows: (string | number | null)[][] = [];
    const add = (dimension: string, key: string | null, label: string | null, g: ReportGroup) =>
      rows.push([
        dimension,
        key,
        label,
        g.journeys,
        ...STAGES.map((s) => g.stages[s]),
        g.stalled,
        g.assisted,
        g.outcomes.certified,
        g.outcomes.not_certified,
        g.outcomes.declined,
        g.evaluated,
        g.certifiedShare,
        g.satisfactionRate,
        g.effectivenessRate,
        ...METRIC_NAMES.flatMap((m) => [
          g.metricChanges[m].averageChange,
          g.metricChanges[m].averageChangePercent,
        ]),
      ]);
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
      ...STAGES,
      'stalled',
      'assisted',
      'certified',
      'not_certified',
      'declined',
      'evaluated',
      'certified_share',
      'satisfaction_rate',
      'effectiveness_rate',
      ...METRIC_NAMES.flatMap((m) => [`${m}_change`, `${m}_change_pct`]),
    ];
    // Names and codes come from people: written so no cell can run as a formula.
    return spreadsheetCsv([header, ...rows]);
  }
}
