import type { Stack } from './stack';

/** Emails recorded as sent in PostgreSQL, by template. */
export async function sentByTemplate(stack: Stack, roundId: string): Promise<Record<string, number>> {
  const rows = await stack.query<{ template: string; n: number }>(
    `SELECT e.template, count(*)::int AS n FROM emails e JOIN journeys j ON j.id = e.journey_id
      WHERE j.round_id = $1 AND e.status = 'sent' GROUP BY e.template`,
    [roundId],
  );
  return Object.fromEntries(rows.map((r) => [r.template, r.n]));
}

/** Keys delivered more than once at the SMTP sink: a resend after a send that succeeded. */
export function deliveredTwice(stack: Stack): string[] {
  const seen = new Map<string, number>();
  for (const key of stack.mail.keys()) seen.set(key, (seen.get(key) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

/** Journeys of a round in the read model, by stage, with how many are stalled. */
export async function readModel(
  stack: Stack,
  roundId: string,
): Promise<{ stages: Record<string, number>; stalled: number; reported: number; launched: number }> {
  const rows = await stack.query<{
    stage: string;
    n: number;
    stalled: number;
    reported: number;
    launched: number;
  }>(
    `SELECT stage, count(*)::int AS n, count(*) FILTER (WHERE stalled)::int AS stalled,
            count(*) FILTER (WHERE version > 0)::int AS reported,
            count(*) FILTER (WHERE launched_at IS NOT NULL)::int AS launched
       FROM journeys WHERE round_id = $1 GROUP BY stage`,
    [roundId],
  );
  const sum = (k: 'stalled' | 'reported' | 'launched') => rows.reduce((a, r) => a + r[k], 0);
  return {
    stages: Object.fromEntries(rows.map((r) => [r.stage, r.n])),
    stalled: sum('stalled'),
    reported: sum('reported'),
    launched: sum('launched'),
  };
}

export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch {
      // a service coming back: read again
    }
    if (Date.now() > until)
      throw new Error(`${what}: not reached within ${timeoutMs / 1000}s; last ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
