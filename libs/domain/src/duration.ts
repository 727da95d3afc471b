import { englishMessage, type MessageParams } from './messages';

/**
 * ISO 8601 durations for round settings. Years count 365 days and months 30 days: deadlines are
 * administrative periods, not calendar arithmetic, and a fixed length keeps timers deterministic.
 */
const ISO_DURATION =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const SECOND = 1000;
const DAY = 86_400 * SECOND;
const UNITS = [365 * DAY, 30 * DAY, 7 * DAY, DAY, 3600 * SECOND, 60 * SECOND, SECOND];

export function isIsoDuration(text: string): boolean {
  return ISO_DURATION.test(text);
}

/** The longest duration a round setting may take: a campaign round lasts months, not decades. */
export const MAX_SETTING_DURATION = 'P10Y';

/**
 * Why `text` is not usable as a round setting, or null when it is: an ISO 8601 duration longer
 * than zero and at most ten years (a timer beyond that would overflow a date).
 */
export function checkSettingDuration(text: string): string | null {
  const problem = settingDurationProblem(text);
  return problem && englishMessage(problem.code, problem.params);
}

/** The rule a setting's duration breaks, by its message code, or null. */
export function settingDurationProblem(text: string): {
  code: 'duration.format' | 'duration.not_positive' | 'duration.too_long';
  params?: MessageParams;
} | null {
  if (!isIsoDuration(text)) return { code: 'duration.format' };
  const ms = durationToMs(text);
  if (ms <= 0) return { code: 'duration.not_positive' };
  if (ms > durationToMs(MAX_SETTING_DURATION))
    return { code: 'duration.too_long', params: { max: MAX_SETTING_DURATION } };
  return null;
}

export function durationToMs(text: string): number {
  const m = ISO_DURATION.exec(text);
  if (!m) throw new RangeError(`not an ISO 8601 duration: ${text}`);
  return UNITS.reduce((total, unit, i) => total + (m[i + 1] ? Number(m[i + 1]) * unit : 0), 0);
}

/** A duration's parts as written (`P2W3DT4H` → weeks 2, days 3, hours 4), and its length in ms. */
export function durationParts(text: string): {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  totalMs: number;
} {
  const m = ISO_DURATION.exec(text);
  if (!m) throw new RangeError(`not an ISO 8601 duration: ${text}`);
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return {
    years: n(1),
    months: n(2),
    weeks: n(3),
    days: n(4),
    hours: n(5),
    minutes: n(6),
    seconds: n(7),
    totalMs: durationToMs(text),
  };
}
