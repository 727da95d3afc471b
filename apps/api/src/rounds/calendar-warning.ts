import {
  CN_CALENDAR,
  beijingDay,
  calendarCovers,
  deadlineAfter,
  type MessageLocale,
  type RoundSettings,
  type WorkCalendar,
} from '@uplift/domain';
import { say } from '../common/locale';

/** A settings value the API accepted but wants the person to see again: never a refusal. */
export interface SettingsWarning {
  field: string;
  code: 'calendar.beyond_data';
  message: string;
}

/**
 * Where a journey started at `from` would end if every step took its whole deadline: the stages in
 * order, then the last follow-up evaluation and its own deadline. The longest chain a round's
 * journeys can run through, counted as the round counts days.
 */
export function longestDeadlineChain(settings: RoundSettings, from: Date): Date {
  const mode = settings.calendar ?? 'calendar';
  const d = settings.deadlines;
  let at = from;
  for (const step of [d.screening, d.diagnosis, d.assistancePlan, d.assistance, d.certification])
    at = deadlineAfter(at, step, mode);
  const certified = at;
  let end = certified;
  for (const offset of settings.evaluationOffsets) {
    const due = deadlineAfter(deadlineAfter(certified, offset, mode), d.evaluation, mode);
    if (due > end) end = due;
  }
  return end;
}

/**
 * A warning when a round counts working days and its longest chain of deadlines runs past the years
 * the bundled calendar knows: those deadlines still count (weekends only), but may land on a holiday.
 * Refusing would stop every round opened late in the calendar's last year.
 */
export function calendarWarnings(
  settings: RoundSettings,
  now: Date,
  locale: MessageLocale,
  calendar: WorkCalendar = CN_CALENDAR,
): SettingsWarning[] {
  if (settings.calendar !== 'cn-workdays') return [];
  const until = beijingDay(longestDeadlineChain(settings, now));
  if (calendarCovers(until, calendar)) return [];
  const params = { until, firstYear: calendar.firstYear, lastYear: calendar.lastYear };
  return [
    {
      field: 'settings.calendar',
      code: 'calendar.beyond_data',
      message: say('calendar.beyond_data', locale, params),
    },
  ];
}
