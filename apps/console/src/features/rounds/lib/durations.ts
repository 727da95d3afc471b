import type { CalendarMode } from '@uplift/domain/calendar';
import { durationToMs } from '@uplift/domain/duration';
import {
  CONSOLE_NOTIFICATION_PRESET,
  DEFAULT_ROUND_SETTINGS,
  type RoundSettings,
} from '@uplift/domain/settings';

/** The units a person sets a round's durations in; the API takes ISO 8601, written only by `toIsoDuration`. */
export const DURATION_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export interface Duration {
  value: number;
  unit: DurationUnit;
}

export const UNIT_LABELS: Record<DurationUnit, { zh: string; en: string }> = {
  minutes: { zh: '分钟', en: 'minutes' },
  hours: { zh: '小时', en: 'hours' },
  days: { zh: '天', en: 'days' },
  weeks: { zh: '周', en: 'weeks' },
};

/** The one place a duration from the form becomes the ISO string the API reads. */
export function toIsoDuration({ value, unit }: Duration): string {
  switch (unit) {
    case 'minutes':
      return `PT${value}M`;
    case 'hours':
      return `PT${value}H`;
    case 'days':
      return `P${value}D`;
    case 'weeks':
      return `P${value}W`;
  }
}

/**
 * An ISO duration in the form's terms: one of a single unit (as the console and the defaults write
 * them) as it is, weeks when it divides; any other (an API client's `P1DT12H`) in whole minutes.
 */
export function fromIsoDuration(iso: string, weeksFromDays = true): Duration {
  const m = /^P(?:(\d+)W|(\d+)D|T(?:(\d+)H|(\d+)M))$/.exec(iso);
  if (!m) return { value: Math.max(1, Math.round(durationToMs(iso) / 60_000)), unit: 'minutes' };
  if (m[1]) return { value: Number(m[1]), unit: 'weeks' };
  if (m[2]) {
    const days = Number(m[2]);
    return weeksFromDays && days % 7 === 0 && days < 60
      ? { value: days / 7, unit: 'weeks' }
      : { value: days, unit: 'days' };
  }
  if (m[3]) return { value: Number(m[3]), unit: 'hours' };
  return { value: Number(m[4]), unit: 'minutes' };
}

export const DEADLINE_STEPS = [
  'screening',
  'diagnosis',
  'assistancePlan',
  'assistance',
  'certification',
  'evaluation',
] as const;
export type DeadlineStep = (typeof DEADLINE_STEPS)[number];

/** The settings form's values: durations with units, never ISO strings. */
export interface SettingsValues {
  deadlines: Record<DeadlineStep, Duration>;
  evaluationOffsets: Duration[];
  reminderEvery: Duration;
  reminderMax: number;
  escalateAfter: Duration;
  /** How deadlines count days: every day, or working days of the mainland calendar. */
  calendar: CalendarMode;
  /** Emails to people only in working hours (Beijing time), `HH:MM`. */
  workingHoursOn: boolean;
  workFrom: string;
  workTo: string;
  /** Reminders and escalations to staff as one email a day at `digestAt`. */
  digestOn: boolean;
  digestAt: string;
}

/** The console's presets notify in working hours and in a daily digest (CONSOLE_NOTIFICATION_PRESET). */
function presetNotifications(): Pick<
  SettingsValues,
  'calendar' | 'workingHoursOn' | 'workFrom' | 'workTo' | 'digestOn' | 'digestAt'
> {
  const { workingHours, digest } = CONSOLE_NOTIFICATION_PRESET;
  return {
    calendar: 'calendar',
    workingHoursOn: true,
    workFrom: workingHours.from,
    workTo: workingHours.to,
    digestOn: true,
    digestAt: digest.at,
  };
}

/** A round's settings as the API shows them (every value present), in the form's terms. */
export function valuesFromSettings(s: Required<RoundSettings>): SettingsValues {
  const preset = presetNotifications();
  // Counted in working days, 14 days are not two weeks (ten working days): days stay days.
  const from = (iso: string) => fromIsoDuration(iso, s.calendar !== 'cn-workdays');
  return {
    deadlines: Object.fromEntries(DEADLINE_STEPS.map((step) => [step, from(s.deadlines[step])])) as Record<
      DeadlineStep,
      Duration
    >,
    evaluationOffsets: s.evaluationOffsets.map(from),
    reminderEvery: from(s.reminders.every),
    reminderMax: s.reminders.max,
    escalateAfter: from(s.escalateAfter),
    calendar: s.calendar,
    workingHoursOn: s.workingHours !== null,
    workFrom: s.workingHours?.from ?? preset.workFrom,
    workTo: s.workingHours?.to ?? preset.workTo,
    digestOn: s.digest !== null,
    digestAt: s.digest?.at ?? preset.digestAt,
  };
}

/** The national defaults (libs/domain settings), in the form's terms. */
export function nationalPreset(): SettingsValues {
  const d = DEFAULT_ROUND_SETTINGS;
  return {
    deadlines: Object.fromEntries(DEADLINE_STEPS.map((s) => [s, fromIsoDuration(d.deadlines[s])])) as Record<
      DeadlineStep,
      Duration
    >,
    evaluationOffsets: d.evaluationOffsets.map((iso) => fromIsoDuration(iso)),
    reminderEvery: fromIsoDuration(d.reminders.every),
    reminderMax: d.reminders.max,
    escalateAfter: fromIsoDuration(d.escalateAfter),
    ...presetNotifications(),
  };
}

/** A round that runs in minutes, for a demonstration or a training day. */
export function demoPreset(): SettingsValues {
  const min = (value: number): Duration => ({ value, unit: 'minutes' });
  return {
    deadlines: {
      screening: min(30),
      diagnosis: min(30),
      assistancePlan: min(15),
      assistance: min(60),
      certification: min(60),
      evaluation: min(15),
    },
    evaluationOffsets: [min(10), min(20)],
    reminderEvery: min(5),
    reminderMax: 3,
    escalateAfter: min(15),
    ...presetNotifications(),
  };
}

/** The `settings` of `POST /v1/rounds` from the form's values. */
export function settingsBody(v: SettingsValues) {
  return {
    deadlines: Object.fromEntries(DEADLINE_STEPS.map((s) => [s, toIsoDuration(v.deadlines[s])])) as Record<
      DeadlineStep,
      string
    >,
    evaluationOffsets: v.evaluationOffsets.map(toIsoDuration),
    reminders: { every: toIsoDuration(v.reminderEvery), max: v.reminderMax },
    escalateAfter: toIsoDuration(v.escalateAfter),
    calendar: v.calendar,
    workingHours: v.workingHoursOn ? { from: v.workFrom, to: v.workTo } : null,
    digest: v.digestOn ? { at: v.digestAt } : null,
  };
}

/** Times of day a person picks from, every half hour, `HH:MM`. */
export const CLOCK_TIMES: readonly string[] = Array.from(
  { length: 48 },
  (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
);

/**
 * A duration in people's words: `30 天`, `2 周`, `5 分钟` (`30 days`…); counted in working days,
 * days are said so (`14 个工作日`) and never shown as weeks.
 */
export function durationWords(
  iso: string,
  locale: 'zh-CN' | 'en',
  calendar: CalendarMode = 'calendar',
): string {
  const workdays = calendar === 'cn-workdays';
  const { value, unit } = fromIsoDuration(iso, !workdays);
  if (workdays && unit === 'days') return locale === 'en' ? `${value} working days` : `${value} 个工作日`;
  return locale === 'en' ? `${value} ${UNIT_LABELS[unit].en}` : `${value} ${UNIT_LABELS[unit].zh}`;
}

/**
 * What the settings form changed of `before`, as a `PATCH /v1/rounds/{id}/settings` body: only the
 * settings whose value differs, each written as the form writes it. A setting left alone keeps the
 * round's own text (`P14D` is not sent back as `P2W`, which counts ten working days, not fourteen).
 */
export function settingsChange(before: Required<RoundSettings>, after: SettingsValues) {
  const was = settingsBody(valuesFromSettings(before));
  const now = settingsBody(after);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const deadlines = Object.fromEntries(
    DEADLINE_STEPS.filter((s) => now.deadlines[s] !== was.deadlines[s]).map((s) => [s, now.deadlines[s]]),
  );
  const reminders = {
    ...(now.reminders.every !== was.reminders.every ? { every: now.reminders.every } : {}),
    ...(now.reminders.max !== was.reminders.max ? { max: now.reminders.max } : {}),
  };
  return {
    ...(Object.keys(deadlines).length ? { deadlines } : {}),
    ...(same(now.evaluationOffsets, was.evaluationOffsets)
      ? {}
      : { evaluationOffsets: now.evaluationOffsets }),
    ...(Object.keys(reminders).length ? { reminders } : {}),
    ...(now.escalateAfter !== was.escalateAfter ? { escalateAfter: now.escalateAfter } : {}),
    ...(now.calendar !== was.calendar ? { calendar: now.calendar } : {}),
    ...(same(now.workingHours, was.workingHours) ? {} : { workingHours: now.workingHours }),
    ...(same(now.digest, was.digest) ? {} : { digest: now.digest }),
  };
}
