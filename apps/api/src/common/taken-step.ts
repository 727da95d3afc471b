import { SetMetadata } from '@nestjs/common';
import type { StepName } from '@uplift/domain';

const TAKEN_STEP = 'uplift:taken-step';

/** How a step reached the API: a principal's route, or the enterprise's emailed link. */
export type StepChannel = 'api' | 'link';

export interface TakenStep {
  step: StepName;
  channel: StepChannel;
}

/** Marks a route that takes a step; the campaign metrics count its outcomes by step and channel. */
export const TakesStep = (step: StepName, channel: StepChannel) =>
  SetMetadata(TAKEN_STEP, { step, channel } satisfies TakenStep);

/** The step a route handler takes, if it takes one. */
export function takenStep(handler: object): TakenStep | undefined {
  return Reflect.getMetadata(TAKEN_STEP, handler) as TakenStep | undefined;
}
