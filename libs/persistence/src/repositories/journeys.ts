import type { DataSource, EntityManager } from 'typeorm';
import {
  TEXT_RECORDS,
  TERMINAL_STAGES,
  type Enterprise,
  type JourneyState,
  METRIC_NAMES,
  divisionPrefix,
  journeyFacts,
} from '@uplift/domain';
import type { JourneyRow } from '../entities/journey.entity';
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

/** The writes made while a round's row is share-locked (see `whileRoundOpen`). */
export interface JourneyWrites {
  /** Stores new journeys; one already in the round (same USCC) is skipped. Answers how many were stored. */
  insertNew(journeys: NewJourney[]): Promise<number>;
  /** The one place `launched_at` is set: once, when the journey's workflow is known to exist. */
  markLaunched(ids: string[]): Promise<void>;
}

/** The `journeys` read model: the only code that reads or writes the table. */
export interface JourneyRepository extends JourneyWrites {
  find(id: string): Promise<JourneyRow | null>;
  /** In id order after `afterId`, at most `limit`. */
  list(
    filters: JourneyFilterValues,
    scope: JourneyScope,
    page: { afterId?: string; limit: number },
  ): Promise<JourneyRow[]>;
  /** Whether the round has any journey within the scope. */
  anyInRound(roundId: string, scope: JourneyScope): Promise<boolean>;
  funnel(roundId: string, scope: JourneyScope): Promise<StageFunnel[]>;
  reportGroups(roundId: string, scope: JourneyScope, regionDigits: RegionDigits): Promise<ReportCells[]>;
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

/** `launched_at` as `markLaunched` sets it; a state's write sets it the same way (its workflow exists). */
const LAUNCHED = 'launched_at = COALESCE(launched_at, now())';

/** The values `fromState` gives each written column, in `STATE_WRITES` order. */
function stateValues(state: JourneyState): unknown[] {
  const facts = journeyFacts(state);
  return STATE_WRITES.map((c) => c.fromState!(state, facts));
}

/** Positional parameters and the conditions that use them. */
class Where {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  add(column: string, op: string, value: unknown): this {
    this.params.push(value);
    this.clauses.push(`${column} ${op} $${this.params.length}`);
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
      else this.add(c.column, '=', value);
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

  list(filters: JourneyFilterValues, scope: JourneyScope, page: { afterId?: string; limit: number }) {
    const where = new Where().filters(filters).scope(scope);
    if (page.afterId !== undefined) where.add('id', '>', page.afterId);
    return this.query<JourneyRow[]>(
      `SELECT ${ROW_SELECT} FROM journeys ${where.sql} ORDER BY id LIMIT $${where.params.length + 1}`,
      [...where.params, page.limit],
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
  reportGroups(roundId: string, scope: JourneyScope, regionDigits: RegionDigits): Promise<ReportCells[]> {
    const keys = {
      region: regionKey(regionDigits),
      industry: `coalesce(industry_section, '?')`,
      body: 'certification_body_id',
    };
    const where = new Where().add('round_id', '=', roundId).scope(scope);
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
    let stored = 0;
    const recordset = IMPORTED.map((c) => `${c.column} ${c.type}`).join(', ');
    const names = IMPORTED.map((c) => c.column).join(', ');
    for (let i = 0; i < journeys.length; i += INSERT_CHUNK) {
      const rows = journeys
        .slice(i, i + INSERT_CHUNK)
        .map((j) => Object.fromEntries(IMPORTED.map((c) => [c.column, c.imported!(j)])));
      const inserted = await this.query<unknown[]>(
        `INSERT INTO journeys (${names})
         SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS s(${recordset})
         ON CONFLICT DO NOTHING RETURNING id`,
        [JSON.stringify(rows)],
      );
      stored += inserted.length;
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
      c.key === 'state' ? `state = ${stateParam} || ${kept}` : `${c.column} = ${param(c)}`,
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
    const set = STATE_WRITES.map((c) => `${c.column} = s.${c.column}`).join(', ');
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
