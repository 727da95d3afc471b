import type { Actor } from './principal';
import type { JourneyInput, JourneyState, Recorded, Stage } from './journey';
import { durationToMs } from './duration';
import type { RoundSettings } from './settings';
import type { StepName, StepPayload } from './steps';

/** An email a transition asks for; the workflow hands it to an activity. */
export interface NotificationRequest {
  template: 'assignment';
  recipient: { kind: 'certification_body'; id: string } | { kind: 'enterprise' } | { kind: 'regulator' };
  /** Unique per journey: a retried activity with the same key sends nothing twice. */
  key: string;
}

export interface Transition {
  state: JourneyState;
  notifications: NotificationRequest[];
}

/** How long a stage may take before the journey is stalled. */
export function stageDeadlineMs(stage: Stage, settings: RoundSettings): number | null {
  switch (stage) {
    case 'screening':
      return durationToMs(settings.deadlines.screening);
    case 'diagnosis':
      return durationToMs(settings.deadlines.diagnosis);
    default:
      return null;
  }
}

function deadlineFrom(stage: Stage, settings: RoundSettings, now: Date): string | null {
  const ms = stageDeadlineMs(stage, settings);
  return ms === null ? null : new Date(now.getTime() + ms).toISOString();
}

export function initialJourney(input: JourneyInput, now: Date): JourneyState {
  return {
    id: input.id,
    roundId: input.roundId,
    enterprise: input.enterprise,
    settings: input.settings,
    stage: 'screening',
    stalled: false,
    deadline: deadlineFrom('screening', input.settings, now),
    certificationBodyId: null,
    assignments: [],
    version: 1,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

function recorded(actor: Actor, now: Date): Recorded {
  return {
    at: now.toISOString(),
    by: { principalId: actor.principalId, role: actor.role, name: actor.name },
  };
}

function enter(state: JourneyState, stage: Stage, now: Date): JourneyState {
  return { ...state, stage, stalled: false, deadline: deadlineFrom(stage, state.settings, now) };
}

/**
 * The effect of a step that passed its checks. Pure: the workflow calls it inside an update handler,
 * so it must not read clocks or do I/O; `now` comes from the workflow.
 */
export function applyStep<S extends StepName>(
  state: JourneyState,
  step: S,
  actor: Actor,
  payload: StepPayload<S>,
  now: Date,
): Transition {
  const at = recorded(actor, now);
  let next: JourneyState;
  const notifications: NotificationRequest[] = [];
  switch (step) {
    case 'screening-decision': {
      const p = payload as StepPayload<'screening-decision'>;
      next = enter(state, p.decision === 'selected' ? 'diagnosis' : 'rejected', now);
      next.screening = {
        ...at,
        decision: p.decision,
        ...(p.reason !== undefined ? { reason: p.reason } : {}),
      };
      break;
    }
    case 'assignment': {
      const p = payload as StepPayload<'assignment'>;
      next = { ...state, certificationBodyId: p.certificationBodyId };
      next.assignments = [...state.assignments, { ...at, certificationBodyId: p.certificationBodyId }];
      notifications.push({
        template: 'assignment',
        recipient: { kind: 'certification_body', id: p.certificationBodyId },
        key: `${state.id}:assignment:${next.assignments.length}`,
      });
      break;
    }
    default:
      throw new Error(`unknown step ${String(step)}`);
  }
  next.version = state.version + 1;
  next.updatedAt = now.toISOString();
  return { state: next, notifications };
}
