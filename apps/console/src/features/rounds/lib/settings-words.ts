import type { CalendarMode } from '@uplift/domain/calendar';
import type { Locale } from '../../../lib/i18n';
import type { labelsFor } from '../../../lib/labels';
import { DEADLINE_STEPS, durationWords, type DeadlineStep } from './durations';
import type { useRoundText } from './text';

type Words = ReturnType<typeof useRoundText>;
type Labels = ReturnType<typeof labelsFor>;

/** Each deadline named as the journey's stage or step it bounds (the shared labels). */
export const DEADLINE_LABEL: Record<DeadlineStep, ['stage' | 'step', string]> = {
  screening: ['stage', 'screening'],
  diagnosis: ['stage', 'diagnosis'],
  assistancePlan: ['step', 'assistance-plan'],
  assistance: ['stage', 'assistance'],
  certification: ['stage', 'certification'],
  evaluation: ['step', 'evaluation'],
};

export function deadlineLabel(step: DeadlineStep, labels: Labels): string {
  const [group, code] = DEADLINE_LABEL[step];
  return group === 'stage' ? labels.stage(code) : labels.step(code);
}

/** The parts of settings a change may name, as the API takes them. */
interface SettingsPart {
  deadlines?: Partial<Record<DeadlineStep, string>>;
  evaluationOffsets?: string[];
  reminders?: { every?: string; max?: number };
  escalateAfter?: string;
  calendar?: string;
  workingHours?: { from: string; to: string } | null;
  digest?: { at: string } | null;
}

/**
 * Settings, or a change of them, in people's words, one line per setting: `筛选 30 天`, `工作日`,
 * `工作时间 09:00–18:00（北京时间，工作日）`, `每日汇总 09:00`.
 */
export function settingsLines(
  s: SettingsPart,
  w: Words,
  labels: Labels,
  locale: Locale,
  calendar: CalendarMode = 'calendar',
): [string, string][] {
  const d = (iso: string) => durationWords(iso, locale, calendar);
  const lines: [string, string][] = [];
  for (const step of DEADLINE_STEPS) {
    const iso = s.deadlines?.[step];
    if (iso) lines.push([deadlineLabel(step, labels), d(iso)]);
  }
  if (s.evaluationOffsets) lines.push([w.evaluationOffsets, w.offsetsWords(s.evaluationOffsets.map(d))]);
  if (s.reminders?.every !== undefined && s.reminders.max !== undefined)
    lines.push([w.reminders, w.remindWords(d(s.reminders.every), s.reminders.max)]);
  else if (s.reminders?.every !== undefined) lines.push([w.reminderEvery, d(s.reminders.every)]);
  else if (s.reminders?.max !== undefined) lines.push([w.reminderMax, String(s.reminders.max)]);
  if (s.escalateAfter) lines.push([w.escalateAfter, w.escalateWords(d(s.escalateAfter))]);
  if (s.calendar)
    lines.push([w.calendar, s.calendar === 'cn-workdays' ? w.calendarWorkdays : w.calendarDays]);
  if (s.workingHours !== undefined)
    lines.push([
      w.workingHoursOn,
      s.workingHours ? w.workingHoursWords(s.workingHours.from, s.workingHours.to) : w.anyTime,
    ]);
  if (s.digest !== undefined) lines.push([w.digestAt, s.digest ? w.digestWords(s.digest.at) : w.noDigest]);
  return lines;
}
