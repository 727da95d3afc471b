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
import {
  isAmendment,
  stepDefinition,
  type StepActor,
  type StepName,
  type StepPayload,
  type StepTarget,
} from './steps';

export type TemplateName = 'assignment' | 'reassignment' | 'reminder' | 'escalation' | 'evaluation_request';
export type Recipient =
  { kind: 'certification_body'; id: string } | { kind: 'enterprise' } | { kind: 'regulator' };

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
  step: PendingStep['step'] | 'assignment' | 'reassignment';
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
}

export function notificationFacts(s: JourneyState): NotificationFacts {
  return {
    journeyId: s.id,
    roundId: s.roundId,
    deadline: s.deadline,
    stalledSince: s.stalledSince,
    remindersSent: s.remindersSent,
    reminderMax: s.settings.reminders.max,
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
  step: Exclude<StepName, 'withdrawal' | 'cancellation' | 'assistance-progress' | 'reassignment'>;
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

/** The deadline of what the journey now waits for; none while it waits for an evaluation to fall due. */
function deadlineOf(s: JourneyState, now: Date): string | null {
  const d = s.settings.deadlines;
  const pending = pendingStep(s);
  if (!pending) return null;
  switch (pending.step) {
    case 'screening-decision':
      return after(now, d.screening);
    case 'assignment':
    case 'diagnosis':
      return after(now, d.diagnosis);
    case 'assistance-plan':
      return after(now, d.assistancePlan);
    case 'assistance-completion':
      return after(now, d.assistance);
    case 'certification':
      return after(now, d.certification);
    case 'evaluation':
      return after(now, d.evaluation);
  }
}

/** Progress was made: the clock for the next step starts now and any stall is over. */
function progressed(s: JourneyState, now: Date): JourneyState {
  const next = { ...s, stalled: false, stalledSince: null, remindersSent: 0, escalated: false };
  next.deadline = deadlineOf(next, now);
  next.version = s.version + 1;
  next.updatedAt = now.toISOString();
  return next;
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
