import type { z } from 'zod';
import type { Actor, Role } from './principal';
import { divisionCovers } from './region';
import type { JourneyState, Stage } from './journey';
import { assignmentSchema, screeningDecisionSchema } from './schemas';

/** The steps a person takes on a journey, by the path segment the API exposes them under. */
export const STEP_RULES = {
  'screening-decision': { stages: ['screening'], roles: ['regulator'], schema: screeningDecisionSchema },
  assignment: { stages: ['diagnosis'], roles: ['regulator'], schema: assignmentSchema },
} satisfies Record<string, { stages: Stage[]; roles: Role[]; schema: z.ZodType }>;

export type StepName = keyof typeof STEP_RULES;
export const STEP_NAMES = Object.keys(STEP_RULES) as StepName[];
export type StepPayload<S extends StepName> = z.infer<(typeof STEP_RULES)[S]['schema']>;

/** Why a step is refused; the API turns each kind into its status code. */
export type StepRefusal =
  | { kind: 'out_of_scope'; message: string }
  | { kind: 'actor'; message: string }
  | { kind: 'stage'; message: string; currentStage: Stage };

/** Whether the actor may see the journey at all; out of scope is indistinguishable from absent. */
export function journeyInScope(
  actor: Pick<Actor, 'role' | 'regionCode' | 'certificationBodyId'>,
  journey: { regionCode: string; certificationBodyId: string | null },
): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'regulator':
      return !!actor.regionCode && divisionCovers(actor.regionCode, journey.regionCode);
    case 'certification_body':
      return !!actor.certificationBodyId && actor.certificationBodyId === journey.certificationBodyId;
  }
}

/** The rule every step passes before anything is recorded: scope, then role, then stage. */
export function checkStep(state: JourneyState, step: StepName, actor: Actor): StepRefusal | null {
  const rule = STEP_RULES[step];
  if (
    !journeyInScope(actor, {
      regionCode: state.enterprise.regionCode,
      certificationBodyId: state.certificationBodyId,
    })
  ) {
    return { kind: 'out_of_scope', message: 'journey not found' };
  }
  if (actor.role !== 'admin' && !(rule.roles as Role[]).includes(actor.role)) {
    return { kind: 'actor', message: `${step} is taken by ${rule.roles.join(' or ')}, not ${actor.role}` };
  }
  if (!(rule.stages as Stage[]).includes(state.stage)) {
    return {
      kind: 'stage',
      currentStage: state.stage,
      message: `${step} is not allowed in stage ${state.stage}`,
    };
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
      return {
        kind: 'stage',
        currentStage: state.stage,
        message: `the journey is already assigned to this certification body (stage ${state.stage})`,
      };
    }
  }
  return null;
}
