import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A working-day calendar in which every day of `years` is a working day (each weekend day listed as
 * an adjusted working day), written where the worker's `UPLIFT_TEST_CALENDAR` can name it: a test's
 * working window opens today whatever day the suite runs.
 */
export function everyDayCalendarFile(years: number[] = [2026, 2027]): string {
  const workdays: string[] = [];
  for (const year of years)
    for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
      const day = new Date(t);
      if (day.getUTCDay() === 0 || day.getUTCDay() === 6) workdays.push(day.toISOString().slice(0, 10));
    }
  const file = join(tmpdir(), `uplift-every-day-calendar-${process.pid}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      source: 'test: every day a working day',
      firstYear: Math.min(...years),
      lastYear: Math.max(...years),
      holidays: [],
      workdays,
    }),
  );
  return file;
}

/** `HH:MM` in Beijing time of the minute `minutes` after now's (seconds dropped). */
export function beijingClock(minutes: number, from = Date.now()): { clock: string; at: Date } {
  const at = new Date(Math.floor(from / 60_000) * 60_000 + minutes * 60_000);
  return { clock: new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16), at };
}

/**
 * Waits, when the next `minutes` minutes cross midnight in Beijing, until just past it: a digest time
 * or working window a few minutes ahead must fall on the same Beijing day as now, or "today's digest"
 * and "today's hours" would name two days. A suite started then waits at most `minutes` minutes.
 */
export async function clearOfBeijingMidnight(minutes: number): Promise<void> {
  const DAY = 86_400_000;
  const sinceMidnight = (Date.now() + 8 * 3_600_000) % DAY;
  const left = DAY - sinceMidnight;
  if (left > minutes * 60_000) return;
  await new Promise((r) => setTimeout(r, left + 30_000));
}
