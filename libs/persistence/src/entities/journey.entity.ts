import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import type { Enterprise, JourneyState, Stage, StepActor, StepName } from '@uplift/domain';
import { JOURNEY_COLUMNS, type JourneyColumn } from '../repositories/journey-columns';

/**
 * The read model of one journey, as the application reads it back. The workflow is the source of
 * truth; this row mirrors its latest state (highest `version`) so lists, filters and counts never
 * touch Temporal. The `fact` columns of `JOURNEY_COLUMNS` are left out: only aggregates read them.
 */
export interface JourneyRow {
  /** The workflow id, derived from round and USCC. */
  id: string;
  roundId: string;
  uscc: string;
  enterprise: Enterprise;
  regionCode: string;
  industryCode: string;
  /** GB/T 4754 section letter, for reports by industry. */
  industrySection: string | null;
  stage: Stage;
  stalled: boolean;
  deadline: Date | null;
  certificationBodyId: string | null;
  /** The body's staff member doing the work; null: the body as a whole. */
  assigneeId: string | null;
  /** The step the journey waits for and who must act on it (`pendingStep`); null and [] for no one. */
  dueStep: StepName | null;
  dueActors: StepActor[];
  remindersSent: number;
  /** When the journey was escalated to the round's regulator, while it still is. */
  escalatedAt: Date | null;
  state: JourneyState | null;
  version: number;
  launchedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function columnOptions(c: JourneyColumn): EntitySchemaColumnOptions {
  const array = c.type.endsWith('[]');
  return {
    name: c.column,
    type: (array ? c.type.slice(0, -2) : c.type) as EntitySchemaColumnOptions['type'],
    array,
    nullable: c.nullable,
    primary: c.primary,
    createDate: c.stamped === 'created',
    updateDate: c.stamped === 'updated',
  };
}

/**
 * TypeORM's view of the `journeys` table, from the same column list as every query over it, so it
 * cannot drift from them; test/e2e/journey-schema compares it with the migrated database.
 */
export const JourneyEntity = new EntitySchema<JourneyRow>({
  name: 'JourneyEntity',
  tableName: 'journeys',
  columns: Object.fromEntries(
    (JOURNEY_COLUMNS as readonly JourneyColumn[]).map((c) => [c.key, columnOptions(c)]),
  ) as EntitySchema<JourneyRow>['options']['columns'],
});
