import { durationToMs } from './duration';
import { isTerminal, ROUND_OWNER, type JourneyState } from './journey';
import { divisionCovers, divisionProblem } from './region';
import type { StepActor } from './steps';
import {
  deadlineOf,
  pendingStep,
  type NotificationRequest,
  type Recipient,
  type Transition,
} from './transitions';

/**
 * Whom a stalled journey's escalations climb to, nearest first: the bureau of the enterprise's own
 * county (when its division is a county), of its city, of its province, each only when strictly below
 * the round's own division (the round's owner speaks for that one), then the round's owner
 * (`ROUND_OWNER`). A level GB/T 2260 does not list (a municipality's districts have no city, a
 * county-level city may report to its province directly) is skipped.
 */
export function escalationLadder(enterpriseRegion: string, roundRegion: string): string[] {
  const levels = [
    enterpriseRegion,
    `${enterpriseRegion.slice(0, 4)}00`,
    `${enterpriseRegion.slice(0, 2)}0000`,
  ];
  const below = (code: string) => code !== roundRegion && divisionCovers(roundRegion, code);
  const rungs = levels.filter(
    (code, i) => levels.indexOf(code) === i && divisionProblem(code) === null && below(code),
  );
  return [...rungs, ROUND_OWNER];
}

/**
 * The journey's clock. A journey sleeps on one durable timer until its next alarm: an evaluation
 * falling due, the current step's deadline, the next reminder, or the escalation. Doing the step
 * changes the state, so the workflow computes the next alarm afresh and the old one never fires.
 */
export type AlarmKind = 'evaluation_due' | 'deadline' | 'reminder' | 'escalation';

export interface Alarm {
  kind: AlarmKind;
  at: string;
}

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

export function nextAlarm(s: JourneyState): Alarm | null {
  if (isTerminal(s.stage)) return null;
  if (s.stage === 'follow_up' && !pendingStep(s)) {
    const next = s.evaluations.find((e) => e.openedAt === null);
    return next ? { kind: 'evaluation_due', at: next.dueAt } : null;
  }
  if (!s.deadline) return null;
  if (!s.stalled) return { kind: 'deadline', at: s.deadline };
  // A paused round's journeys still stall, but nobody is reminded or escalated to until it resumes.
  if (s.pausedAt) return null;
  const alarms: Alarm[] = [];
  const { every, max } = s.settings.reminders;
  // The first reminder goes out when the step stalls, then one every `every`, `max` in all.
  if (s.remindersSent < max)
    alarms.push({ kind: 'reminder', at: plus(s.stalledSince!, s.remindersSent * durationToMs(every)) });
  const escalateAfter = durationToMs(s.settings.escalateAfter);
  if (s.ladder) {
    // Rung k (1-based) is told k escalation periods into the stall, the next one up each time.
    const level = s.escalationLevel ?? 0;
    if (level < s.ladder.length)
      alarms.push({ kind: 'escalation', at: plus(s.stalledSince!, (level + 1) * escalateAfter) });
  } else if (!s.escalated) {
    alarms.push({ kind: 'escalation', at: plus(s.stalledSince!, escalateAfter) });
  }
  alarms.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return alarms[0] ?? null;
}

/**
 * How long an emailed evaluation link works: through the evaluation's deadline, the escalation
 * period, and one more evaluation period for the regulator's follow-up after escalating. Every
 * reminder carries a fresh link, so the newest email always has the longest-lived one.
 */
export function linkExpiry(s: JourneyState, sentAt: Date): string {
  const evaluation = durationToMs(s.settings.deadlines.evaluation);
  const ms = 2 * evaluation + durationToMs(s.settings.escalateAfter);
  return new Date(sentAt.getTime() + ms).toISOString();
}

function recipientsOf(s: JourneyState, actors: readonly StepActor[]): Recipient[] {
  return actors.map((a) =>
    a === 'certification_body' ? { kind: 'certification_body', id: s.certificationBodyId! } : { kind: a },
  );
}

/** What an alarm does. Pure, like applyStep: `now` comes from the workflow. */
export function applyAlarm(state: JourneyState, alarm: Alarm, now: Date): Transition {
  const s: JourneyState = { ...state };
  const notifications: NotificationRequest[] = [];
  switch (alarm.kind) {
    case 'evaluation_due': {
      const due = s.evaluations.find((e) => e.openedAt === null)!;
      s.evaluations = s.evaluations.map((e) => (e.n === due.n ? { ...e, openedAt: now.toISOString() } : e));
      // The evaluation's deadline counts by the round's calendar, from the moment it opened.
      s.deadline = deadlineOf(s, now);
      s.waitingSince = now.toISOString();
      notifications.push({
        template: 'evaluation_request',
        recipient: { kind: 'enterprise' },
        key: `${s.id}:evaluation:${due.n}:request`,
        step: 'evaluation',
        evaluation: due.n,
        linkExpiresAt: linkExpiry(s, now),
      });
      break;
    }
    case 'deadline':
      s.stalled = true;
      s.stalledSince = alarm.at;
      s.remindersSent = 0;
      s.escalated = false;
      if (s.ladder) s.escalationLevel = 0;
      break;
    case 'reminder': {
      const pending = pendingStep(s)!;
      const k = s.remindersSent + 1;
      s.remindersSent = k;
      for (const recipient of recipientsOf(s, pending.actors)) {
        notifications.push({
          template: 'reminder',
          recipient,
          key: `${s.id}:reminder:${s.stalledSince}:${k}:${recipient.kind}`,
          step: pending.step,
          ...(pending.evaluation ? { evaluation: pending.evaluation } : {}),
          ...(recipient.kind === 'enterprise' ? { linkExpiresAt: linkExpiry(s, now) } : {}),
        });
      }
      break;
    }
    case 'escalation': {
      const pending = pendingStep(s)!;
      s.escalated = true;
      const about = { step: pending.step, ...(pending.evaluation ? { evaluation: pending.evaluation } : {}) };
      if (s.ladder) {
        const k = (s.escalationLevel ?? 0) + 1;
        s.escalationLevel = k;
        notifications.push({
          template: 'escalation',
          recipient: { kind: 'regulator', division: s.ladder[k - 1] },
          key: `${s.id}:escalation:${s.stalledSince}:${k}`,
          ...about,
        });
      } else {
        notifications.push({
          template: 'escalation',
          recipient: { kind: 'regulator' },
          key: `${s.id}:escalation:${s.stalledSince}`,
          ...about,
        });
      }
      break;
    }
  }
  s.version = state.version + 1;
  s.updatedAt = now.toISOString();
  return { state: s, notifications };
}
