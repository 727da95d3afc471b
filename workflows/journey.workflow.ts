import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { JourneyActivities } from '../libs/activities/src/journey-activities';
import { isTerminal, type JourneyInput, type JourneyState } from '../libs/domain/src/journey';
import {
  checkStep,
  checkStepPayload,
  STEP_NAMES,
  STEP_RULES,
  type StepName,
  type StepRefusal,
} from '../libs/domain/src/steps';
import { applyStep, initialJourney, type NotificationRequest } from '../libs/domain/src/transitions';
import { fieldErrors } from '../libs/domain/src/schemas';
import { SA_STAGE, SA_STALLED } from '../libs/temporal/src/search-attributes';
import {
  journeyStateQuery,
  INVALID_PAYLOAD,
  STEP_REFUSED,
  stepUpdate,
  type StepCommand,
} from './definitions';

const { recordJourney } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { sendNotification } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

function refuse(refusal: StepRefusal): never {
  throw ApplicationFailure.create({
    type: STEP_REFUSED,
    message: refusal.message,
    details: [refusal],
    nonRetryable: true,
  });
}

/**
 * One enterprise's journey through one round. Steps arrive as Updates; their validators refuse a
 * wrong actor, stage or payload before anything enters the history. Every accepted step is mirrored
 * to the read model before the update returns, so the caller reads its own write.
 */
export async function journeyWorkflow(input: JourneyInput): Promise<JourneyState> {
  let state = initialJourney(input, new Date());
  const outbox: NotificationRequest[] = [];

  setHandler(journeyStateQuery, () => state);

  for (const step of STEP_NAMES) {
    setHandler(
      stepUpdate(step),
      async (command: StepCommand) => {
        const transition = applyStep(state, step, command.actor, command.payload as never, new Date());
        state = transition.state;
        outbox.push(...transition.notifications);
        upsertSearchAttributes([
          { key: SA_STAGE, value: state.stage },
          { key: SA_STALLED, value: state.stalled },
        ]);
        await recordJourney(state);
        return state;
      },
      { validator: (command: StepCommand) => validateStep(state, step, command) },
    );
  }

  await recordJourney(state);

  while (!isTerminal(state.stage) || outbox.length > 0) {
    await condition(() => outbox.length > 0 || isTerminal(state.stage));
    while (outbox.length > 0) {
      const request = outbox.shift()!;
      await sendNotification({ ...request, journey: state });
    }
  }
  await condition(allHandlersFinished);
  return state;
}

function validateStep(state: JourneyState, step: StepName, command: StepCommand): void {
  const refusal = checkStep(state, step, command.actor);
  if (refusal) refuse(refusal);
  const parsed = STEP_RULES[step].schema.safeParse(command.payload);
  if (!parsed.success) {
    throw ApplicationFailure.create({
      type: INVALID_PAYLOAD,
      message: 'invalid payload',
      details: [fieldErrors(parsed.error)],
      nonRetryable: true,
    });
  }
  const payloadRefusal = checkStepPayload(state, step, parsed.data as never);
  if (payloadRefusal) refuse(payloadRefusal);
}
