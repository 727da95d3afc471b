import { CN_CALENDAR_DATA } from './data/cn-calendar';
import { durationParts } from './duration';

/**
 * Working days and working hours of mainland China, pure and bundled with the workflow code: a
 * deadline counted in working days is computed inside the workflow, so the data must be the same on
 * every replay (CONTRIBUTING.md, "The working-day calendar"). Times are Beijing time (UTC+8, no
 * daylight saving), whatever the machine's zone.
 */
export interface WorkCalendar {
  source: string;
  /** The years whose holidays and 调休 the data knows; past them only weekends are days off. */
  firstYear: number;
  lastYear: number;
  holidays: ReadonlySet<string>;
  /** Adjusted working days (调休): weekend days offices work. */
  workdays: ReadonlySet<string>;
}

/** How a round counts its deadlines' days: every day, or working days of the mainland calendar. */
export const CALENDARS = ['calendar', 'cn-workdays'] as const;
export type CalendarMode = (typeof CALENDARS)[number];

/** Working hours in Beijing time, `HH:MM`, `to` exclusive. */
export interface WorkingHours {
  from: string;
  to: string;
}

/** Builds a calendar from lists of `YYYY-MM-DD` days (or the generated `YYYY: MM-DD …` lines). */
export function workCalendar(data: {
  source: string;
  firstYear: number;
  lastYear: number;
  holidays: string | readonly string[];
  workdays: string | readonly string[];
}): WorkCalendar {
  const days = (list: string | readonly string[]): Set<string> =>
    new Set(
      typeof list === 'string'
        ? list
            .trim()
            .split('\n')
            .flatMap((line) => {
              const [year, rest] = line.split(':');
              return rest
                .trim()
                .split(/\s+/)
                .map((md) => `${year.trim()}-${md}`);
            })
        : list,
    );
  return {
    source: data.source,
    firstYear: data.firstYear,
    lastYear: data.lastYear,
    holidays: days(data.holidays),
    workdays: days(data.workdays),
  };
}

export const CN_CALENDAR: WorkCalendar = workCalendar(CN_CALENDAR_DATA);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;

/** The Beijing date of an instant, `YYYY-MM-DD`. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + BEIJING).toISOString().slice(0, 10);
}

/** The instant `HH:MM` Beijing time on `day`. */
function beijingInstant(day: string, time: string): Date {
  return new Date(Date.parse(`${day}T${time}:00.000Z`) - BEIJING);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY).toISOString().slice(0, 10);
}

/** Whether the calendar knows `day`'s holidays (its year is within the data). */
export function calendarCovers(day: string, calendar: WorkCalendar = CN_CALENDAR): boolean {
  const year = Number(day.slice(0, 4));
  return year >= calendar.firstYear && year <= calendar.lastYear;
}

/** A working day: an adjusted working day (调休), or a weekday that is no holiday. */
export function isWorkingDay(day: string, calendar: WorkCalendar = CN_CALENDAR): boolean {
  if (calendar.workdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * `from` plus `days` working days, at the same Beijing time of day: the n-th working day after
 * `from`'s own day (a Saturday start counts from Monday's first day like any other).
 */
export function addWorkingDays(from: Date, days: number, calendar: WorkCalendar = CN_CALENDAR): Date {
  let day = beijingDay(from);
  for (let left = days; left > 0;) {
    day = nextDay(day);
    if (isWorkingDay(day, calendar)) left--;
  }
  const timeOfDay = (from.getTime() + BEIJING) % DAY;
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - BEIJING + timeOfDay);
}

/**
 * When a period of `duration` that starts at `from` ends. With `cn-workdays`, its weeks and whole days
 * count working days (a week is five); years, months, hours, minutes, seconds and fractions of a day
 * are elapsed time, so a demo's `PT5M` is five minutes under either calendar.
 */
export function deadlineAfter(
  from: Date,
  duration: string,
  mode: CalendarMode = 'calendar',
  calendar: WorkCalendar = CN_CALENDAR,
): Date {
  const parts = durationParts(duration);
  const elapsed = (ms: number) => new Date(from.getTime() + ms);
  if (mode === 'calendar') return elapsed(parts.totalMs);
  const dayCount = parts.weeks * 5 + parts.days;
  const whole = Math.floor(dayCount);
  const rest = parts.totalMs - (parts.weeks * 7 + parts.days) * DAY + (dayCount - whole) * DAY;
  return new Date(addWorkingDays(from, whole, calendar).getTime() + rest);
}

/**
 * The first instant at or after `at` inside working hours on a working day; `at` itself when the
 * round sets no working hours. An email due at 20:00 waits for 09:00 of the next working day.
 */
export function nextOpening(
  at: Date,
  hours: WorkingHours | null | undefined,
  calendar: WorkCalendar = CN_CALENDAR,
): Date {
  if (!hours) return at;
  let day = beijingDay(at);
  // Two years of days off in a row is no calendar: the bound only keeps a bad table from looping.
  for (let i = 0; i < 740; i++, day = nextDay(day)) {
    if (!isWorkingDay(day, calendar)) continue;
    const opens = beijingInstant(day, hours.from);
    const closes = beijingInstant(day, hours.to);
    if (at < closes) return at > opens ? at : opens;
  }
  throw new RangeError(`no working hours within two years of ${at.toISOString()}`);
}

/** Whether an email may leave at `at`: inside working hours on a working day (always, without hours). */
export function isWithinWorkingHours(
  at: Date,
  hours: WorkingHours | null | undefined,
  calendar: WorkCalendar = CN_CALENDAR,
): boolean {
  return nextOpening(at, hours, calendar).getTime() === at.getTime();
}
