import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  makeContinueAsNewFunc,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { JourneyActivities } from '@uplift/activities/journey-activities';
import { isTerminal, type JourneyInput, type JourneyState, type StepResult } from '@uplift/domain/journey';
import { applyAlarm, escalationLadder, nextAlarm, type Alarm } from '@uplift/domain/schedule';
import { fieldErrors } from '@uplift/domain/schemas';
import {
  checkStep,
  checkStepPayload,
  STEP_NAMES,
  STEPS,
  unknownNames,
  type StepName,
  type StepRefusal,
} from '@uplift/domain/steps';
import {
  applyStep,
  initialJourney,
  isRevision,
  notificationFacts,
  textRecordsOf,
  withoutTexts,
  type NotificationFacts,
  type NotificationRequest,
  type Transition,
} from '@uplift/domain/transitions';
import { SA_STAGE, SA_STALLED } from '@uplift/temporal/search-attributes';
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
 * A run continues as new past these (or when Temporal suggests it): far below Temporal's 10,240-event
 * warning and 50 MB limit, whatever a round's settings. A reassigned diagnosis stalls afresh, so
 * without this a journey's history would have no bound.
 */
export const RUN_EVENTS_LIMIT = 1000;
export const RUN_BYTES_LIMIT = 2 * 1024 * 1024;

interface Outgoing {
  request: NotificationRequest;
  /** The journey as it stood when the email was asked for. */
  facts: NotificationFacts;
}

/**
 * One enterprise's journey through one round. Steps arrive as Updates; their validators refuse a
 * wrong actor, stage or payload before anything enters the history. Every accepted change is mirrored
 * to the read model before the update returns, so the caller reads its own write. Deadlines,
 * reminders, escalations and evaluation due dates are this workflow's own durable timers.
 */
export async function journeyWorkflow(input: JourneyInput): Promise<JourneyState> {
  let state =
    input.carried ?? initialJourney(input, input.startedAt ? new Date(input.startedAt) : new Date());
  // Since escalation-ladder-v1 a journey that knows its round's division climbs the hierarchy when it
  // escalates. The state is the starter's first state plus the ladder: the read model learns it with
  // the next write (escalations are what read it, and none is due before then).
  if (!input.carried && input.roundRegionCode && patched(PATCHES.escalationLadder)) {
    const ladder = escalationLadder(input.enterprise.regionCode, input.roundRegionCode);
    state = { ...state, ladder, escalationLevel: 0 };
  }
  const outbox: Outgoing[] = [];
  let sending = 0;
  const bounded = () => patched(PATCHES.boundedHistory);

  const adopt = (transition: Transition): void => {
    const stalledBefore = state.stalled;
    const stageBefore = state.stage;
    state = transition.state;
    const facts = notificationFacts(transition.state);
    outbox.push(...transition.notifications.map((request) => ({ request, facts })));
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
    // Since bounded-history-v1 the texts a step records live in the read model once its write is done
    // (a later write that overtook it carried them too): the state, and every later write, drop them.
    // A step still being written keeps its texts until its own write is done.
    if (bounded()) state = withoutTexts(state, textRecordsOf(transition.state));
  };

  /** Hands every email asked for to its activity without waiting: a retried email blocks no alarm. */
  const dispatch = (): void => {
    for (const { request, facts } of outbox.splice(0)) {
      sending++;
      void sendNotification({ ...request, about: facts })
        // A permanent refusal is recorded as failed by the activity; the journey goes on without it.
        .catch((err: unknown) => log.warn('email not delivered', { key: request.key, error: String(err) }))
        .finally(() => sending--);
    }
  };

  setHandler(journeyStateQuery, () => state);

  for (const step of STEP_NAMES) {
    setHandler(
      stepUpdate(step),
      async (command: StepCommand): Promise<StepResult> => {
        // An amendment or progress is new behaviour (assistance-revisions-v1): a journey that takes
        // one records the marker; one replayed from before it never reaches this with a revision.
        if (isRevision(state, step) && !patched(PATCHES.assistanceRevisions)) {
          refuse({
            kind: 'stage',
            currentStage: state.stage,
            message: `${step} cannot be submitted again (current stage: ${state.stage})`,
          });
        }
        const transition = applyStep(
          state,
          step,
          command.actor,
          command.payload as never,
          new Date(),
          command.target,
        );
        await commit(transition);
        if (!bounded()) return state;
        return { id: transition.state.id, version: transition.state.version, stage: transition.state.stage };
      },
      { validator: (command: StepCommand) => validateStep(state, step, command) },
    );
  }

  // A bulk launch writes each journey's first state in batches itself: one activity fewer per journey.
  // A run continued as new starts from a state the read model already has.
  if (!input.carried && !(input.initialStateRecorded && patched(PATCHES.launcherRecordsInitialState)))
    await recordJourney(state);

  /** Whether this run has grown enough to hand the journey to a fresh run. */
  const longRun = (): boolean => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength > RUN_EVENTS_LIMIT ||
      info.historySize > RUN_BYTES_LIMIT
    );
  };
  // Nothing may be lost by continuing as new: no email in flight, no step half applied.
  const canContinue = () => outbox.length === 0 && sending === 0 && allHandlersFinished();

  while (!isTerminal(state.stage)) {
    const concurrent = patched(PATCHES.concurrentEmails);
    if (concurrent) dispatch();
    const renew = bounded() && longRun();
    if (renew && canContinue()) {
      await makeContinueAsNewFunc<typeof journeyWorkflow>({
        typedSearchAttributes: workflowInfo().typedSearchAttributes,
      })({
        id: input.id,
        roundId: input.roundId,
        enterprise: input.enterprise,
        settings: input.settings,
        carried: state,
      });
    }
    const seen = state.version;
    const changed = () => state.version !== seen || outbox.length > 0 || (renew && canContinue());
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
          if (concurrent) {
            dispatch();
            await recordJourney(state);
          } else {
            await Promise.all([recordJourney(state), deliver(outbox, () => state, true)]);
          }
        } else {
          await commit(applyAlarm(state, alarm, new Date()));
        }
      }
    } else {
      await condition(changed);
    }
    if (!concurrent) await deliver(outbox, () => state);
  }
  if (patched(PATCHES.concurrentEmails)) {
    dispatch();
    await condition(() => sending === 0 && allHandlersFinished());
    return state;
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

/** How emails went out before concurrent-emails-v1: awaited, each carrying the journey's state. */
async function deliver(outbox: Outgoing[], current: () => JourneyState, parallel = false): Promise<void> {
  if (parallel) {
    await Promise.all(
      outbox.splice(0).map(({ request }) => sendNotification({ ...request, journey: current() })),
    );
    return;
  }
  while (outbox.length > 0) {
    await sendNotification({ ...outbox.shift()!.request, journey: current() });
  }
}

function validateStep(state: JourneyState, step: StepName, command: StepCommand): void {
  const refusal = checkStep(state, step, command.actor, command.target);
  if (refusal) refuse(refusal);
  const parsed = STEPS[step].schema.safeParse(command.payload);
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
  const unknown = unknownNames(state, step, parsed.data as never);
  if (unknown.length > 0) {
    throw ApplicationFailure.create({
      type: INVALID_PAYLOAD,
      message: 'invalid payload',
      details: [unknown],
      nonRetryable: true,
    });
  }
}
