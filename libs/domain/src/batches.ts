import type { StepName } from './steps';

/**
 * The steps a regulator may take on many journeys at once (`POST /v1/batches`): each journey's own
 * rules still decide, one by one, and a refusal is recorded, not fatal.
 */
export const BATCH_ACTIONS = [
  'screening-decision',
  'assignment',
  'reassignment',
  'withdrawal',
] as const satisfies readonly StepName[];
/**
 * Steps a batch takes on a round's behalf, never asked for through `POST /v1/batches`: a round's
 * settings changed, paused or resumed reach each open journey as its `round-settings` step. Its
 * payload is read from the round when the step is sent, not when the batch was made, so batches of
 * two quick changes converge on the round's latest settings whichever runs last.
 */
export const INTERNAL_BATCH_ACTIONS = ['round-settings'] as const satisfies readonly StepName[];
export type PublicBatchAction = (typeof BATCH_ACTIONS)[number];
export type BatchAction = PublicBatchAction | (typeof INTERNAL_BATCH_ACTIONS)[number];
/** Every action a stored batch may hold: those `POST /v1/batches` takes, and the internal ones. */
export const ALL_BATCH_ACTIONS = [...BATCH_ACTIONS, ...INTERNAL_BATCH_ACTIONS] as const;

/** At most this many journeys in one batch, whether named or found by a filter. */
export const BATCH_MAX_JOURNEYS = 10_000;

/** A batch is `running` until every item has an outcome. */
export const BATCH_STATUSES = ['running', 'done'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** What became of one journey of a batch: not reached yet, its step applied, or refused by its rules. */
export const BATCH_OUTCOMES = ['pending', 'applied', 'refused'] as const;
export type BatchOutcome = (typeof BATCH_OUTCOMES)[number];

/** The Update id of a batch's step on one journey: a retried or resumed batch sends the same, applied once. */
export function batchUpdateId(batchId: string, journeyId: string): string {
  return `batch-${batchId}-${journeyId}`;
}
