import type { z } from 'zod';
import { certificateExpiry } from './date';
import { ROLES, type Actor, type Role } from './principal';
import { divisionCovers } from './region';
import { englishMessage, fieldError, type MessageCode, type MessageParams } from './messages';
import { STAGES, TERMINAL_STAGES, type JourneyState, type Stage } from './journey';
import {
  assigneeSchema,
  assignmentSchema,
  assistanceCompletionSchema,
  assistancePlanSchema,
  assistanceProgressSchema,
  certificationSchema,
  diagnosisSchema,
  evaluationSchema,
  reassignmentSchema,
  roundSettingsStepSchema,
  screeningDecisionSchema,
  withdrawalSchema,
  type AssistanceProgressInput,
  type CertificationInput,
  type FieldError,
} from './schemas';

type ActorRole = Actor['role'];
const OPEN_STAGES = STAGES.filter((s) => !TERMINAL_STAGES.includes(s));

/** Who must act while a step is pending: the bureau (regulator), the certification body, the enterprise. */
export const STEP_ACTORS = ['regulator', 'certification_body', 'enterprise'] as const;
export type StepActor = (typeof STEP_ACTORS)[number];

/** One row of the step table. */
export interface StepDefinition {
  /**
   * Its route under `/v1/journeys/{id}/`; `:n` is the number of the evaluation it answers. Null for a
   * step no route takes.
   */
  path: string | null;
  /** The stages in which it may be taken. */
  stages: readonly Stage[];
  /**
   * Who may take it; an admin may take any step. A principal of one of these roles takes it through
   * its route; an enterprise has no API key and takes it through the link emailed to it.
   */
  roles: readonly ActorRole[];
  /**
   * Who must act while it is pending, in the order reminders go out (a workflow sends them in this
   * order, so reordering changes running journeys). Empty for a step nothing waits for.
   */
  actors: readonly StepActor[];
  schema: z.ZodType;
  /**
   * Its key in the label files (`steps` and `actions` of libs/notifications/templates/<locale>/labels.json);
   * null for a step no email names.
   */
  label: string | null;
  /** What the API adds to the payload before the workflow records it as given. */
  complete?: (payload: never) => unknown;
}

/** The API writes a certificate's expiry by the one rule when the body gives none. */
function withCertificateExpiry(c: CertificationInput): CertificationInput {
  return c.outcome === 'certified' && c.issuedOn && !c.expiresOn
    ? { ...c, expiresOn: certificateExpiry(c.issuedOn) }
    : c;
}

/**
 * The steps people take on a journey, each described once; the workflow's update names, the API's
 * routes and role guards, the metrics, reminders and emails all derive from this table.
 * `cancellation` is taken by closing the round.
 */
export const STEPS = {
  'screening-decision': {
    path: 'screening-decision',
    stages: ['screening'],
    roles: ['regulator'],
    actors: ['regulator'],
    schema: screeningDecisionSchema,
    label: 'screening-decision',
  },
  assignment: {
    path: 'assignment',
    stages: ['diagnosis'],
    roles: ['regulator'],
    actors: ['regulator'],
    schema: assignmentSchema,
    label: 'assignment',
  },
  /*
   * Moving a journey to another body (its own lost its accreditation): from the diagnosis, once a body
   * is assigned (before that there is nothing to move; `assignment` itself may still replace the body
   * then), until the certification is recorded. From the follow-up on the certificate is the issuing
   * body's, and the evaluations ask about its work: another body cannot answer for it, so a journey
   * that reached the follow-up is not moved. Nothing waits for it, so it has no actors.
   */
  reassignment: {
    path: 'reassignment',
    stages: ['diagnosis', 'assistance', 'certification'],
    roles: ['regulator'],
    actors: [],
    schema: reassignmentSchema,
    label: 'reassignment',
  },
  /*
   * Giving the journey to one of the body's staff (or back to the body, null): emails about it go to
   * that person from then on. From the diagnosis, once a body is assigned, to the end of the follow-up.
   * Nothing waits for it.
   */
  assignee: {
    path: 'assignee',
    stages: ['diagnosis', 'assistance', 'certification', 'follow_up'],
    roles: ['certification_body'],
    actors: [],
    schema: assigneeSchema,
    label: 'assignee',
  },
  // Diagnosis and plan may be submitted again while assistance lasts: an amendment (`isAmendment`).
  diagnosis: {
    path: 'diagnosis',
    stages: ['diagnosis', 'assistance'],
    roles: ['certification_body'],
    actors: ['certification_body'],
    schema: diagnosisSchema,
    label: 'diagnosis',
  },
  'assistance-plan': {
    path: 'assistance-plan',
    stages: ['assistance'],
    roles: ['certification_body'],
    actors: ['certification_body'],
    schema: assistancePlanSchema,
    label: 'assistance-plan',
  },
  'assistance-progress': {
    path: 'assistance-progress',
    stages: ['assistance'],
    roles: ['certification_body'],
    // Nothing waits for progress: it is recorded as often as the body likes, and never stalls.
    actors: [],
    schema: assistanceProgressSchema,
    label: 'assistance-progress',
  },
  'assistance-completion': {
    path: 'assistance-completion',
    stages: ['assistance'],
    roles: ['certification_body'],
    actors: ['certification_body'],
    schema: assistanceCompletionSchema,
    label: 'assistance-completion',
  },
  certification: {
    path: 'certification',
    stages: ['certification'],
    roles: ['certification_body'],
    actors: ['certification_body'],
    schema: certificationSchema,
    label: 'certification',
    complete: withCertificateExpiry,
  },
  evaluation: {
    path: 'evaluations/:n',
    stages: ['follow_up'],
    roles: ['certification_body', 'enterprise'],
    actors: ['enterprise', 'certification_body'],
    schema: evaluationSchema,
    label: 'evaluation',
  },
  withdrawal: {
    path: 'withdrawal',
    stages: OPEN_STAGES,
    roles: ['regulator'],
    actors: [],
    schema: withdrawalSchema,
    label: null,
  },
  cancellation: {
    path: null,
    stages: OPEN_STAGES,
    roles: ['regulator'],
    actors: [],
    schema: withdrawalSchema,
    label: null,
  },
  /*
   * The round's settings changed, or its reminders and escalations paused or resumed: taken by the
   * round (PATCH /v1/rounds/{id}/settings, through a batch) on each open journey, never by a route of
   * its own. The journey recomputes its deadline; its stage never changes.
   */
  'round-settings': {
    path: null,
    stages: OPEN_STAGES,
    roles: ['regulator'],
    actors: [],
    schema: roundSettingsStepSchema,
    label: 'round-settings',
  },
} as const satisfies Record<string, StepDefinition>;

export type StepName = keyof typeof STEPS;
export const STEP_NAMES = Object.keys(STEPS) as StepName[];
export type StepPayload<S extends StepName> = z.infer<(typeof STEPS)[S]['schema']>;

/** A step's row, read through the table's common shape. */
export function stepDefinition(step: StepName): StepDefinition {
  return STEPS[step];
}

/** The steps with a route (a path), in table order. */
export type RoutedStep = { [S in StepName]: (typeof STEPS)[S]['path'] extends null ? never : S }[StepName];
export const ROUTED_STEPS = STEP_NAMES.filter((step) => stepDefinition(step).path !== null) as RoutedStep[];

/** The roles whose principals may call a step's route: its roles that have API keys, then admin. */
export function stepRouteRoles(step: StepName): Role[] {
  const keyed = stepDefinition(step).roles.filter(
    (role): role is Role => role !== 'admin' && (ROLES as readonly string[]).includes(role),
  );
  return [...keyed, 'admin'];
}

/** Whether an enterprise takes the step through the link emailed to it. */
export function takenByLink(step: StepName): boolean {
  return stepDefinition(step).roles.includes('enterprise');
}

/** The payload as the workflow records it: what the API adds (the table's `complete`) applied. */
export function completeStep<S extends StepName>(step: S, payload: StepPayload<S>): StepPayload<S> {
  const complete = stepDefinition(step).complete as ((p: StepPayload<S>) => StepPayload<S>) | undefined;
  return complete ? complete(payload) : payload;
}

/**
 * The key of "who must act" for a step in the label files (`responsible`): its actors, joined.
 * Null for a step nothing waits for.
 */
export function whoMustActKey(step: StepName): string | null {
  const { actors } = stepDefinition(step);
  return actors.length > 0 ? actors.join('+') : null;
}

/** Which follow-up evaluation a step answers; only the evaluation step has one. */
export interface StepTarget {
  evaluation?: number;
}

/** Why a step is refused; the API turns each kind into its status code. */
export type StepRefusal = (
  | { kind: 'out_of_scope'; message: string }
  | { kind: 'actor'; message: string }
  | { kind: 'stage'; message: string; currentStage: Stage }
) & {
  /** The refusal's rule in the message catalog (messages.ts), so the API says it in the caller's language. */
  code?: MessageCode;
  params?: MessageParams;
};

/** Whether the actor may see the journey at all; out of scope is indistinguishable from absent. */
export function journeyInScope(
  actor: Pick<Actor, 'role' | 'regionCode' | 'certificationBodyId' | 'uscc'>,
  journey: { regionCode: string; certificationBodyId: string | null; uscc?: string },
): boolean {
  switch (actor.role) {
    case 'admin':
    case 'system':
      return true;
    case 'regulator':
      return !!actor.regionCode && divisionCovers(actor.regionCode, journey.regionCode);
    case 'certification_body':
      return !!actor.certificationBodyId && actor.certificationBodyId === journey.certificationBodyId;
    case 'enterprise':
      return !!actor.uscc && actor.uscc === journey.uscc;
  }
}

function stageRefusal(state: JourneyState, code: MessageCode, params: MessageParams = {}): StepRefusal {
  const all = { ...params, stage: state.stage };
  return { kind: 'stage', currentStage: state.stage, code, params: all, message: englishMessage(code, all) };
}

/** The rule every step passes before anything is recorded: scope, then role, then stage and progress. */
export function checkStep(
  state: JourneyState,
  step: StepName,
  actor: Actor,
  target: StepTarget = {},
): StepRefusal | null {
  const rule = stepDefinition(step);
  const journey = {
    regionCode: state.enterprise.regionCode,
    certificationBodyId: state.certificationBodyId,
    uscc: state.enterprise.uscc,
  };
  if (!journeyInScope(actor, journey)) return { kind: 'out_of_scope', message: 'journey not found' };
  if (actor.role !== 'admin' && !rule.roles.includes(actor.role)) {
    const params = { step, roles: rule.roles.join(' or '), role: actor.role };
    return { kind: 'actor', code: 'step.role', params, message: englishMessage('step.role', params) };
  }
  if (!rule.stages.includes(state.stage)) {
    return stageRefusal(state, 'step.wrong_stage', { step });
  }
  switch (step) {
    case 'diagnosis':
    case 'reassignment':
    case 'assignee':
      if (!state.certificationBodyId) return stageRefusal(state, 'step.no_certification_body');
      break;
    case 'assistance-progress':
    case 'assistance-completion':
      if (!state.plan) return stageRefusal(state, 'step.plan_first');
      break;
    case 'evaluation': {
      const n = target.evaluation;
      const evaluation = state.evaluations.find((e) => e.n === n);
      if (!evaluation) return stageRefusal(state, 'step.no_such_evaluation', { n: String(n) });
      if (evaluation.answeredAt) return stageRefusal(state, 'step.evaluation_answered', { n: String(n) });
      if (!evaluation.openedAt)
        return stageRefusal(state, 'step.evaluation_not_due', { n: String(n), dueAt: evaluation.dueAt });
      break;
    }
  }
  return null;
}

/**
 * Whether taking `step` now submits again a record the journey already holds (diagnosis or plan,
 * during assistance): an amendment replaces the record, moves no stage and resets no deadline.
 */
export function isAmendment(state: JourneyState, step: StepName): boolean {
  return (step === 'diagnosis' && !!state.diagnosis) || (step === 'assistance-plan' && !!state.plan);
}

/**
 * The fields of a payload that name something the journey does not hold: progress names measures of
 * the current plan by title. Empty when every name is known.
 */
export function unknownNames<S extends StepName>(
  state: JourneyState,
  step: S,
  payload: StepPayload<S>,
): FieldError[] {
  if (step !== 'assistance-progress') return [];
  const titles = new Set((state.plan?.measures ?? []).map((m) => m.title));
  return (payload as AssistanceProgressInput).updates.flatMap((u, i) =>
    titles.has(u.measure) ? [] : [fieldError(`updates.${i}.measure`, 'progress.unknown_measure')],
  );
}

/**
 * The certification body a step's payload gives the journey to (assignment, reassignment), or null.
 * It must be a body the campaign knows: the API checks that before the step reaches the workflow
 * (which reads no table), as `certification_body.unknown` on this field; a batch checks it once for
 * all its journeys.
 */
export function bodyAssignedBy<S extends StepName>(
  step: S,
  payload: StepPayload<S>,
): { field: 'certificationBodyId'; id: string } | null {
  if (step !== 'assignment' && step !== 'reassignment') return null;
  return { field: 'certificationBodyId', id: (payload as StepPayload<'assignment'>).certificationBodyId };
}

/** Rules that depend on the payload as well as the stage: a step that would change nothing is "already done". */
export function checkStepPayload<S extends StepName>(
  state: JourneyState,
  step: S,
  payload: StepPayload<S>,
): StepRefusal | null {
  if (step === 'assignment') {
    const { certificationBodyId } = payload as StepPayload<'assignment'>;
    // Reassignment stays possible until the diagnosis is recorded: a regulator replaces an unresponsive body.
    if (state.certificationBodyId === certificationBodyId) {
      return stageRefusal(state, 'step.already_assigned');
    }
  }
  if (step === 'assignee') {
    const { assigneeId } = payload as StepPayload<'assignee'>;
    if ((state.assigneeId ?? null) === assigneeId) return stageRefusal(state, 'step.already_assignee');
  }
  if (step === 'reassignment') {
    const { fromCertificationBodyId, certificationBodyId } = payload as StepPayload<'reassignment'>;
    if (fromCertificationBodyId !== undefined && fromCertificationBodyId !== state.certificationBodyId) {
      return stageRefusal(state, 'step.reassignment_other_body');
    }
    if (state.certificationBodyId === certificationBodyId) {
      return stageRefusal(state, 'step.already_assigned');
    }
  }
  return null;
}
