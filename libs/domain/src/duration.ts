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

export function durationToMs(text: string): number {
  const m = ISO_DURATION.exec(text);
  if (!m) throw new RangeError(`not an ISO 8601 duration: ${text}`);
  return UNITS.reduce((total, unit, i) => total + (m[i + 1] ? Number(m[i + 1]) * unit : 0), 0);
}
