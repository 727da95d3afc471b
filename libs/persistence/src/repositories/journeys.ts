import type { DataSource, EntityManager } from 'typeorm';
import {
  STEP_ACTORS,
  TEXT_RECORDS,
  TERMINAL_STAGES,
  type Enterprise,
  type JourneyState,
  IMPROVEMENT_AREAS,
  METRIC_DIRECTION,
  METRIC_NAMES,
  OBVIOUS,
  POSITIVE_SATISFACTION,
  REPORT_METRICS,
  type AnswerSums,
  type StepActor,
  type SurveyJourney,
  divisionPrefix,
  journeyFacts,
  normaliseUscc,
} from '@uplift/domain';
import type { JourneyRow } from '../entities/journey.entity';
import type { DigestLine } from './notification-queue';
import {
  JOURNEY_COLUMNS,
  REPORT_COUNTS,
  metricColumns,
  type JourneyColumn,
  type JourneyFilterValues,
  type NewJourney,
} from './journey-columns';

/** Which journeys a caller may see: all of them, those inside a division, or those assigned to a body. */
export type JourneyScope =
  | { kind: 'all' }
  | { kind: 'division'; regionCode: string }
  | { kind: 'body'; certificationBodyId: string | null };

/**
 * The list's orders: `id` (the default), `deadline` (soonest first, none last), `-deadline` (latest
 * first, none last), `-updatedAt` (last changed first), `escalatedAt` (escalated longest ago first,
 * those not escalated last); ties in id order, so every order is total and
 * a keyset page resumes exactly after its last row.
 */
export const JOURNEY_SORTS = ['id', 'deadline', '-deadline', '-updatedAt', 'escalatedAt'] as const;
export type JourneySort = (typeof JOURNEY_SORTS)[number];

/** What the list narrows to besides the column filters. */
export interface JourneySearch extends JourneyFilterValues {
  /** Journeys waiting for any of these (the pending step's actors). */
  mustAct?: readonly StepActor[];
  /** `true`: overdue (`OVERDUE`); `false`: not. */
  overdue?: boolean;
  /** `true`: escalated to the round's regulator and not cleared since; `false`: not. */
  escalated?: boolean;
  /**
   * Only rounds whose escalations go to this regulator (`Directory.regulatorOfRound`): those it
   * opened, and those whose opener's key is revoked (then the covering regulators inherit them).
   */
  escalatedTo?: string;
  /** The enterprise's name contains it, or its USCC starts with it (read as a USCC is). */
  q?: string;
  /** `true`: not ended (a round's change reaches these); `false`: ended. */
  open?: boolean;
}

/** Where a page resumes: after the row with this sort key (`JourneyListRow.sortKey`) and id. */
export interface JourneyPage {
  /** `id` when not given. */
  sort?: JourneySort;
  after?: { key: string | null; id: string };
  limit: number;
}

/** A listed row with its value of the sort's key, exact to the microsecond, for the next page's cursor. */
export type JourneyListRow = JourneyRow & { sortKey: string | null };

/** The inbox's counts over the filtered list. */
export interface JourneySummary {
  total: number;
  overdue: number;
  dueWithin7Days: number;
}

/** The round's journeys per stage, within a scope. */
export interface StageFunnel {
  stage: JourneyState['stage'];
  n: number;
  stalled: number;
  launched: number;
}

/** The report's grouping below the round's region: 2 digits per province, 4 per city, 6 per county. */
export type RegionDigits = 2 | 4 | 6;

/**
 * One fine group of the report (region × industry section × body): its keys, `journeys`, each of
 * `REPORT_COUNTS` by name, and per metric `<m>_n`, `<m>_sum`, `<m>_pct_n`, `<m>_pct_sum`.
 */
export type ReportCells = Record<string, string | number | null>;

export interface OpenJourney {
  id: string;
  launched: boolean;
  /** A first state was written (by the launcher or the workflow): its workflow may exist unmarked. */
  recorded: boolean;
  enterprise: Enterprise;
}

export interface PendingJourney {
  id: string;
  enterprise: Enterprise;
}

/** One journey as the regulator's figures read it (`SurveyJourney`, from the `survey` fact column), and its round. */
export type SurveyRow = SurveyJourney & { roundId: string };

/** Which journeys a regulator's report covers: one round's, or every round opened in a year (Beijing time). */
export type SurveySelection = { roundId: string } | { year: number };

/** The keys the regulator's figures are grouped by: region (at the report's digits), industry class, body. */
export interface SurveyKeys {
  region: string;
  industryCode: string;
  certificationBodyId: string | null;
}

/** Journeys of one round sharing `SurveyKeys`: what `campaignCounts` counts. */
export interface SurveyJourneyGroup extends SurveyKeys {
  roundId: string;
  journeys: number;
  assisted: number;
  certified: number;
}

/**
 * Answers sharing their wave, source, whether each is its journey's latest, and `SurveyKeys`: the
 * counts and sums `figuresOfSums` makes figures of.
 */
export interface SurveyAnswerGroup extends SurveyKeys {
  n: number;
  via: 'link' | 'api';
  latest: boolean;
  sums: AnswerSums;
}

/** The regulator's figures of a selection, as fine groups a report adds up. */
export interface SurveyGroups {
  journeys: SurveyJourneyGroup[];
  answers: SurveyAnswerGroup[];
}

/** The writes made while a round's row is share-locked (see `whileRoundOpen`). */
export interface JourneyWrites {
  /** Stores new journeys; one already in the round (same USCC) is skipped. Answers how many were stored. */
  insertNew(journeys: NewJourney[]): Promise<number>;
  /** As `insertNew`, answering the ids stored (the others were in the round already). */
  insertNewIds(journeys: NewJourney[]): Promise<string[]>;
  /** The one place `launched_at` is set: once, when the journey's workflow is known to exist. */
  markLaunched(ids: string[]): Promise<void>;
}

/** The `journeys` read model: the only code that reads or writes the table. */
export interface JourneyRepository extends JourneyWrites {
  find(id: string): Promise<JourneyRow | null>;
  /** In the page's order after its `after`, at most `limit`. */
  list(filters: JourneySearch, scope: JourneyScope, page: JourneyPage): Promise<JourneyListRow[]>;
  /** Counts over the same rows `list` pages through, in one aggregate. */
  summary(filters: JourneySearch, scope: JourneyScope): Promise<JourneySummary>;
  /** The rounds with any journey within the scope. */
  roundsWithJourneys(scope: JourneyScope): Promise<string[]>;
  /** `funnel` of several rounds in one query. */
  funnels(roundIds: string[], scope: JourneyScope): Promise<(StageFunnel & { roundId: string })[]>;
  /** Whether the round has any journey within the scope. */
  anyInRound(roundId: string, scope: JourneyScope): Promise<boolean>;
  funnel(roundId: string, scope: JourneyScope): Promise<StageFunnel[]>;
  reportGroups(
    roundId: string,
    scope: JourneyScope,
    regionCode: string | null,
    regionDigits: RegionDigits,
  ): Promise<ReportCells[]>;
  /**
   * The dashboard's fine groups (region at `regionDigits` × industry section × body) of the round's
   * journeys inside `regionCode` (any when null): each of `REPORT_COUNTS` by name, `journeys`,
   * `evaluations` (answers summed) and `stalled_<actor>` per `STEP_ACTORS`.
   */
  dashboardGroups(
    roundId: string,
    scope: JourneyScope,
    regionCode: string | null,
    regionDigits: RegionDigits,
  ): Promise<ReportCells[]>;
  /**
   * The journeys of `selection` within the scope (and inside `regionCode` when given), each with what
   * the regulator's figures read: a narrow row and its `survey` column, never the state.
   */
  surveyRows(
    selection: SurveySelection,
    scope: JourneyScope,
    regionCode: string | null,
  ): Promise<SurveyRow[]>;
  /**
   * What `surveyRows` gives, summed in SQL over fine groups (`journey_answers`, the survey's answers
   * one row each): a few hundred rows where `surveyRows` gives every journey's survey.
   */
  surveyGroups(
    selection: SurveySelection,
    scope: JourneyScope,
    regionCode: string | null,
    regionDigits: RegionDigits,
  ): Promise<SurveyGroups>;
  /** Open rounds with journeys stored over a minute ago and not launched yet. */
  roundsAwaitingLaunch(limit: number): Promise<string[]>;
  pending(roundId: string, limit: number): Promise<PendingJourney[]>;
  /** Non-terminal journeys of the round after `afterId`, in id order. */
  openJourneys(roundId: string, afterId: string, limit: number): Promise<OpenJourney[]>;
  /** The enterprise a journey is about, as imported. */
  enterprise(journeyId: string): Promise<Enterprise>;
  /** Writes `state` unless a newer version is there; also marks the journey launched. */
  record(state: JourneyState): Promise<void>;
  /** Writes many states in one statement, each unless a newer version is there; `launched_at` is left alone. */
  recordMany(states: JourneyState[]): Promise<void>;
  /**
   * Runs `work` while the round is open, holding a share lock on the round's row in one transaction:
   * closing the round waits for it, and nothing runs once the round is closed. 'closed' otherwise.
   */
  whileRoundOpen<T>(roundId: string, work: (tx: JourneyWrites) => Promise<T>): Promise<T | 'closed'>;
}

const ALL = JOURNEY_COLUMNS as readonly JourneyColumn[];
const ROW_SELECT = ALL.filter((c) => c.kind === 'row')
  .map((c) => `${c.column} AS "${c.key}"`)
  .join(', ');
const STATE_WRITES = ALL.filter((c) => c.fromState);
const IMPORTED = ALL.filter((c) => c.imported);
const INSERT_CHUNK = 1000;

/** What a write sets `c` to, given the state's value and the stored one (`keep`). */
function written(c: JourneyColumn, value: string, stored: string): string {
  if (c.keep !== 'first') return value;
  const typed = `${value}::${c.type}`;
  return `CASE WHEN ${typed} IS NULL THEN NULL ELSE COALESCE(${stored}, ${typed}) END`;
}

/** `launched_at` as `markLaunched` sets it; a state's write sets it the same way (its workflow exists). */
const LAUNCHED = 'launched_at = COALESCE(launched_at, now())';

/** The values `fromState` gives each written column, in `STATE_WRITES` order. */
function stateValues(state: JourneyState): unknown[] {
  const facts = journeyFacts(state);
  return STATE_WRITES.map((c) => c.fromState!(state, facts));
}

/**
 * Overdue: past the deadline, and someone must act (the stage is open and waits for a step).
 * Written once, for the list's filter and the summary's count.
 */
const OVERDUE = `(deadline < now() AND due_actors <> '{}')`;
const DUE_WITHIN_7_DAYS = `(deadline >= now() AND deadline < now() + interval '7 days' AND due_actors <> '{}')`;

/** A timestamp as a sort key: UTC, to the microsecond PostgreSQL keeps, so a keyset compares exactly. */
const sortKeyOf = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Each order's key column, direction and keyset condition (`k` the key's parameter, `i` the id's). */
const ORDERS: Record<
  JourneySort,
  { key: string | null; order: string; after: (k: string | null, i: string) => string }
> = {
  id: { key: null, order: 'id', after: (_, i) => `id > ${i}` },
  deadline: {
    key: 'deadline',
    order: 'deadline ASC NULLS LAST, id',
    after: (k, i) =>
      k === null
        ? `(deadline IS NULL AND id > ${i})`
        : `(deadline > ${k} OR (deadline = ${k} AND id > ${i}) OR deadline IS NULL)`,
  },
  '-deadline': {
    key: 'deadline',
    order: 'deadline DESC NULLS LAST, id',
    after: (k, i) =>
      k === null
        ? `(deadline IS NULL AND id > ${i})`
        : `(deadline < ${k} OR (deadline = ${k} AND id > ${i}) OR deadline IS NULL)`,
  },
  escalatedAt: {
    key: 'escalated_at',
    order: 'escalated_at ASC NULLS LAST, id',
    after: (k, i) =>
      k === null
        ? `(escalated_at IS NULL AND id > ${i})`
        : `(escalated_at > ${k} OR (escalated_at = ${k} AND id > ${i}) OR escalated_at IS NULL)`,
  },
  '-updatedAt': {
    key: 'updated_at',
    order: 'updated_at DESC, id',
    after: (k, i) => `(updated_at < ${k} OR (updated_at = ${k} AND id > ${i}))`,
  },
};

/** `text` inside a LIKE pattern, matched literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Positional parameters and the conditions that use them. */
class Where {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  add(column: string, op: string, value: unknown): this {
    return this.raw((p) => `${column} ${op} ${p(value)}`);
  }

  /** A condition written with `p(value)` for each parameter. */
  raw(write: (p: (value: unknown) => string) => string): this {
    this.clauses.push(
      write((value) => {
        this.params.push(value);
        return `$${this.params.length}`;
      }),
    );
    return this;
  }

  /** A region inside the division `code` (the SQL form of `divisionCovers`). */
  division(code: string): this {
    return this.add('region_code', 'LIKE', `${divisionPrefix(code)}%`);
  }

  filters(values: JourneyFilterValues): this {
    for (const c of ALL) {
      const value = (values as Record<string, unknown>)[c.key];
      if (!c.filter || value === undefined) continue;
      if (c.filter.match === 'division') this.division(value as string);
      else if (value === null) this.raw(() => `${c.column} IS NULL`);
      else this.add(c.column, '=', value);
    }
    return this;
  }

  search(search: JourneySearch): this {
    this.filters(search);
    if (search.mustAct) {
      // Literals, checked against the table's actors, so the partial indexes on them apply.
      const actors = search.mustAct.filter((a) => (STEP_ACTORS as readonly string[]).includes(a));
      this.raw(() =>
        actors.length ? `(${actors.map((a) => `'${a}' = ANY(due_actors)`).join(' OR ')})` : 'false',
      );
    }
    if (search.overdue !== undefined)
      this.raw(() => (search.overdue ? OVERDUE : `NOT coalesce(${OVERDUE}, false)`));
    if (search.open !== undefined)
      this.raw((p) => `${search.open ? 'NOT ' : ''}(stage = ANY(${p(TERMINAL_STAGES)}::text[]))`);
    if (search.escalated !== undefined)
      this.raw(() => `escalated_at IS ${search.escalated ? 'NOT ' : ''}NULL`);
    if (search.escalatedTo !== undefined)
      this.raw(
        (p) => `round_id IN (SELECT r.id FROM rounds r LEFT JOIN principals o ON o.id = r.created_by
                 WHERE r.created_by = ${p(search.escalatedTo)}::uuid OR o.id IS NULL OR o.revoked_at IS NOT NULL)`,
      );
    if (search.q !== undefined) {
      const name = `%${likeLiteral(search.q.trim())}%`;
      const uscc = normaliseUscc(search.q);
      this.raw((p) =>
        /^[0-9A-Z]+$/.test(uscc)
          ? `(enterprise ->> 'name' ILIKE ${p(name)} OR uscc LIKE ${p(`${uscc}%`)})`
          : `enterprise ->> 'name' ILIKE ${p(name)}`,
      );
    }
    return this;
  }

  /** The SQL form of `journeyInScope`: lists and counts show exactly the journeys one could open. */
  scope(scope: JourneyScope): this {
    if (scope.kind === 'division') return this.division(scope.regionCode);
    if (scope.kind === 'body') return this.add('certification_body_id', '=', scope.certificationBodyId);
    return this;
  }

  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/**
 * The ids of the journeys a search finds within a scope, as the list finds them, in id order (and
 * only those of `ids` when given): a statement and the parameters `$1`… it uses, for a caller that
 * runs it inside its own (a batch storing its selection numbers its parameters after these).
 */
export function journeyIdsQuery(
  filters: JourneySearch,
  scope: JourneyScope,
  ids?: readonly string[],
): { sql: string; params: unknown[] } {
  const where = new Where().search(filters).scope(scope);
  if (ids) where.raw((p) => `id = ANY(${p(ids)}::text[])`);
  return { sql: `SELECT id FROM journeys ${where.sql} ORDER BY id`, params: where.params };
}

/** Where a journey stands, as a batch needs it before sending its step. */
export interface JourneyProgress {
  id: string;
  stage: JourneyState['stage'];
  launched: boolean;
  enterprise: Enterprise;
}

function regionKey(digits: RegionDigits): string {
  return digits === 6 ? 'region_code' : `left(region_code, ${digits}) || '${'0'.repeat(6 - digits)}'`;
}

/** The report's aggregates over one group, from the column list. */
function reportSelects(): string[] {
  const selects = REPORT_COUNTS.map(
    (n) => `count(*) FILTER (WHERE ${n.column} ${n.when})::int AS "${n.name}"`,
  );
  for (const m of METRIC_NAMES) {
    // In float8: numeric arithmetic over every row costs more than the rest of the scan together,
    // and averages shown to two decimals need no exact decimals.
    const { baseline, latest } = metricColumns(m);
    const b = `${baseline}::float8`;
    const l = `${latest}::float8`;
    const pct = `(${l} - ${b}) / abs(${b}) * 100`;
    selects.push(
      `count(${l} - ${b})::int AS "${m}_n"`,
      `sum(${l} - ${b}) AS "${m}_sum"`,
      `count(${pct}) FILTER (WHERE ${b} <> 0)::int AS "${m}_pct_n"`,
      `sum(${pct}) FILTER (WHERE ${b} <> 0) AS "${m}_pct_sum"`,
    );
  }
  return selects;
}

/** The SQL list of a set of answer codes (the domain's constants, never input). */
const codes = (set: ReadonlySet<string>) => [...set].map((c) => `'${c}'`).join(', ');

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * What `answerFigures` counts and sums, as aggregates over `journey_answers` named by the fields of
 * `AnswerSums` (`<m>_<field>` per metric, `area_<i>` per area): the same rules, written once here
 * from the domain's lists and directions.
 */
function answerSelects(): string[] {
  const selects = [
    `count(*)::int AS "answered"`,
    `count(*) FILTER (WHERE satisfaction IN (${codes(POSITIVE_SATISFACTION)}))::int AS "satisfied"`,
    `count(*) FILTER (WHERE effectiveness IN (${codes(OBVIOUS)}))::int AS "obvious"`,
    `count(follow_up_satisfaction)::int AS "followUpAsked"`,
    `count(*) FILTER (WHERE follow_up_satisfaction IN (${codes(POSITIVE_SATISFACTION)}))::int AS "followUpSatisfied"`,
    `count(improvements)::int AS "areasAsked"`,
    ...IMPROVEMENT_AREAS.map(
      (a, i) => `count(*) FILTER (WHERE '${a}' = ANY(improvements))::int AS "area_${i}"`,
    ),
    `count(problems_solved)::int AS "problemsAsked"`,
    `coalesce(sum(problems_solved), 0) AS "problemsTotal"`,
  ];
  for (const m of REPORT_METRICS) {
    const c = snakeCase(m);
    const change = `change_${c}`;
    const better = METRIC_DIRECTION[m] === 'up' ? `${change} > 0` : `${change} < 0`;
    selects.push(
      `count(${change})::int AS "${m}_measured"`,
      `coalesce(sum(${change}), 0) AS "${m}_changes"`,
      `count(*) FILTER (WHERE ${better})::int AS "${m}_improved"`,
      `coalesce(sum(abs(${change})) FILTER (WHERE ${better}), 0) AS "${m}_improvements"`,
      `coalesce(sum(before_${c}) FILTER (WHERE ${change} IS NOT NULL), 0) AS "${m}_before"`,
      `coalesce(sum(after_${c}) FILTER (WHERE ${change} IS NOT NULL), 0) AS "${m}_after"`,
    );
  }
  return selects;
}
const ANSWER_SELECTS = answerSelects().join(',\n              ');

/** An answer group's row as `answerSelects` names its columns, into `AnswerSums`. */
function answerSums(row: Record<string, string | number>): AnswerSums {
  const n = (k: string) => Number(row[k]);
  return {
    answered: n('answered'),
    satisfied: n('satisfied'),
    obvious: n('obvious'),
    followUpAsked: n('followUpAsked'),
    followUpSatisfied: n('followUpSatisfied'),
    areasAsked: n('areasAsked'),
    areaCounts: IMPROVEMENT_AREAS.map((_, i) => n(`area_${i}`)),
    problemsAsked: n('problemsAsked'),
    problemsTotal: n('problemsTotal'),
    metrics: REPORT_METRICS.map((m) => ({
      measured: n(`${m}_measured`),
      changes: n(`${m}_changes`),
      improved: n(`${m}_improved`),
      improvements: n(`${m}_improvements`),
      before: n(`${m}_before`),
      after: n(`${m}_after`),
    })),
  };
}

/** The rows of a report's selection, within the scope, inside `regionCode` when given (same columns in both tables). */
function surveyWhere(selection: SurveySelection, scope: JourneyScope, regionCode: string | null): Where {
  const where = new Where();
  if ('roundId' in selection) where.add('round_id', '=', selection.roundId);
  else
    where.raw(
      (p) => `round_id IN (SELECT id FROM rounds
               WHERE extract(year FROM created_at AT TIME ZONE 'Asia/Shanghai') = ${p(selection.year)})`,
    );
  where.scope(scope);
  if (regionCode !== null) where.division(regionCode);
  return where;
}

type Db = DataSource | EntityManager;

export class SqlJourneyRepository implements JourneyRepository {
  constructor(private readonly db: Db) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T> {
    return this.db.query(sql, params) as Promise<T>;
  }

  async find(id: string): Promise<JourneyRow | null> {
    const [row] = await this.query<JourneyRow[]>(`SELECT ${ROW_SELECT} FROM journeys WHERE id = $1`, [id]);
    return row ?? null;
  }

  list(filters: JourneySearch, scope: JourneyScope, page: JourneyPage): Promise<JourneyListRow[]> {
    const order = ORDERS[page.sort ?? 'id'];
    const where = new Where().search(filters).scope(scope);
    const after = page.after;
    if (after)
      where.raw((p) => order.after(after.key === null ? null : `${p(after.key)}::timestamptz`, p(after.id)));
    const sortKey = order.key ? sortKeyOf(order.key) : 'NULL::text';
    return this.query<JourneyListRow[]>(
      `SELECT ${ROW_SELECT}, ${sortKey} AS "sortKey" FROM journeys ${where.sql}
        ORDER BY ${order.order} LIMIT $${where.params.length + 1}`,
      [...where.params, page.limit],
    );
  }

  /** Stage, launch and enterprise of each of `ids` that exists. */
  progress(ids: readonly string[]): Promise<JourneyProgress[]> {
    return this.query<JourneyProgress[]>(
      `SELECT id, stage, launched_at IS NOT NULL AS launched, enterprise FROM journeys WHERE id = ANY($1::text[])`,
      [ids],
    );
  }

  async summary(filters: JourneySearch, scope: JourneyScope): Promise<JourneySummary> {
    const where = new Where().search(filters).scope(scope);
    const [row] = await this.query<JourneySummary[]>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE ${OVERDUE})::int AS overdue,
              count(*) FILTER (WHERE ${DUE_WITHIN_7_DAYS})::int AS "dueWithin7Days"
         FROM journeys ${where.sql}`,
      where.params,
    );
    return row;
  }

  async roundsWithJourneys(scope: JourneyScope): Promise<string[]> {
    const where = new Where().scope(scope);
    const rows = await this.query<{ id: string }[]>(
      `SELECT DISTINCT round_id AS id FROM journeys ${where.sql}`,
      where.params,
    );
    return rows.map((r) => r.id);
  }

  funnels(roundIds: string[], scope: JourneyScope): Promise<(StageFunnel & { roundId: string })[]> {
    const where = new Where().raw((p) => `round_id = ANY(${p(roundIds)}::uuid[])`).scope(scope);
    return this.query(
      `SELECT round_id AS "roundId", stage, count(*)::int AS n, count(*) FILTER (WHERE stalled)::int AS stalled,
              count(launched_at)::int AS launched
         FROM journeys ${where.sql} GROUP BY round_id, stage`,
      where.params,
    );
  }

  async anyInRound(roundId: string, scope: JourneyScope): Promise<boolean> {
    const where = new Where().add('round_id', '=', roundId).scope(scope);
    const [row] = await this.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM journeys ${where.sql}) AS any`,
      where.params,
    );
    return row.any;
  }

  funnel(roundId: string, scope: JourneyScope): Promise<StageFunnel[]> {
    const where = new Where().add('round_id', '=', roundId).scope(scope);
    return this.query(
      `SELECT stage, count(*)::int AS n, count(*) FILTER (WHERE stalled)::int AS stalled,
              count(launched_at)::int AS launched
         FROM journeys ${where.sql} GROUP BY stage`,
      where.params,
    );
  }

  /**
   * One scan of the round's journeys, grouped by region, industry section and body together (a few
   * hundred groups at most); the caller sums the total and the breakdowns from these groups.
   */
  reportGroups(
    roundId: string,
    scope: JourneyScope,
    regionCode: string | null,
    regionDigits: RegionDigits,
  ): Promise<ReportCells[]> {
    const keys = {
      region: regionKey(regionDigits),
      industry: `coalesce(industry_section, '?')`,
      body: 'certification_body_id',
    };
    const where = new Where().add('round_id', '=', roundId).scope(scope);
    if (regionCode !== null) where.division(regionCode);
    return this.query(
      `SELECT count(*)::int AS "journeys",
              ${Object.entries(keys)
                .map(([name, expr]) => `${expr} AS "${name}"`)
                .join(', ')},
              ${reportSelects().join(',\n              ')}
         FROM journeys ${where.sql}
        GROUP BY ${Object.values(keys).join(', ')}`,
      where.params,
    );
  }

  dashboardGroups(
    roundId: string,
    scope: JourneyScope,
    regionCode: string | null,
    regionDigits: RegionDigits,
  ): Promise<ReportCells[]> {
    const where = new Where().add('round_id', '=', roundId).scope(scope);
    if (regionCode !== null) where.division(regionCode);
    const keys = {
      region: regionKey(regionDigits),
      industry: `coalesce(industry_section, '?')`,
      body: 'certification_body_id',
    };
    const selects = [
      ...REPORT_COUNTS.map((n) => `count(*) FILTER (WHERE ${n.column} ${n.when})::int AS "${n.name}"`),
      // Literals from the actor list, so each is a plain array test the planner folds into the scan.
      ...STEP_ACTORS.map(
        (a) => `count(*) FILTER (WHERE stalled AND '${a}' = ANY(due_actors))::int AS "stalled_${a}"`,
      ),
      `coalesce(sum(evaluations_answered), 0)::int AS "evaluations"`,
    ];
    return this.query(
      `SELECT count(*)::int AS "journeys",
              ${Object.entries(keys)
                .map(([name, expr]) => `${expr} AS "${name}"`)
                .join(', ')},
              ${selects.join(',\n              ')}
         FROM journeys ${where.sql}
        GROUP BY ${Object.values(keys).join(', ')}`,
      where.params,
    );
  }

  async surveyRows(
    selection: SurveySelection,
    scope: JourneyScope,
    regionCode: string | null,
  ): Promise<SurveyRow[]> {
    const where = surveyWhere(selection, scope, regionCode);
    const rows = await this.query<
      {
        roundId: string;
        regionCode: string;
        industryCode: string;
        certificationBodyId: string | null;
        assisted: boolean;
        certified: boolean;
        survey: { baseline: SurveyRow['baseline']; answers: SurveyRow['answers'] } | null;
      }[]
    >(
      `SELECT round_id AS "roundId", region_code AS "regionCode", industry_code AS "industryCode",
              certification_body_id AS "certificationBodyId", assistance_completed AS "assisted",
              certification_outcome IS NOT DISTINCT FROM 'certified' AS "certified", survey
         FROM journeys ${where.sql}`,
      where.params,
    );
    return rows.map(({ survey, ...r }) => ({
      ...r,
      baseline: survey?.baseline ?? null,
      answers: survey?.answers ?? [],
    }));
  }

  async surveyGroups(
    selection: SurveySelection,
    scope: JourneyScope,
    regionCode: string | null,
    regionDigits: RegionDigits,
  ): Promise<SurveyGroups> {
    const where = surveyWhere(selection, scope, regionCode);
    const keys = `${regionKey(regionDigits)} AS "region", industry_code AS "industryCode",
              certification_body_id AS "certificationBodyId"`;
    // Two scans side by side (the pool's connections): the journeys, and their answers.
    const [journeys, answers] = await Promise.all([
      this.query<SurveyJourneyGroup[]>(
        `SELECT round_id AS "roundId", ${keys}, count(*)::int AS "journeys",
                count(*) FILTER (WHERE assistance_completed)::int AS "assisted",
                count(*) FILTER (WHERE certification_outcome = 'certified')::int AS "certified"
           FROM journeys ${where.sql} GROUP BY 1, 2, 3, 4`,
        where.params,
      ),
      this.query<
        (SurveyKeys & { n: number; via: 'link' | 'api'; latest: boolean } & Record<string, string | number>)[]
      >(
        `SELECT n, via, latest, ${keys},
                ${ANSWER_SELECTS}
           FROM journey_answers ${where.sql} GROUP BY 1, 2, 3, 4, 5, 6`,
        where.params,
      ),
    ]);
    return {
      journeys,
      answers: answers.map((r) => ({
        n: r.n,
        via: r.via,
        latest: r.latest,
        region: r.region,
        industryCode: r.industryCode,
        certificationBodyId: r.certificationBodyId,
        sums: answerSums(r),
      })),
    };
  }

  async roundsAwaitingLaunch(limit: number): Promise<string[]> {
    const rows = await this.query<{ id: string }[]>(
      `SELECT DISTINCT j.round_id AS id FROM journeys j JOIN rounds r ON r.id = j.round_id
        WHERE j.launched_at IS NULL AND r.status = 'open' AND j.created_at < now() - interval '1 minute'
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  pending(roundId: string, limit: number): Promise<PendingJourney[]> {
    return this.query(
      `SELECT id, enterprise FROM journeys WHERE round_id = $1 AND launched_at IS NULL ORDER BY id LIMIT $2`,
      [roundId, limit],
    );
  }

  openJourneys(roundId: string, afterId: string, limit: number): Promise<OpenJourney[]> {
    return this.query(
      `SELECT id, launched_at IS NOT NULL AS launched, version > 0 AS recorded, enterprise FROM journeys
        WHERE round_id = $1 AND id > $2 AND stage <> ALL($4::text[])
        ORDER BY id LIMIT $3`,
      [roundId, afterId, limit, TERMINAL_STAGES],
    );
  }

  async insertNew(journeys: NewJourney[]): Promise<number> {
    return (await this.insertNewIds(journeys)).length;
  }

  async insertNewIds(journeys: NewJourney[]): Promise<string[]> {
    const stored: string[] = [];
    const recordset = IMPORTED.map((c) => `${c.column} ${c.type}`).join(', ');
    const names = IMPORTED.map((c) => c.column).join(', ');
    for (let i = 0; i < journeys.length; i += INSERT_CHUNK) {
      const rows = journeys
        .slice(i, i + INSERT_CHUNK)
        .map((j) => Object.fromEntries(IMPORTED.map((c) => [c.column, c.imported!(j)])));
      const inserted = await this.query<{ id: string }[]>(
        `INSERT INTO journeys (${names})
         SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS s(${recordset})
         ON CONFLICT DO NOTHING RETURNING id`,
        [JSON.stringify(rows)],
      );
      for (const r of inserted) stored.push(r.id);
    }
    return stored;
  }

  async markLaunched(ids: string[]): Promise<void> {
    await this.query(`UPDATE journeys SET ${LAUNCHED} WHERE id = ANY($1) AND launched_at IS NULL`, [ids]);
  }

  /**
   * The workflow sends a record's texts once, with the step's own write (`withoutTexts`): so a record
   * already stored is kept as it is, texts and all, while the state carries the same one (made at the
   * same instant). An amendment (a diagnosis or plan submitted again) is a new record and replaces it.
   */
  async record(state: JourneyState): Promise<void> {
    const values = stateValues(state);
    const n = values.length;
    const param = (c: JourneyColumn) => `$${STATE_WRITES.indexOf(c) + 2}`;
    const stateParam = `${param(STATE_WRITES.find((c) => c.key === 'state')!)}::jsonb`;
    // The records the row has that the new state has too, as they are stored; the last parameter names them.
    const kept = `COALESCE((SELECT jsonb_object_agg(k, journeys.state -> k)
        FROM unnest($${n + 2}::text[]) AS k
       WHERE journeys.state ? k AND ${stateParam} ? k
         AND journeys.state -> k -> 'at' IS NOT DISTINCT FROM ${stateParam} -> k -> 'at'), '{}'::jsonb)`;
    const set = STATE_WRITES.map((c) =>
      c.key === 'state'
        ? `state = ${stateParam} || ${kept}`
        : `${c.column} = ${written(c, param(c), `journeys.${c.column}`)}`,
    ).join(', ');
    await this.query(
      `UPDATE journeys SET ${set}, ${LAUNCHED}, updated_at = now() WHERE id = $1 AND version < ${param(
        STATE_WRITES.find((c) => c.key === 'version')!,
      )}`,
      [state.id, ...values, TEXT_RECORDS],
    );
  }

  async recordMany(states: JourneyState[]): Promise<void> {
    if (states.length === 0) return;
    const rows = states.map((state) => {
      const values = stateValues(state);
      return Object.fromEntries([['id', state.id], ...STATE_WRITES.map((c, i) => [c.column, values[i]])]);
    });
    const set = STATE_WRITES.map((c) => `${c.column} = ${written(c, `s.${c.column}`, `j.${c.column}`)}`).join(
      ', ',
    );
    const recordset = ['id text', ...STATE_WRITES.map((c) => `${c.column} ${c.type}`)].join(', ');
    await this.query(
      `UPDATE journeys AS j
          SET ${set}, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS s(${recordset})
        WHERE j.id = s.id AND j.version < s.version`,
      [JSON.stringify(rows)],
    );
  }

  async enterprise(journeyId: string): Promise<Enterprise> {
    const [row] = await this.query<{ enterprise: Enterprise }[]>(
      `SELECT enterprise FROM journeys WHERE id = $1`,
      [journeyId],
    );
    if (!row) throw new Error(`no journey ${journeyId} in the read model`);
    return row.enterprise;
  }

  /**
   * The journeys a digest lists (`DigestItems.lines`): each journey of the digest's items still stalled
   * in the stall they were about, once, grouped by round and stage.
   */
  async digestLines(digestKey: string): Promise<DigestLine[]> {
    const rows = (await this.query(
      `SELECT j.id, j.round_id, r.name AS round_name, j.stage, j.due_step, j.enterprise, j.deadline,
              j.state ->> 'stalledSince' AS stalled_since, bool_or(i.template = 'escalation') AS escalated,
              min(i.step) AS item_step
         FROM digest_items i
         JOIN journeys j ON j.id = i.journey_id
         JOIN rounds r ON r.id = j.round_id
        WHERE i.digest_key = $1 AND j.stalled AND NOT (j.stage = ANY($2))
          AND (i.stalled_since IS NULL OR i.stalled_since = j.state ->> 'stalledSince')
        GROUP BY j.id, r.name
        ORDER BY r.name, j.round_id, j.stage, j.id`,
      [digestKey, TERMINAL_STAGES],
    )) as {
      id: string;
      round_id: string;
      round_name: string;
      stage: JourneyState['stage'];
      due_step: string | null;
      enterprise: Enterprise;
      deadline: Date | null;
      stalled_since: string | null;
      escalated: boolean;
      item_step: string;
    }[];
    return rows.map((r) => ({
      journeyId: r.id,
      roundId: r.round_id,
      roundName: r.round_name,
      stage: r.stage,
      step: r.due_step ?? r.item_step,
      enterprise: { name: r.enterprise.name, uscc: r.enterprise.uscc },
      deadline: r.deadline,
      stalledSince: r.stalled_since,
      escalated: r.escalated,
    }));
  }

  async stage(journeyId: string): Promise<JourneyState['stage']> {
    const [row] = await this.query<{ stage: JourneyState['stage'] }[]>(
      `SELECT stage FROM journeys WHERE id = $1`,
      [journeyId],
    );
    if (!row) throw new Error(`no journey ${journeyId} in the read model`);
    return row.stage;
  }

  whileRoundOpen<T>(roundId: string, work: (tx: JourneyWrites) => Promise<T>): Promise<T | 'closed'> {
    return this.db.transaction(async (tx) => {
      const [row] = (await tx.query(`SELECT status FROM rounds WHERE id = $1 FOR SHARE`, [roundId])) as {
        status: string;
      }[];
      if (row?.status !== 'open') return 'closed';
      return work(new SqlJourneyRepository(tx));
    });
  }
}
