import type { z } from 'zod';
import type { Actor } from './principal';
import { divisionCovers } from './region';
import { STAGES, TERMINAL_STAGES, type JourneyState, type Stage } from './journey';
import {
  assignmentSchema,
  assistanceCompletionSchema,
  assistancePlanSchema,
  certificationSchema,
  diagnosisSchema,
  evaluationSchema,
  screeningDecisionSchema,
  withdrawalSchema,
} from './schemas';

type ActorRole = Actor['role'];
const OPEN_STAGES = STAGES.filter((s) => !TERMINAL_STAGES.includes(s));

/**
 * The steps people take on a journey, named as the API's path segments (and the workflow's update
 * names). `cancellation` is taken by closing the round. An admin may take any step.
 */
export const STEP_RULES = {
  'screening-decision': { stages: ['screening'], roles: ['regulator'], schema: screeningDecisionSchema },
  assignment: { stages: ['diagnosis'], roles: ['regulator'], schema: assignmentSchema },
  diagnosis: { stages: ['diagnosis'], roles: ['certification_body'], schema: diagnosisSchema },
  'assistance-plan': { stages: ['assistance'], roles: ['certification_body'], schema: assistancePlanSchema },
  'assistance-completion': {
    stages: ['assistance'],
    roles: ['certification_body'],
    schema: assistanceCompletionSchema,
  },
  certification: { stages: ['certification'], roles: ['certification_body'], schema: certificationSchema },
  evaluation: {
    stages: ['follow_up'],
    roles: ['certification_body', 'enterprise'],
    schema: evaluationSchema,
  },
  withdrawal: { stages: OPEN_STAGES, roles: ['regulator'], schema: withdrawalSchema },
  cancellation: { stages: OPEN_STAGES, roles: ['regulator'], schema: withdrawalSchema },
} satisfies Record<string, { stages: readonly Stage[]; roles: ActorRole[]; schema: z.ZodType }>;

export type StepName = keyof typeof STEP_RULES;
export const STEP_NAMES = Object.keys(STEP_RULES) as StepName[];
export type StepPayload<S extends StepName> = z.infer<(typeof STEP_RULES)[S]['schema']>;

/** Which follow-up evaluation a step answers; only the evaluation step has one. */
export interface StepTarget {
  evaluation?: number;
}

/** Why a step is refused; the API turns each kind into its status code. */
export type StepRefusal =
  | { kind: 'out_of_scope'; message: string }
  | { kind: 'actor'; message: string }
  | { kind: 'stage'; message: string; currentStage: Stage };

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

/** The evaluation that is open now, if any: due, not yet answered. */
export function openEvaluation(state: JourneyState) {
  return state.evaluations.find((e) => e.openedAt !== null && e.answeredAt === null) ?? null;
}

function stageRefusal(state: JourneyState, message: string): StepRefusal {
  return { kind: 'stage', currentStage: state.stage, message: `${message} (current stage: ${state.stage})` };
}

/** The rule every step passes before anything is recorded: scope, then role, then stage and progress. */
export function checkStep(
  state: JourneyState,
  step: StepName,
  actor: Actor,
  target: StepTarget = {},
): StepRefusal | null {
  const rule = STEP_RULES[step];
  const journey = {
    regionCode: state.enterprise.regionCode,
    certificationBodyId: state.certificationBodyId,
    uscc: state.enterprise.uscc,
  };
  if (!journeyInScope(actor, journey)) return { kind: 'out_of_scope', message: 'journey not found' };
  if (actor.role !== 'admin' && !(rule.roles as ActorRole[]).includes(actor.role)) {
    return { kind: 'actor', message: `${step} is taken by ${rule.roles.join(' or ')}, not ${actor.role}` };
  }
  if (!(rule.stages as readonly Stage[]).includes(state.stage)) {
    return {
      kind: 'stage',
      currentStage: state.stage,
      message: `${step} is not allowed in stage ${state.stage}`,
    };
  }
  switch (step) {
    case 'diagnosis':
      if (!state.certificationBodyId) return stageRefusal(state, 'no certification body is assigned yet');
      break;
    case 'assistance-plan':
      if (state.plan) return stageRefusal(state, 'the assistance plan is already recorded');
      break;
    case 'assistance-completion':
      if (!state.plan) return stageRefusal(state, 'record the assistance plan first');
      break;
    case 'evaluation': {
      const n = target.evaluation;
      const evaluation = state.evaluations.find((e) => e.n === n);
      if (!evaluation) return stageRefusal(state, `there is no evaluation ${n}`);
      if (evaluation.answeredAt) return stageRefusal(state, `evaluation ${n} is already answered`);
      if (!evaluation.openedAt)
        return stageRefusal(state, `evaluation ${n} is not due until ${evaluation.dueAt}`);
      break;
    }
  }
  return null;
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
      return stageRefusal(state, 'the journey is already assigned to this certification body');
    }
  }
  return null;
}
