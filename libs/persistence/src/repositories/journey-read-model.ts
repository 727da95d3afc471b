import type { DataSource } from 'typeorm';
import {
  TEXT_RECORDS,
  type Enterprise,
  type JourneyState,
  type Metrics,
  journeyFacts,
  METRIC_NAMES,
} from '@uplift/domain';

/** Where the workflow mirrors its state for lists, filters and counts. */
export interface JourneyReadModel {
  /** Writes `state` unless a newer version is already there; the row itself is created by the import. */
  record(state: JourneyState): Promise<void>;
  /** The enterprise a journey is about, as imported: emails read it here, not from the workflow. */
  enterprise(journeyId: string): Promise<Enterprise>;
}

/** The read model's columns for `state`, in the order of `COLUMNS`. */
function rowOf(state: JourneyState): unknown[] {
  const f = journeyFacts(state);
  const metric = (m: Metrics | null, k: keyof Metrics) => (m ? m[k] : null);
  return [
    state.id,
    state.stage,
    state.stalled,
    state.deadline,
    state.certificationBodyId,
    state,
    state.version,
    f.assistanceCompleted,
    f.certificationOutcome,
    f.evaluationsAnswered,
    f.satisfaction,
    f.effectiveness,
    ...METRIC_NAMES.flatMap((k) => [metric(f.baseline, k), metric(f.latest, k)]),
  ];
}

const COLUMNS: [name: string, type: string][] = [
  ['id', 'text'],
  ['stage', 'text'],
  ['stalled', 'boolean'],
  ['deadline', 'timestamptz'],
  ['certification_body_id', 'uuid'],
  ['state', 'jsonb'],
  ['version', 'int'],
  ['assistance_completed', 'boolean'],
  ['certification_outcome', 'text'],
  ['evaluations_answered', 'int'],
  ['satisfaction', 'text'],
  ['effectiveness', 'text'],
  ['baseline_revenue', 'numeric'],
  ['latest_revenue', 'numeric'],
  ['baseline_sales', 'numeric'],
  ['latest_sales', 'numeric'],
  ['baseline_profit_margin', 'numeric'],
  ['latest_profit_margin', 'numeric'],
  ['baseline_quality_cost_rate', 'numeric'],
  ['latest_quality_cost_rate', 'numeric'],
  ['baseline_first_pass_yield', 'numeric'],
  ['latest_first_pass_yield', 'numeric'],
];

/** The records the row has that the new state has too, as they are stored; the last parameter names them. */
const KEPT_RECORDS = `COALESCE((SELECT jsonb_object_agg(k, journeys.state -> k)
    FROM unnest($${COLUMNS.length + 1}::text[]) AS k
   WHERE journeys.state ? k AND $6::jsonb ? k), '{}'::jsonb)`;

export class TypeOrmJourneyReadModel implements JourneyReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A record a step made never changes, and the workflow sends its texts once, with the step's own
   * write (`withoutTexts`): so a record already stored is kept as it is, texts and all.
   */
  async record(state: JourneyState): Promise<void> {
    const set = COLUMNS.slice(1)
      .map(([name], i) => (name === 'state' ? `state = $6::jsonb || ${KEPT_RECORDS}` : `${name} = $${i + 2}`))
      .join(', ');
    await this.dataSource.query(
      `UPDATE journeys
          SET ${set}, launched_at = COALESCE(launched_at, now()), updated_at = now()
        WHERE id = $1 AND version < $7`,
      [...rowOf(state), TEXT_RECORDS],
    );
  }

  async enterprise(journeyId: string): Promise<Enterprise> {
    const rows = (await this.dataSource.query(`SELECT enterprise FROM journeys WHERE id = $1`, [
      journeyId,
    ])) as {
      enterprise: Enterprise;
    }[];
    if (!rows[0]) throw new Error(`no journey ${journeyId} in the read model`);
    return rows[0].enterprise;
  }

  /**
   * Writes many journeys' states in one statement, each unless a newer version is there. The
   * launcher writes first states this way, before their workflows start: it leaves `launched_at`
   * to the launcher, which sets it once the workflow has started.
   */
  async recordMany(states: JourneyState[]): Promise<void> {
    if (states.length === 0) return;
    const rows = states.map((state) => Object.fromEntries(rowOf(state).map((v, i) => [COLUMNS[i][0], v])));
    const set = COLUMNS.slice(1)
      .map(([name]) => `${name} = s.${name}`)
      .join(', ');
    await this.dataSource.query(
      `UPDATE journeys AS j
          SET ${set}, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS s(${COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')})
        WHERE j.id = s.id AND j.version < s.version`,
      [JSON.stringify(rows)],
    );
  }
}
