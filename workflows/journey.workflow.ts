import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { JourneyActivities } from '../libs/activities/src/journey-activities';
import { isTerminal, type JourneyInput, type JourneyState } from '../libs/domain/src/journey';
import { applyAlarm, nextAlarm, type Alarm } from '../libs/domain/src/schedule';
import { fieldErrors } from '../libs/domain/src/schemas';
import {
  checkStep,
  checkStepPayload,
  STEP_NAMES,
  STEP_RULES,
  type StepName,
  type StepRefusal,
} from '../libs/domain/src/steps';
import {
  applyStep,
  initialJourney,
  type NotificationRequest,
  type Transition,
} from '../libs/domain/src/transitions';
import { SA_STAGE, SA_STALLED } from '../libs/temporal/src/search-attributes';
import {
  INVALID_PAYLOAD,
  journeyStateQuery,
  STEP_REFUSED,
  stepUpdate,
  type StepCommand,
} from './definitions';
import { PATCHES } from './patches';

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
 * wrong actor, stage or payload before anything enters the history. Every accepted change is mirrored
 * to the read model before the update returns, so the caller reads its own write. Deadlines,
 * reminders, escalations and evaluation due dates are this workflow's own durable timers.
 */
export async function journeyWorkflow(input: JourneyInput): Promise<JourneyState> {
  let state = initialJourney(input, input.startedAt ? new Date(input.startedAt) : new Date());
  const outbox: NotificationRequest[] = [];

  const adopt = (transition: Transition): void => {
    const stalledBefore = state.stalled;
    const stageBefore = state.stage;
    state = transition.state;
    outbox.push(...transition.notifications);
    if (state.stage !== stageBefore || state.stalled !== stalledBefore) {
      upsertSearchAttributes([
        { key: SA_STAGE, value: state.stage },
        { key: SA_STALLED, value: state.stalled },
      ]);
    }
  };
  const commit = async (transition: Transition): Promise<void> => {
    adopt(transition);
    await recordJourney(state);
  };

  setHandler(journeyStateQuery, () => state);

  for (const step of STEP_NAMES) {
    setHandler(
      stepUpdate(step),
      async (command: StepCommand) => {
        await commit(
          applyStep(state, step, command.actor, command.payload as never, new Date(), command.target),
        );
        return state;
      },
      { validator: (command: StepCommand) => validateStep(state, step, command) },
    );
  }

  // A bulk launch writes each journey's first state in batches itself: one activity fewer per journey.
  if (!(input.initialStateRecorded && patched(PATCHES.launcherRecordsInitialState)))
    await recordJourney(state);

  while (!isTerminal(state.stage)) {
    const seen = state.version;
    const changed = () => state.version !== seen || outbox.length > 0;
    const alarm = nextAlarm(state);
    if (alarm) {
      const wait = Date.parse(alarm.at) - Date.now();
      const timedOut =
        wait <= 0 || !(await condition(changed, wait, { summary: `${alarm.kind} at ${alarm.at}` }));
      // A step that landed as the timer fired wins: the alarm is recomputed from the new state.
      if (timedOut && state.version === seen) {
        if (patched(PATCHES.coalescedAlarms)) {
          // Every alarm already due (a stall and its first reminder) in one write, and the read
          // model written while the emails go out: a reminder storm costs one round, not three.
          const transition = dueAlarms(state, alarm);
          adopt(transition);
          await Promise.all([recordJourney(state), deliver(outbox, () => state, true)]);
        } else {
          await commit(applyAlarm(state, alarm, new Date()));
        }
      }
    } else {
      await condition(changed);
    }
    await deliver(outbox, () => state);
  }
  await deliver(outbox, () => state);
  await condition(allHandlersFinished);
  return state;
}

/** `alarm` and every alarm that falls due with it, as one transition. */
function dueAlarms(state: JourneyState, alarm: Alarm): Transition {
  let transition = applyAlarm(state, alarm, new Date());
  for (
    let next = nextAlarm(transition.state);
    next && Date.parse(next.at) <= Date.now();
    next = nextAlarm(transition.state)
  ) {
    const more = applyAlarm(transition.state, next, new Date());
    transition = { state: more.state, notifications: [...transition.notifications, ...more.notifications] };
  }
  return transition;
}

async function deliver(
  outbox: NotificationRequest[],
  current: () => JourneyState,
  parallel = false,
): Promise<void> {
  if (parallel) {
    await Promise.all(
      outbox.splice(0).map((request) => sendNotification({ ...request, journey: current() })),
    );
    return;
  }
  while (outbox.length > 0) {
    await sendNotification({ ...outbox.shift()!, journey: current() });
  }
}

function validateStep(state: JourneyState, step: StepName, command: StepCommand): void {
  const refusal = checkStep(state, step, command.actor, command.target);
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
