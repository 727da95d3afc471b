import type { HistoryEvent } from '../api/get-history';

export type TimelineEntry =
  | { kind: 'event'; event: HistoryEvent; version: number | null }
  | { kind: 'reminders'; events: HistoryEvent[] };

/** Steps that may be taken again as amendments: each submission is a version. */
const AMENDABLE = new Set(['diagnosis', 'assistance-plan']);
/** The workflow's own bookkeeping, which nobody acts on. */
const HIDDEN = new Set(['timer_started', 'timer_fired', 'timer_cancelled']);

/**
 * The history as people read it: timers left out, reminders in a row folded into one entry, and each
 * submission of an amendable step numbered as a version (the first one too, once there is a second).
 */
export function timelineEntries(events: HistoryEvent[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const counts = new Map<string, number>();
  for (const e of events) {
    const step = e.type === 'step' && typeof e.details.step === 'string' ? e.details.step : null;
    if (step && AMENDABLE.has(step))
      counts.set(step, Math.max((counts.get(step) ?? 0) + 1, Number(e.details.version ?? 0)));
  }
  const seen = new Map<string, number>();
  for (const event of events) {
    if (HIDDEN.has(event.type)) continue;
    if (event.type === 'reminder_sent') {
      const last = out[out.length - 1];
      if (last?.kind === 'reminders') last.events.push(event);
      else out.push({ kind: 'reminders', events: [event] });
      continue;
    }
    const step = event.type === 'step' && typeof event.details.step === 'string' ? event.details.step : null;
    let version: number | null = null;
    if (step && AMENDABLE.has(step) && (counts.get(step) ?? 0) > 1) {
      // The history numbers each version itself; one recorded before it did is counted here.
      const given = event.details.version;
      version = typeof given === 'number' ? given : (seen.get(step) ?? 0) + 1;
      seen.set(step, version);
    }
    out.push({ kind: 'event', event, version });
  }
  return out;
}
