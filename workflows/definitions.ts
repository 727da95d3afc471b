import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { JourneyState, StepResult } from '@uplift/domain/journey';
import type { Actor } from '@uplift/domain/principal';
import type { StepName, StepPayload, StepTarget } from '@uplift/domain/steps';

/** What every step update carries: who acts, what they submit, and for an evaluation which one. */
export interface StepCommand<S extends StepName = StepName> {
  actor: Actor;
  payload: StepPayload<S>;
  target?: StepTarget;
}

export const journeyStateQuery = defineQuery<JourneyState>('journey');

/**
 * One update per step, named as the API path segment so history and UI read the same. It answers
 * the journey's id, version and stage (journeys before `bounded-history-v1` answered their whole
 * state, which has those too); the journey itself is read from the read model, written before.
 */
export const stepUpdate = <S extends StepName>(step: S) => defineUpdate<StepResult, [StepCommand<S>]>(step);

/** The failure type a validator throws; `details[0]` is the domain's StepRefusal. */
export const STEP_REFUSED = 'StepRefused';

/** The failure type a validator throws for a payload the domain schema refuses; `details[0]` lists the fields. */
export const INVALID_PAYLOAD = 'InvalidPayload';

/** Sent to a round's launch workflow by every import: there may be journeys waiting to start. */
export const launchRequested = defineSignal('launch-requested');
