import { CN_CALENDAR, deadlineAfter, type WorkCalendar } from './calendar';
import { durationToMs } from './duration';
import type { Actor } from './principal';
import {
  TEXT_RECORDS,
  type CertificationRecord,
  type EvaluationRecord,
  type JourneyInput,
  type JourneyState,
  type Recorded,
  type Stage,
  type TextRecord,
} from './journey';
import type { RoundSettings } from './settings';
import {
  isAmendment,
  stepDefinition,
  type StepActor,
  type StepName,
  type StepPayload,
  type StepTarget,
} from './steps';

export type TemplateName =
  | 'assignment'
  | 'reassignment'
  | 'reminder'
  | 'escalation'
  | 'evaluation_request'
  /** To a body's staff member: a journey is now theirs. */
  | 'assignee'
  /** To a body's staff member: a journey they had is now someone else's. */
  | 'assignee_removed';
/**
 * Whom an email goes to, resolved when it is sent. A body means its journey's assignee while that
 * person is active, else the body's own address. A regulator without `division` is the round's owner
 * (as before the ladder); with one, the active regulators of that division (`ROUND_OWNER`: the round's
 * owner), climbing further up when it has none. A principal is one named person, while active.
 */
export type Recipient =
  | { kind: 'certification_body'; id: string }
  | { kind: 'enterprise' }
  | { kind: 'regulator'; division?: string }
  | { kind: 'principal'; id: string };

/** An email a transition asks for; the workflow hands it to an activity. */
export interface NotificationRequest {
  template: TemplateName;
  recipient: Recipient;
  /** Unique per journey: a retried activity with the same key sends nothing twice. */
  key: string;
  /**
   * The step the email is about. An assignment email names the step the body takes next: `assignment`
   * for a first assignment (its diagnosis), the pending step for a reassignment.
   */
  step: PendingStep['step'] | 'assignment' | 'reassignment' | 'assignee';
  evaluation?: number;
  /** For emails that carry an evaluation link: when the link stops working. */
  linkExpiresAt?: string;
}

export interface Transition {
  state: JourneyState;
  notifications: NotificationRequest[];
}

/**
 * What an email activity needs of the journey besides ids: the facts of the moment it was asked for.
 * The enterprise, the round and every text are read from PostgreSQL by the activity.
 */
export interface NotificationFacts {
  journeyId: string;
  roundId: string;
  deadline: string | null;
  stalledSince: string | null;
  remindersSent: number;
  reminderMax: number;
  /** The body's staff member emails about the journey go to; absent before assignees. */
  assigneeId?: string | null;
}

export function notificationFacts(s: JourneyState): NotificationFacts {
  return {
    journeyId: s.id,
    roundId: s.roundId,
    deadline: s.deadline,
    stalledSince: s.stalledSince,
    remindersSent: s.remindersSent,
    reminderMax: s.settings.reminders.max,
    ...(s.assigneeId ? { assigneeId: s.assigneeId } : {}),
  };
}

/**
 * `s` without the large texts of `records` (all TEXT_RECORDS by default): findings, measures, the
 * completion summary and reasons become empty, everything the journey's rules and reports use stays.
 * The read model keeps the texts a write stored (a record never changes once made), so once a
 * record's write is done the workflow carries, and its history repeats, only this bounded state.
 */
export function withoutTexts(s: JourneyState, records: readonly TextRecord[] = TEXT_RECORDS): JourneyState {
  const out: JourneyState = { ...s };
  const strip = (record: TextRecord) => records.includes(record) && s[record] !== undefined;
  if (strip('screening')) {
    out.screening = { ...s.screening! };
    delete out.screening.reason;
  }
  if (strip('diagnosis')) out.diagnosis = { ...s.diagnosis!, findings: [] };
  // The titles stay: progress names measures by them, and the workflow checks each name.
  if (strip('plan')) out.plan = { ...s.plan!, measures: s.plan!.measures.map((m) => ({ ...m, owner: '' })) };
  if (strip('completion')) out.completion = { ...s.completion!, summary: '' };
  if (strip('certification') && s.certification!.outcome === 'not_certified')
    out.certification = { ...s.certification!, reason: '' };
  if (strip('certification') && s.certification!.outcome === 'declined') {
    out.certification = { ...s.certification! };
    delete out.certification.reason;
  }
  if (strip('withdrawal')) out.withdrawal = { ...s.withdrawal!, reason: '' };
  if (strip('cancellation')) out.cancellation = { ...s.cancellation!, reason: '' };
  return out;
}

/** The text records `s` holds. */
export function textRecordsOf(s: JourneyState): TextRecord[] {
  return TEXT_RECORDS.filter((record) => s[record] !== undefined);
}

/** The standard an ISO 9001 certificate is issued against when the body does not say. */
export const DEFAULT_STANDARD = 'GB/T 19001-2016 / ISO 9001:2015';

/** What the journey waits for, and who must act (the step table's `actors`). */
export interface PendingStep {
  step: Exclude<
    StepName,
    'withdrawal' | 'cancellation' | 'assistance-progress' | 'reassignment' | 'assignee' | 'round-settings'
  >;
  evaluation?: number;
  actors: StepActor[];
}

function waitingFor(step: PendingStep['step'], evaluation?: number): PendingStep {
  return {
    step,
    ...(evaluation !== undefined ? { evaluation } : {}),
    actors: [...stepDefinition(step).actors],
  };
}

export function pendingStep(s: JourneyState): PendingStep | null {
  switch (s.stage) {
    case 'screening':
      return waitingFor('screening-decision');
    case 'diagnosis':
      return waitingFor(s.certificationBodyId ? 'diagnosis' : 'assignment');
    case 'assistance':
      return waitingFor(s.plan ? 'assistance-completion' : 'assistance-plan');
    case 'certification':
      return waitingFor('certification');
    case 'follow_up': {
      const open = s.evaluations.find((e) => e.openedAt !== null && e.answeredAt === null);
      return open ? waitingFor('evaluation', open.n) : null;
    }
    default:
      return null;
  }
}

const after = (from: Date, duration: string) =>
  new Date(from.getTime() + durationToMs(duration)).toISOString();

/** How long a round gives for a step the journey waits for (its `deadlines`). */
function durationOf(step: PendingStep['step'], d: RoundSettings['deadlines']): string {
  switch (step) {
    case 'screening-decision':
      return d.screening;
    case 'assignment':
    case 'diagnosis':
      return d.diagnosis;
    case 'assistance-plan':
      return d.assistancePlan;
    case 'assistance-completion':
      return d.assistance;
    case 'certification':
      return d.certification;
    case 'evaluation':
      return d.evaluation;
  }
}

/** The last year the bundled calendar reached when journeys began to say which years they count with. */
const CALENDAR_THROUGH_BEFORE_INPUT = 2026;
const calendarsThrough = new Map<number, WorkCalendar>();

/**
 * The working-day calendar a journey counts with: the bundled one, through the year the journey knows
 * (`calendarThrough`); years after it count weekends only, as they did when it started. Deterministic
 * whatever data a newer release bundles.
 */
export function journeyCalendar(s: Pick<JourneyState, 'calendarThrough'>): WorkCalendar {
  const through = s.calendarThrough ?? CALENDAR_THROUGH_BEFORE_INPUT;
  if (through >= CN_CALENDAR.lastYear) return CN_CALENDAR;
  let calendar = calendarsThrough.get(through);
  if (!calendar) {
    const upTo = (days: ReadonlySet<string>) =>
      new Set([...days].filter((d) => Number(d.slice(0, 4)) <= through));
    calendar = {
      ...CN_CALENDAR,
      lastYear: through,
      holidays: upTo(CN_CALENDAR.holidays),
      workdays: upTo(CN_CALENDAR.workdays),
    };
    calendarsThrough.set(through, calendar);
  }
  return calendar;
}

/**
 * The deadline of what the journey waits for, counted from `from` by the round's calendar (every day
 * for a journey whose settings name none); none while it waits for an evaluation to fall due.
 */
export function deadlineOf(s: JourneyState, from: Date): string | null {
  const pending = pendingStep(s);
  if (!pending) return null;
  const duration = durationOf(pending.step, s.settings.deadlines);
  const mode = s.settings.calendar ?? 'calendar';
  return deadlineAfter(from, duration, mode, journeyCalendar(s)).toISOString();
}

/** The state of a journey that is not stalled: no stall, no reminders sent, nobody escalated to. */
function unstalled(s: JourneyState): JourneyState {
  const next = { ...s, stalled: false, stalledSince: null, remindersSent: 0, escalated: false };
  if (s.ladder) next.escalationLevel = 0;
  return next;
}

/** Progress was made: the clock for the next step starts now and any stall is over. */
function progressed(s: JourneyState, now: Date): JourneyState {
  const next = unstalled(s);
  next.deadline = deadlineOf(next, now);
  next.waitingSince = next.deadline ? now.toISOString() : null;
  next.version = s.version + 1;
  next.updatedAt = now.toISOString();
  return next;
}

/**
 * Since when the journey waits for its current step: recorded since settings changes; before them,
 * its deadline less the step's duration (every day counted then).
 */
function waitingSinceOf(s: JourneyState, step: PendingStep['step']): string {
  if (s.waitingSince) return s.waitingSince;
  return new Date(
    Date.parse(s.deadline!) - durationToMs(durationOf(step, s.settings.deadlines)),
  ).toISOString();
}

/**
 * The round's settings changed (and with them, perhaps, its pause): the journey takes the new
 * settings whole and counts its deadline again from when its step began, by the new durations and
 * calendar. A deadline now past stalls the journey at once (its reminders start now, not at the old
 * date: a change never sends a burst of them); a stalled journey whose new deadline is still ahead is
 * no longer stalled. Evaluations not yet open fall due by the new offsets. The stage never changes.
 *
 * Pausing stops reminders and escalations (`nextAlarm`); deadlines still pass. Resuming moves the
 * stall's start on by the time it was paused, so reminders and escalations take up where they
 * stopped instead of all falling due at once.
 */
function applyRoundSettings(
  state: JourneyState,
  { settings, paused }: StepPayload<'round-settings'>,
  now: Date,
): JourneyState {
  let s: JourneyState = { ...state, settings };
  const pending = pendingStep(state);
  if (pending && state.deadline) {
    const since = waitingSinceOf(state, pending.step);
    const deadline = deadlineOf(s, new Date(since))!;
    s.deadline = deadline;
    s.waitingSince = since;
    const past = Date.parse(deadline) <= now.getTime();
    if (state.stalled && !past) s = unstalled(s);
    if (!state.stalled && past) s = { ...unstalled(s), stalled: true, stalledSince: now.toISOString() };
  }
  const completedAt = state.completion ? new Date(state.completion.at) : null;
  if (completedAt) {
    s.evaluations = state.evaluations.map((e) => {
      const offset = settings.evaluationOffsets[e.n - 1];
      return e.openedAt === null && offset ? { ...e, dueAt: after(completedAt, offset) } : e;
    });
  }
  if (paused && !state.pausedAt) s.pausedAt = now.toISOString();
  if (!paused && state.pausedAt) {
    if (s.stalled && s.stalledSince) {
      // Only the paused time the journey spent stalled: a stall that began while paused starts now.
      const from = Math.max(Date.parse(state.pausedAt), Date.parse(s.stalledSince));
      s.stalledSince = new Date(Date.parse(s.stalledSince) + (now.getTime() - from)).toISOString();
    }
    s.pausedAt = null;
  }
  return s;
}

export function initialJourney(input: JourneyInput, now: Date): JourneyState {
  const s: JourneyState = {
    id: input.id,
    roundId: input.roundId,
    enterprise: input.enterprise,
    settings: input.settings,
    stage: 'screening',
    stalled: false,
    stalledSince: null,
    remindersSent: 0,
    escalated: false,
    deadline: null,
    certificationBodyId: null,
    assignments: [],
    evaluations: [],
    version: 0,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...(input.calendarThrough !== undefined ? { calendarThrough: input.calendarThrough } : {}),
  };
  return progressed(s, now);
}

function recorded(actor: Actor, now: Date): Recorded {
  return {
    at: now.toISOString(),
    by: { principalId: actor.principalId, role: actor.role, name: actor.name },
  };
}

function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

function scheduleEvaluations(s: JourneyState, completedAt: Date): EvaluationRecord[] {
  return s.settings.evaluationOffsets.map((offset, i) => ({
    n: i + 1,
    dueAt: after(completedAt, offset),
    openedAt: null,
    answeredAt: null,
    answer: null,
    by: null,
    via: null,
  }));
}

/**
 * A change that is not progress along the journey (an amendment, assistance progress): recorded as a
 * new version, with the stage, deadline, stall and reminders as they were.
 */
function revised(s: JourneyState, now: Date): Transition {
  return { state: { ...s, version: s.version + 1, updatedAt: now.toISOString() }, notifications: [] };
}

/**
 * The effect of an amendment or of assistance progress (`isRevision`): the latest version of the
 * record, or the latest status of each measure named; nothing else of the journey moves.
 */
function applyRevision<S extends StepName>(
  state: JourneyState,
  step: S,
  at: Recorded,
  payload: StepPayload<S>,
  now: Date,
): Transition {
  const s: JourneyState = { ...state };
  switch (step) {
    case 'diagnosis': {
      const p = payload as StepPayload<'diagnosis'>;
      const version = (state.diagnosis!.version ?? 1) + 1;
      s.diagnosis = { ...at, findings: p.findings, baseline: p.baseline, version };
      break;
    }
    case 'assistance-plan': {
      const p = payload as StepPayload<'assistance-plan'>;
      s.plan = { ...at, measures: p.measures, version: (state.plan!.version ?? 1) + 1 };
      // Progress on a measure the amended plan no longer holds goes with it; the history keeps it.
      const titles = new Set(p.measures.map((m) => m.title));
      if (state.progress) s.progress = state.progress.filter((r) => titles.has(r.measure));
      break;
    }
    case 'assistance-progress': {
      const { updates } = payload as StepPayload<'assistance-progress'>;
      const latest = new Map((state.progress ?? []).map((r) => [r.measure, r]));
      for (const u of updates)
        latest.set(u.measure, {
          ...at,
          measure: u.measure,
          status: u.status,
          ...(u.note ? { note: u.note } : {}),
        });
      // In the plan's order.
      s.progress = (state.plan?.measures ?? []).flatMap((m) => latest.get(m.title) ?? []);
      break;
    }
  }
  return revised(s, now);
}

/** The email telling a staff member a journey is theirs no more; one per journey version. */
function assigneeRemoved(state: JourneyState, assigneeId: string): NotificationRequest {
  return {
    template: 'assignee_removed',
    recipient: { kind: 'principal', id: assigneeId },
    key: `${state.id}:assignee_removed:${state.version + 1}`,
    step: 'assignee',
  };
}

/**
 * A body gives the journey to one of its staff, another, or back to the body as a whole (null): the
 * new assignee is told, and so is the one it was taken from.
 */
function applyAssignee(state: JourneyState, { assigneeId }: StepPayload<'assignee'>, now: Date): Transition {
  const notifications: NotificationRequest[] = [];
  const s: JourneyState = { ...state, assigneeId };
  if (assigneeId)
    notifications.push({
      template: 'assignee',
      recipient: { kind: 'principal', id: assigneeId },
      key: `${state.id}:assignee:${state.version + 1}`,
      // What the new assignee must do next, when anything waits for the body.
      step: pendingStep(s)?.step ?? 'assignee',
    });
  if (state.assigneeId) notifications.push(assigneeRemoved(state, state.assigneeId));
  return { state: revised(s, now).state, notifications };
}

/** Whether taking `step` now revises what the journey holds instead of moving it on. */
export function isRevision(state: JourneyState, step: StepName): boolean {
  return step === 'assistance-progress' || isAmendment(state, step);
}

/**
 * The effect of a step that passed its checks. Pure: the workflow calls it inside an update handler,
 * so it must not read clocks or do I/O; `now` comes from the workflow.
 */
export function applyStep<S extends StepName>(
  state: JourneyState,
  step: S,
  actor: Actor,
  payload: StepPayload<S>,
  now: Date,
  target: StepTarget = {},
): Transition {
  const at = recorded(actor, now);
  if (isRevision(state, step)) return applyRevision(state, step, at, payload, now);
  // Neither is progress: the deadline, the stall and its reminders go on (a settings change recounts them).
  if (step === 'assignee') return applyAssignee(state, payload as StepPayload<'assignee'>, now);
  if (step === 'round-settings')
    return revised(applyRoundSettings(state, payload as StepPayload<'round-settings'>, now), now);
  const s: JourneyState = { ...state };
  const notifications: NotificationRequest[] = [];
  const to = (stage: Stage) => (s.stage = stage);
  switch (step) {
    case 'screening-decision': {
      const p = payload as StepPayload<'screening-decision'>;
      to(p.decision === 'selected' ? 'diagnosis' : 'rejected');
      s.screening = { ...at, decision: p.decision, ...(p.reason !== undefined ? { reason: p.reason } : {}) };
      break;
    }
    case 'assignment': {
      const p = payload as StepPayload<'assignment'>;
      s.certificationBodyId = p.certificationBodyId;
      s.assignments = [...state.assignments, { ...at, certificationBodyId: p.certificationBodyId }];
      notifications.push({
        template: 'assignment',
        recipient: { kind: 'certification_body', id: p.certificationBodyId },
        key: `${state.id}:assignment:${s.assignments.length}`,
        step: 'assignment',
      });
      break;
    }
    case 'reassignment': {
      // progressed() restarts the deadline of the step the journey waits for, and ends any stall and
      // its reminders: they measured the old body, and the new one needs its full time to take over.
      const p = payload as StepPayload<'reassignment'>;
      const from = state.certificationBodyId!;
      s.certificationBodyId = p.certificationBodyId;
      s.assignments = [
        ...state.assignments,
        { ...at, certificationBodyId: p.certificationBodyId, fromCertificationBodyId: from },
      ];
      // The staff member of the old body has the journey no more: told so, by name.
      if (state.assigneeId) {
        s.assigneeId = null;
        notifications.push(assigneeRemoved(state, state.assigneeId));
      }
      // Keys count assignments and reassignments together: each reassignment has its own pair.
      const n = s.assignments.length;
      notifications.push(
        {
          template: 'assignment',
          recipient: { kind: 'certification_body', id: p.certificationBodyId },
          key: `${state.id}:assignment:${n}`,
          step: pendingStep(s)?.step ?? 'assignment',
        },
        {
          template: 'reassignment',
          recipient: { kind: 'certification_body', id: from },
          key: `${state.id}:reassignment:${n}`,
          step: 'reassignment',
        },
      );
      break;
    }
    case 'diagnosis': {
      const p = payload as StepPayload<'diagnosis'>;
      s.diagnosis = { ...at, findings: p.findings, baseline: p.baseline };
      to('assistance');
      break;
    }
    case 'assistance-plan': {
      const p = payload as StepPayload<'assistance-plan'>;
      s.plan = { ...at, measures: p.measures };
      break;
    }
    case 'assistance-completion': {
      const p = payload as StepPayload<'assistance-completion'>;
      s.completion = { ...at, summary: p.summary };
      s.evaluations = scheduleEvaluations(s, now);
      to('certification');
      break;
    }
    case 'certification': {
      const p = payload as StepPayload<'certification'>;
      let record: CertificationRecord;
      if (p.outcome === 'certified') {
        record = {
          ...at,
          outcome: 'certified',
          certificateNumber: p.certificateNumber!,
          standard: p.standard ?? DEFAULT_STANDARD,
          issuedOn: p.issuedOn!,
          // A certificate is valid for three years unless the body records otherwise.
          expiresOn: p.expiresOn ?? addYears(p.issuedOn!, 3),
        };
      } else if (p.outcome === 'not_certified') {
        record = { ...at, outcome: 'not_certified', reason: p.reason! };
      } else {
        record = { ...at, outcome: 'declined', ...(p.reason !== undefined ? { reason: p.reason } : {}) };
      }
      s.certification = record;
      to('follow_up');
      break;
    }
    case 'evaluation': {
      const p = payload as StepPayload<'evaluation'>;
      s.evaluations = state.evaluations.map((e) =>
        e.n === target.evaluation
          ? {
              ...e,
              answeredAt: at.at,
              answer: p,
              by: at.by,
              via: actor.role === 'enterprise' ? 'link' : 'api',
            }
          : e,
      );
      if (s.evaluations.every((e) => e.answeredAt !== null)) to('completed');
      break;
    }
    case 'withdrawal':
      s.withdrawal = { ...at, reason: (payload as StepPayload<'withdrawal'>).reason };
      to('withdrawn');
      break;
    case 'cancellation':
      s.cancellation = { ...at, reason: (payload as StepPayload<'cancellation'>).reason };
      to('cancelled');
      break;
    default:
      throw new Error(`unknown step ${String(step)}`);
  }
  return { state: progressed(s, now), notifications };
}
