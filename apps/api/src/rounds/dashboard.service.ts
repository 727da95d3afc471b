import { Inject, Injectable } from '@nestjs/common';
import {
  InvalidInputError,
  NATIONAL_DIVISION,
  STAGES,
  STEP_ACTORS,
  TERMINAL_STAGES,
  divisionCovers,
  divisionName,
  divisionPrefix,
  fieldError,
  kpiRates,
  type Stage,
  type StepActor,
} from '@uplift/domain';
import {
  CERTIFICATION_BODY_REPOSITORY,
  type CertificationBodyRepository,
  JOURNEY_REPOSITORY,
  type JourneyRepository,
  type PrincipalEntity,
  type RegionDigits,
  type ReportCells,
  type RoundEntity,
} from '@uplift/persistence';
import { journeyScopeOf } from '../common/scope';

/**
 * The campaign's path: a journey at one of these stages has passed through every stage before it.
 * The stages off it (rejected, withdrawn, cancelled) leave the path wherever they happen.
 */
const PATH: readonly Stage[] = STAGES.filter((s) => !TERMINAL_STAGES.includes(s) || s === 'completed');

/** One group's figures; rates are fractions between 0 and 1 (null when there is nothing to divide by). */
export interface DashboardFigures {
  journeys: number;
  stages: Record<Stage, number>;
  stalled: number;
  assisted: number;
  certified: number;
  certifiedShare: number | null;
  /** Journeys with at least one evaluation answered. */
  evaluated: number;
  /** Evaluations answered, summed over the journeys. */
  evaluationsAnswered: number;
  satisfactionRate: number | null;
  effectivenessRate: number | null;
}

export interface DivisionRef {
  code: string;
  name: string;
}

/** Where the region breakdown stands: the division shown, its rows' level, and the path back up. */
export interface RegionLevel {
  code: string;
  name: string;
  /** 2: provinces, 4: prefecture cities, 6: counties. */
  rowDigits: RegionDigits;
  /** From the round's region down to `code`, each a step of the breadcrumb. */
  path: DivisionRef[];
}

type Cells = ReportCells;
const KEYS = new Set(['region', 'industry', 'body']);

/** Sums fine groups by `keyOf`: every count adds up exactly, so any grouping is a sum of the fine one. */
export function sumBy(rows: Cells[], keyOf: (r: Cells) => string | null): Map<string | null, Cells> {
  const groups = new Map<string | null, Cells>();
  for (const row of rows) {
    const key = keyOf(row);
    const into = groups.get(key) ?? {};
    for (const [field, value] of Object.entries(row)) {
      if (KEYS.has(field) || value === null) continue;
      into[field] = Number(into[field] ?? 0) + Number(value);
    }
    groups.set(key, into);
  }
  return groups;
}

/** A group's figures from its summed counts; the rates are `kpiRates`, as the report defines them. */
export function figuresOf(cells: Cells): DashboardFigures {
  const n = (k: string) => Number(cells[k] ?? 0);
  const rates = kpiRates({
    assisted: n('assisted'),
    certified: n('certified'),
    evaluated: n('evaluated'),
    satisfied: n('satisfied'),
    fairlySatisfied: n('fairly_satisfied'),
    veryObvious: n('very_obvious'),
    fairlyObvious: n('fairly_obvious'),
  });
  return {
    journeys: n('journeys'),
    stages: Object.fromEntries(STAGES.map((s) => [s, n(s)])) as Record<Stage, number>,
    stalled: n('stalled'),
    assisted: n('assisted'),
    certified: n('certified'),
    certifiedShare: rates.certifiedShare,
    evaluated: n('evaluated'),
    evaluationsAnswered: n('evaluations'),
    satisfactionRate: rates.satisfactionRate,
    effectivenessRate: rates.effectivenessRate,
  };
}

/**
 * Journeys per stage in the campaign's order, and how many reached each stage of the path: those at
 * it or further along. The read model keeps no stage history, so a journey that left the path
 * (rejected, withdrawn, cancelled) counts as having reached screening only.
 */
export function funnelOf(total: DashboardFigures) {
  return STAGES.map((stage) => {
    const at = PATH.indexOf(stage);
    const reached =
      at < 0
        ? null
        : PATH.slice(at).reduce((sum, s) => sum + total.stages[s], 0) +
          (at === 0 ? total.journeys - PATH.reduce((sum, s) => sum + total.stages[s], 0) : 0);
    return { stage, journeys: total.stages[stage], reached };
  });
}

/** Stalled journeys by who must act; a step two actors share (an evaluation) counts under each. */
export function stalledByActor(total: Cells): { actor: StepActor; journeys: number }[] {
  return STEP_ACTORS.map((actor) => ({ actor, journeys: Number(total[`stalled_${actor}`] ?? 0) }));
}

const nameOf = (code: string) => divisionName(code) ?? code;

/**
 * The division the region breakdown shows (`regionCode`, else the round's own region) and its rows'
 * level, one below it; a county shows itself. `regionCode` must lie inside the round's region.
 */
export function regionLevel(roundRegion: string, regionCode: string | undefined): RegionLevel {
  const code = regionCode ?? roundRegion;
  if (!divisionCovers(roundRegion, code))
    throw new InvalidInputError([
      fieldError('regionCode', 'division.outside_round', { region: roundRegion }),
    ]);
  const digits = divisionPrefix(code).length;
  const rowDigits: RegionDigits = digits === 0 ? 2 : digits === 2 ? 4 : 6;
  const levels =
    code === NATIONAL_DIVISION
      ? [code]
      : [NATIONAL_DIVISION, `${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code];
  const top = divisionPrefix(roundRegion).length;
  const path = [...new Set(levels)]
    .filter((c) => divisionPrefix(c).length >= top && divisionCovers(roundRegion, c))
    .map((c) => ({ code: c, name: nameOf(c) }));
  return { code, name: nameOf(code), rowDigits, path };
}

const byCode = (a: { code: string | null }, b: { code: string | null }) =>
  a.code === null ? 1 : b.code === null ? -1 : a.code.localeCompare(b.code);

/** The whole answer from the fine groups, the body names aside. */
export function shapeDashboard(rows: Cells[], level: RegionLevel) {
  const total = sumBy(rows, () => 'all').get('all') ?? {};
  const totals = figuresOf(total);
  const regions = [...sumBy(rows, (r) => String(r.region))]
    .map(([code, cells]) => ({
      code: code!,
      name: nameOf(code!),
      drillable: level.rowDigits < 6 && code !== level.code,
      ...figuresOf(cells),
    }))
    .sort(byCode);
  const industries = [...sumBy(rows, (r) => (r.industry === '?' ? null : (r.industry as string | null)))]
    .map(([code, cells]) => ({ code, ...figuresOf(cells) }))
    .sort(byCode);
  const bodies = [...sumBy(rows, (r) => (r.body as string | null) ?? null)]
    .map(([id, cells]) => ({ certificationBodyId: id, ...figuresOf(cells) }))
    .sort((a, b) =>
      a.certificationBodyId === null ? 1 : b.certificationBodyId === null ? -1 : b.journeys - a.journeys,
    );
  return {
    totals,
    funnel: funnelOf(totals),
    stalled: { journeys: totals.stalled, byActor: stalledByActor(total) },
    region: { ...level, rows: regions },
    industries,
    bodies,
  };
}

@Injectable()
export class DashboardService {
  constructor(
    @Inject(JOURNEY_REPOSITORY) private readonly journeys: JourneyRepository,
    @Inject(CERTIFICATION_BODY_REPOSITORY) private readonly bodies: CertificationBodyRepository,
  ) {}

  /**
   * The round's dashboard within the caller's scope and inside `regionCode`: one scan grouped by
   * region × industry section × body (a few hundred groups), every figure summed from those groups.
   */
  async dashboard(p: PrincipalEntity, round: RoundEntity, regionCode?: string) {
    const level = regionLevel(round.regionCode, regionCode);
    const narrowed = level.code === round.regionCode ? null : level.code;
    const rows = await this.journeys.dashboardGroups(round.id, journeyScopeOf(p), narrowed, level.rowDigits);
    const shaped = shapeDashboard(rows, level);
    const ids = shaped.bodies.map((b) => b.certificationBodyId).filter((k): k is string => k !== null);
    const named = new Map((await this.bodies.findMany(ids)).map((b) => [b.id, b]));
    return {
      roundId: round.id,
      roundName: round.name,
      regionCode: round.regionCode,
      generatedAt: new Date().toISOString(),
      ...shaped,
      bodies: shaped.bodies.map((b) => ({
        ...b,
        code: b.certificationBodyId ? (named.get(b.certificationBodyId)?.code ?? null) : null,
        name: b.certificationBodyId ? (named.get(b.certificationBodyId)?.name ?? null) : null,
      })),
    };
  }
}
