import { z } from 'zod';
import {
  type Enterprise,
  type JourneyFacts,
  type JourneyState,
  type Metrics,
  METRIC_NAMES,
  STAGES,
  divisionCode,
  industrySection,
  pendingStep,
  usccAsIssued,
} from '@uplift/domain';

/** PostgreSQL types as the migrations write them. */
export type JourneySqlType =
  'text' | 'text[]' | 'uuid' | 'jsonb' | 'boolean' | 'integer' | 'numeric' | 'timestamptz';

/** A journey as the import stores it, before its workflow reports. */
export interface NewJourney {
  id: string;
  roundId: string;
  enterprise: Enterprise;
}

/** One figure the round report counts: its name (the report field and CSV header) and its condition. */
export interface JourneyCount {
  name: string;
  /** SQL after the column, e.g. `= 'certified'`. */
  when: string;
}

/** A query parameter of `GET /v1/journeys` that narrows the list to rows matching this column. */
export interface JourneyFilter<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** `division`: the row's region lies inside the given administrative division. */
  match: 'equals' | 'division';
}

export interface JourneyColumn {
  /** The property name: on `JourneyRow` for row columns, and the list filter's query parameter. */
  key: string;
  /** The SQL column. */
  column: string;
  type: JourneySqlType;
  nullable: boolean;
  /**
   * `row`: read back as a `JourneyRow` property. `fact`: a typed copy of part of the state that only
   * aggregates read (a report over 60,000 journeys reads narrow columns, not JSON states).
   */
  kind: 'row' | 'fact';
  primary?: boolean;
  /** Set by the database: at insert (`created`) or at every write (`updated`). */
  stamped?: 'created' | 'updated';
  /** Written by the import, from the enterprise. */
  imported?: (j: NewJourney) => unknown;
  /** Written by every read-model write, from the workflow's state and its KPI facts. */
  fromState?: (s: JourneyState, f: JourneyFacts) => unknown;
  /**
   * `first`: a write keeps the stored value while the state still gives one (the moment something
   * began, not the latest write's), and clears it when the state gives null.
   */
  keep?: 'first';
  filter?: JourneyFilter;
  /** What the round report counts over this column; `group` nests the counts under one field. */
  report?: { counts: readonly JourneyCount[]; group?: string; csv: boolean };
  /** One side of a metric's change (latest evaluation minus the diagnosis baseline). */
  metric?: { name: keyof Metrics; side: 'baseline' | 'latest' };
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const capital = (name: string) => name[0].toUpperCase() + name.slice(1);
const counts = (...names: string[]): JourneyCount[] => names.map((n) => ({ name: n, when: `= '${n}'` }));

/** A typed column list: filter keys and schemas stay literal, so the list query's type follows. */
function columns<const T extends readonly JourneyColumn[]>(list: T): T {
  return list;
}

/**
 * The `journeys` read model, column by column: the one place a column is described. The entity,
 * the row writes, the import, the list filters, the report's counts and its CSV columns derive
 * from this list (CONTRIBUTING.md, "Adding a read-model column").
 */
export const JOURNEY_COLUMNS = columns([
  {
    key: 'id',
    column: 'id',
    type: 'text',
    nullable: false,
    kind: 'row',
    primary: true,
    imported: (j) => j.id,
  },
  {
    key: 'roundId',
    column: 'round_id',
    type: 'uuid',
    nullable: false,
    kind: 'row',
    imported: (j) => j.roundId,
    filter: { schema: z.uuid(), match: 'equals' },
  },
  {
    key: 'uscc',
    column: 'uscc',
    type: 'text',
    nullable: false,
    kind: 'row',
    imported: (j) => j.enterprise.uscc,
    // As issued: a code an admin imported despite its check character can be looked up.
    filter: { schema: usccAsIssued, match: 'equals' },
  },
  {
    key: 'enterprise',
    column: 'enterprise',
    type: 'jsonb',
    nullable: false,
    kind: 'row',
    imported: (j) => j.enterprise,
  },
  {
    key: 'regionCode',
    column: 'region_code',
    type: 'text',
    nullable: false,
    kind: 'row',
    imported: (j) => j.enterprise.regionCode,
    filter: { schema: divisionCode, match: 'division' },
  },
  {
    key: 'industryCode',
    column: 'industry_code',
    type: 'text',
    nullable: false,
    kind: 'row',
    imported: (j) => j.enterprise.industryCode,
  },
  {
    key: 'industrySection',
    column: 'industry_section',
    type: 'text',
    nullable: true,
    kind: 'row',
    imported: (j) => industrySection(j.enterprise.industryCode),
  },
  {
    key: 'stage',
    column: 'stage',
    type: 'text',
    nullable: false,
    kind: 'row',
    imported: () => 'screening',
    fromState: (s) => s.stage,
    filter: { schema: z.enum(STAGES), match: 'equals' },
    report: { group: 'stages', counts: counts(...STAGES), csv: true },
  },
  {
    key: 'stalled',
    column: 'stalled',
    type: 'boolean',
    nullable: false,
    kind: 'row',
    fromState: (s) => s.stalled,
    filter: {
      schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
      match: 'equals',
    },
    report: { counts: [{ name: 'stalled', when: 'IS TRUE' }], csv: true },
  },
  {
    key: 'deadline',
    column: 'deadline',
    type: 'timestamptz',
    nullable: true,
    kind: 'row',
    fromState: (s) => s.deadline,
  },
  {
    key: 'certificationBodyId',
    column: 'certification_body_id',
    type: 'uuid',
    nullable: true,
    kind: 'row',
    fromState: (s) => s.certificationBodyId,
    // `none`: not assigned yet (null), as a regulator looks for journeys to assign.
    filter: {
      schema: z
        .string()
        .max(36)
        .refine((v) => v === 'none' || z.uuid().safeParse(v).success, {
          message: 'must be a certification body id (a UUID) or none',
        })
        .transform((v) => (v === 'none' ? null : v))
        .meta({ description: 'A certification body id, or `none` for journeys not assigned yet.' }),
      match: 'equals',
    },
  },
  /** The body's staff member the journey is assigned to (`assigneeId`); null: the body as a whole. */
  {
    key: 'assigneeId',
    column: 'assignee_id',
    type: 'uuid',
    nullable: true,
    kind: 'row',
    fromState: (s) => s.assigneeId ?? null,
  },
  /** The step the journey waits for (a STEPS key, `pendingStep`); null when it waits for no one. */
  {
    key: 'dueStep',
    column: 'due_step',
    type: 'text',
    nullable: true,
    kind: 'row',
    fromState: (s) => pendingStep(s)?.step ?? null,
  },
  /** Who must act on that step (its STEPS `actors`): the inbox's `mustAct`. Empty: no one. */
  {
    key: 'dueActors',
    column: 'due_actors',
    type: 'text[]',
    nullable: false,
    kind: 'row',
    fromState: (s) => pendingStep(s)?.actors ?? [],
  },
  {
    key: 'remindersSent',
    column: 'reminders_sent',
    type: 'integer',
    nullable: false,
    kind: 'row',
    fromState: (s) => s.remindersSent,
  },
  /** The workflow's whole state at `version`; null until the workflow first reports. */
  { key: 'state', column: 'state', type: 'jsonb', nullable: true, kind: 'row', fromState: (s) => s },
  {
    key: 'version',
    column: 'version',
    type: 'integer',
    nullable: false,
    kind: 'row',
    fromState: (s) => s.version,
  },
  /**
   * When the journey was escalated to its round's regulator (the workflow's `updatedAt` at the write
   * that first showed it escalated), while it still is: a step or a new stall clears it.
   */
  {
    key: 'escalatedAt',
    column: 'escalated_at',
    type: 'timestamptz',
    nullable: true,
    kind: 'row',
    fromState: (s) => (s.escalated ? s.updatedAt : null),
    keep: 'first',
  },
  /** Set once the workflow is known to exist, so an interrupted import can start the rest. */
  { key: 'launchedAt', column: 'launched_at', type: 'timestamptz', nullable: true, kind: 'row' },
  {
    key: 'createdAt',
    column: 'created_at',
    type: 'timestamptz',
    nullable: false,
    kind: 'row',
    stamped: 'created',
  },
  {
    key: 'updatedAt',
    column: 'updated_at',
    type: 'timestamptz',
    nullable: false,
    kind: 'row',
    stamped: 'updated',
  },
  {
    key: 'assistanceCompleted',
    column: 'assistance_completed',
    type: 'boolean',
    nullable: false,
    kind: 'fact',
    fromState: (_, f) => f.assistanceCompleted,
    report: { counts: [{ name: 'assisted', when: 'IS TRUE' }], csv: true },
  },
  {
    key: 'certificationOutcome',
    column: 'certification_outcome',
    type: 'text',
    nullable: true,
    kind: 'fact',
    fromState: (_, f) => f.certificationOutcome,
    report: { group: 'outcomes', counts: counts('certified', 'not_certified', 'declined'), csv: true },
  },
  {
    key: 'evaluationsAnswered',
    column: 'evaluations_answered',
    type: 'integer',
    nullable: false,
    kind: 'fact',
    fromState: (_, f) => f.evaluationsAnswered,
    report: { counts: [{ name: 'evaluated', when: '> 0' }], csv: true },
  },
  {
    key: 'satisfaction',
    column: 'satisfaction',
    type: 'text',
    nullable: true,
    kind: 'fact',
    fromState: (_, f) => f.satisfaction,
    // The CSV shows the rate these make, not the counts.
    report: { group: 'satisfaction', counts: counts('satisfied', 'fairly_satisfied'), csv: false },
  },
  {
    key: 'effectiveness',
    column: 'effectiveness',
    type: 'text',
    nullable: true,
    kind: 'fact',
    fromState: (_, f) => f.effectiveness,
    report: { group: 'effectiveness', counts: counts('very_obvious', 'fairly_obvious'), csv: false },
  },
  /**
   * What the regulator's figures read, without the whole state: the diagnosis baseline whole (the
   * optional figures included) and every answered evaluation (`SurveyAnswer`, oldest first). An
   * object, not a bare array, so every write path passes it as JSON.
   */
  {
    key: 'survey',
    column: 'survey',
    type: 'jsonb',
    nullable: false,
    kind: 'fact',
    fromState: (_, f) => ({ baseline: f.baseline, answers: f.answers }),
  },
  // Each metric of `Metrics` twice: as the diagnosis measured it and as the latest evaluation did.
  ...METRIC_NAMES.flatMap((m) =>
    (['baseline', 'latest'] as const).map((side): JourneyColumn => ({
      key: `${side}${capital(m)}`,
      column: `${side}_${snake(m)}`,
      type: 'numeric',
      nullable: true,
      kind: 'fact',
      fromState: (_, f) => f[side]?.[m] ?? null,
      metric: { name: m, side },
    })),
  ),
]);

type Column = (typeof JOURNEY_COLUMNS)[number];

/** The list filters, as `GET /v1/journeys` takes them. */
export type JourneyFilterShape = {
  [C in Column as C extends { filter: JourneyFilter } ? C['key'] : never]: C extends {
    filter: JourneyFilter<infer S>;
  }
    ? z.ZodOptional<S>
    : never;
};

/** The query parameters that filter the list, each optional, from the columns that declare one. */
export const JOURNEY_FILTERS = Object.fromEntries(
  JOURNEY_COLUMNS.flatMap((c: JourneyColumn) => (c.filter ? [[c.key, c.filter.schema.optional()]] : [])),
) as JourneyFilterShape;

/** Filter values as parsed: only the parameters given. */
export type JourneyFilterValues = Partial<{
  [K in keyof JourneyFilterShape]: z.output<JourneyFilterShape[K]>;
}>;

/** The metric columns, by metric. */
export function metricColumns(m: keyof Metrics): { baseline: string; latest: string } {
  const of = (side: 'baseline' | 'latest') =>
    (JOURNEY_COLUMNS as readonly JourneyColumn[]).find((c) => c.metric?.name === m && c.metric.side === side)!
      .column;
  return { baseline: of('baseline'), latest: of('latest') };
}

/** The report's counts, in CSV order, with the field that nests them (none: a top-level field). */
export const REPORT_COUNTS: readonly (JourneyCount & { column: string; group?: string; csv: boolean })[] = (
  JOURNEY_COLUMNS as readonly JourneyColumn[]
).flatMap((c) =>
  c.report
    ? c.report.counts.map((n) => ({ ...n, column: c.column, group: c.report!.group, csv: c.report!.csv }))
    : [],
);
