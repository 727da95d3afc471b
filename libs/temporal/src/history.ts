import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import {
  type JourneyInput,
  type JourneyState,
  type Reassignment,
  type RecordedBy,
  type Stage,
  type Actor,
  initialJourney,
  type NotificationRequest,
} from '@uplift/domain';
import type { StepCommand } from '../../../workflows/definitions';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;
type WorkflowService = temporal.api.workflowservice.v1.WorkflowService;

/** Events asked for per page; fewer when a page of large events would pass gRPC's 4 MiB receive limit. */
const PAGE_EVENTS = 256;
const RESOURCE_EXHAUSTED = 8;

/** One run's events, page by page; a page too large to receive is asked again in halves, down to one event. */
async function runEvents(
  service: WorkflowService,
  namespace: string,
  workflowId: string,
  runId: string | undefined,
  limit = Infinity,
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let pageSize = Math.min(PAGE_EVENTS, limit);
  let nextPageToken: Uint8Array | undefined;
  while (events.length < limit) {
    let response: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse;
    try {
      response = await service.getWorkflowExecutionHistory({
        namespace,
        execution: { workflowId, runId },
        maximumPageSize: pageSize,
        nextPageToken,
      });
    } catch (err) {
      // One event is at most Temporal's 2 MB blob limit, so a page of one is always received.
      if ((err as { code?: unknown }).code === RESOURCE_EXHAUSTED && pageSize > 1) {
        pageSize = Math.ceil(pageSize / 2);
        continue;
      }
      throw err;
    }
    events.push(...(response.history?.events ?? []));
    nextPageToken = response.nextPageToken?.length ? response.nextPageToken : undefined;
    if (!nextPageToken) break;
    pageSize = Math.min(PAGE_EVENTS, pageSize * 2);
  }
  return events;
}

/**
 * A journey's whole history, every run oldest first (a long journey continues as new), read in pages
 * small enough for any history: the first run is named by the latest run's start event, and each run
 * names the one it continued as.
 */
export async function fetchJourneyHistory(
  service: WorkflowService,
  namespace: string,
  workflowId: string,
): Promise<HistoryEvent[]> {
  const [latestStart] = await runEvents(service, namespace, workflowId, undefined, 1);
  let runId = latestStart?.workflowExecutionStartedEventAttributes?.firstExecutionRunId || undefined;
  const events: HistoryEvent[] = [];
  for (;;) {
    const run = await runEvents(service, namespace, workflowId, runId);
    events.push(...run);
    const next = run.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (!next || !runId) return events;
    runId = next;
  }
}

/** One line of a journey's timeline as an admin reads it. */
export interface JourneyEvent {
  at: string;
  type: string;
  stage: Stage | null;
  actor: RecordedBy | null;
  summary: string;
  details: Record<string, unknown>;
}

function decode<T>(payload: Payload | null | undefined): T | undefined {
  if (!payload) return undefined;
  return defaultPayloadConverter.fromPayload<T>(payload as never);
}

function timeOf(e: HistoryEvent): string {
  const t = e.eventTime;
  if (!t) return '';
  return new Date(Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString();
}

function actorOf(a: Actor | undefined): RecordedBy | null {
  return a ? { principalId: a.principalId, role: a.role, name: a.name } : null;
}

function ms(d: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return d ? Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6) : 0;
}

/**
 * Reads the journey workflow's own event history, all its runs in order: steps (accepted updates and who sent them),
 * stage changes and stalls (from the states the workflow recorded), timers, and emails sent.
 * Internal bookkeeping (workflow tasks, read-model writes themselves) is left out.
 */
export function readableHistory(
  events: HistoryEvent[],
  /** A certification body's name, for the events that name one (a reassignment names both). */
  bodyName: (id: string) => string = (id) => id,
): JourneyEvent[] {
  const out: JourneyEvent[] = [];
  let stage: Stage | null = null;
  let last: JourneyState | undefined;
  const emails = new Map<string, NotificationRequest>();
  const timers = new Map<string, string>();
  /** How many versions of each amendable record the journey has had: each submission is one. */
  const versions = new Map<string, number>();
  const countVersions = (s: JourneyState | undefined) => {
    versions.set('diagnosis', s?.diagnosis ? (s.diagnosis.version ?? 1) : 0);
    versions.set('assistance-plan', s?.plan ? (s.plan.version ?? 1) : 0);
  };
  const push = (
    e: HistoryEvent,
    type: string,
    summary: string,
    details: Record<string, unknown> = {},
    actor: RecordedBy | null = null,
  ) => out.push({ at: timeOf(e), type, stage, actor, summary, details });

  for (const e of events) {
    if (e.workflowExecutionStartedEventAttributes) {
      const input = decode<JourneyInput>(e.workflowExecutionStartedEventAttributes.input?.payloads?.[0]);
      // Event and timer ids start again in each run.
      emails.clear();
      timers.clear();
      if (input?.carried) {
        // A run the journey continued as: it goes on from where the previous run stopped.
        last = input.carried;
        stage = input.carried.stage;
        countVersions(input.carried);
        continue;
      }
      stage = 'screening';
      countVersions(undefined);
      // The state the workflow starts from, which a bulk launch records outside the workflow: the
      // first recorded state in the history is then already the next one.
      if (input) last = initialJourney(input, new Date(input.startedAt ?? timeOf(e)));
      push(e, 'journey_started', `journey started for ${input?.enterprise.name ?? 'the enterprise'}`, {
        roundId: input?.roundId,
        uscc: input?.enterprise.uscc,
      });
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const request = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest;
      const step = request?.input?.name ?? 'step';
      const command = decode<StepCommand>(request?.input?.args?.payloads?.[0]);
      const actor = actorOf(command?.actor);
      const which = command?.target?.evaluation ? ` ${command.target.evaluation}` : '';
      // A diagnosis or plan submitted again is an amendment: each version is its own event.
      const version = versions.has(step) ? versions.get(step)! + 1 : undefined;
      if (version !== undefined) versions.set(step, version);
      const amended = version !== undefined && version > 1 ? ` amended (version ${version})` : '';
      // A reassignment names the body it moved the journey from (the one the journey had) and to.
      const moved =
        step === 'reassignment' ? movedBetween(last, command?.payload as Reassignment | undefined) : null;
      const bodies = moved ? ` from ${bodyName(moved.from)} to ${bodyName(moved.to)}` : '';
      push(
        e,
        'step',
        `${step}${which}${amended}${bodies} by ${actor?.name ?? 'unknown'} (${actor?.role ?? '?'})`,
        {
          step,
          ...command?.target,
          ...(version !== undefined ? { version } : {}),
          ...(moved ?? {}),
          payload: command?.payload,
        },
        actor,
      );
    } else if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      if (a.activityType?.name === 'recordJourney') {
        const state = decode<JourneyState>(a.input?.payloads?.[0]);
        if (!state) continue;
        if (last && state.stage !== last.stage) {
          const from = last.stage;
          stage = state.stage;
          push(e, 'stage_changed', `stage ${from} → ${state.stage}`, {
            from,
            to: state.stage,
            deadline: state.deadline,
          });
        } else {
          stage = state.stage;
        }
        if (state.stalled && !last?.stalled) {
          push(e, 'stalled', `stalled: the deadline ${state.deadline} passed`, { deadline: state.deadline });
        }
        for (const ev of state.evaluations) {
          const before = last?.evaluations.find((x) => x.n === ev.n);
          if (ev.openedAt && !before?.openedAt)
            push(e, 'evaluation_due', `evaluation ${ev.n} fell due`, {
              evaluation: ev.n,
              deadline: state.deadline,
            });
        }
        last = state;
      } else if (a.activityType?.name === 'sendNotification') {
        const request = decode<NotificationRequest>(a.input?.payloads?.[0]);
        if (request) emails.set(String(e.eventId), request);
      }
    } else if (e.activityTaskCompletedEventAttributes) {
      const request = emails.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId));
      if (!request) continue;
      const type =
        request.template === 'reminder'
          ? 'reminder_sent'
          : request.template === 'escalation'
            ? 'escalation_sent'
            : 'email_sent';
      const to = request.recipient.kind.replace('_', ' ');
      push(e, type, `${request.template.replace('_', ' ')} email about ${request.step} sent to the ${to}`, {
        template: request.template,
        recipient: request.recipient,
        step: request.step,
        evaluation: request.evaluation,
        key: request.key,
      });
    } else if (e.activityTaskFailedEventAttributes) {
      const request = emails.get(String(e.activityTaskFailedEventAttributes.scheduledEventId));
      if (request)
        push(e, 'email_failed', `${request.template} email to the ${request.recipient.kind} failed`, {
          key: request.key,
        });
    } else if (e.timerStartedEventAttributes) {
      const summary = decode<string>(e.userMetadata?.summary) ?? 'timer';
      timers.set(e.timerStartedEventAttributes.timerId ?? '', summary);
      push(e, 'timer_started', `timer set: ${summary}`, {
        timerId: e.timerStartedEventAttributes.timerId,
        fireAfterMs: ms(e.timerStartedEventAttributes.startToFireTimeout),
      });
    } else if (e.timerFiredEventAttributes) {
      const id = e.timerFiredEventAttributes.timerId ?? '';
      push(e, 'timer_fired', `timer fired: ${timers.get(id) ?? id}`, { timerId: id });
    } else if (e.timerCanceledEventAttributes) {
      const id = e.timerCanceledEventAttributes.timerId ?? '';
      push(e, 'timer_cancelled', `timer cancelled (the step was done in time): ${timers.get(id) ?? id}`, {
        timerId: id,
      });
    } else if (e.workflowExecutionCompletedEventAttributes) {
      const result = decode<JourneyState>(e.workflowExecutionCompletedEventAttributes.result?.payloads?.[0]);
      stage = result?.stage ?? stage;
      push(e, 'journey_ended', `journey ended: ${stage}`, {});
    } else if (e.workflowExecutionFailedEventAttributes || e.workflowExecutionTerminatedEventAttributes) {
      push(e, 'journey_failed', 'the workflow failed or was terminated by an operator', {});
    }
  }
  return out;
}

/** The bodies a reassignment moved the journey between: from the one its last recorded state had. */
function movedBetween(
  before: JourneyState | undefined,
  payload: Reassignment | undefined,
): { from: string; to: string } | null {
  const from = before?.certificationBodyId ?? payload?.fromCertificationBodyId;
  return from && payload ? { from, to: payload.certificationBodyId } : null;
}
