import { z } from 'zod';
import { ROLES, STAGES, stepDefinition, stepRouteRoles, type StepName } from '@uplift/domain';
import { ApiContract, errorBodySchema } from '../common/api-contract';
import { journeyIdParams } from './journeys.dto';
import { journeyViewSchema } from './journey.view';

/**
 * The documentation of one journey step route, `POST /v1/journeys/{id}/<step>`: what the step table
 * says about the step (roles, stages, body) in the document's words, answered with the journey.
 */
export function documentStep(step: StepName) {
  const rule = stepDefinition(step);
  const roles = stepRouteRoles(step);
  const evaluation = step === 'evaluation';
  // Examples as the guard and the refusals in steps.ts word them, for a role and a stage the step does not take.
  const otherRole = ROLES.find((r) => !roles.includes(r)) ?? 'enterprise';
  const otherStage = STAGES.find((s) => !(rule.stages as readonly string[]).includes(s)) ?? 'completed';
  return ApiContract({
    summary: `Take the ${step.replace(/-/g, ' ')} step`,
    description:
      `Records the ${step} step and answers with the journey as it now stands. ` +
      `For: ${roles.join(', ')}; while the journey is in: ${rule.stages.join(', ')}. ` +
      'A step refused for the stage is a 409 that names the stage the journey is in.',
    params: evaluation
      ? journeyIdParams.extend({
          n: z.coerce
            .number()
            .int()
            .min(1)
            .max(12)
            .meta({ description: 'Which follow-up evaluation, from 1; any other number is a 404.' }),
        })
      : journeyIdParams,
    body: rule.schema,
    ok: { description: 'The journey after the step.', schema: journeyViewSchema },
    errors: {
      400: 'invalid body',
      403: `this route is for ${roles.join(' or ')}, not ${otherRole}`,
      404: 'journey not found',
      409: {
        description:
          'Conflict: the journey is not in a stage this step is taken in (or the round is closed).',
        schema: errorBodySchema,
        example: {
          statusCode: 409,
          error: 'Conflict',
          message: `${step} is not allowed in stage ${otherStage} (current stage: ${otherStage})`,
          details: { currentStage: otherStage },
        },
      },
      503: 'the temporal is unavailable; try again shortly',
    },
  });
}
