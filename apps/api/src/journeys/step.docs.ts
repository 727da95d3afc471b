import { z } from 'zod';
import { STEP_RULES, type StepName } from '@uplift/domain';
import { ApiContract } from '../common/api-contract';
import { journeyIdParams } from './journeys.dto';
import { journeyViewSchema } from './journey.view';

/**
 * The documentation of one journey step route, `POST /v1/journeys/{id}/<step>`: what the step table
 * says about the step (roles, stages, body) in the document's words, answered with the journey.
 */
export function documentStep(step: StepName, body: z.ZodType = STEP_RULES[step].schema) {
  const rule = STEP_RULES[step];
  const evaluation = step === 'evaluation';
  return ApiContract({
    summary: `Take the ${step.replace(/-/g, ' ')} step`,
    description:
      `Records the ${step} step and answers with the journey as it now stands. ` +
      `For: ${rule.roles.join(', ')} (an admin may take any step); while the journey is in: ${rule.stages.join(', ')}. ` +
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
    body,
    ok: { description: 'The journey after the step.', schema: journeyViewSchema },
    errors: {
      400: 'invalid body',
      403: `this step is taken by ${rule.roles.join(' or ')}`,
      404: 'journey not found',
      409: 'the journey is in diagnosis: this step is not open',
      503: 'the temporal is unavailable; try again shortly',
    },
  });
}
