import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
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

/**
 * Reads until `done` holds (a read that throws, as while a service comes back, is read again);
 * fails naming `what` and the last value after `timeoutMs`.
 */
export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 120_000,
  pollMs = 250,
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
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Resolves at `at` (ms since the epoch), at once if it has passed. */
export function sleepUntil(at: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
}

/**
 * Every journey execution Temporal lists for the round, with how many distinct workflow ids: a
 * journey started twice would show as two executions of one id. Visibility lags a little behind
 * the starts, so a caller waits for the count it expects first.
 */
export async function journeyExecutions(
  temporal: Client,
  roundId: string,
): Promise<{ executions: number; ids: Set<string> }> {
  const ids = new Set<string>();
  let executions = 0;
  for await (const w of temporal.workflow.list({
    query: `UpliftRoundId = '${roundId}' AND WorkflowType = 'journeyWorkflow'`,
  })) {
    executions++;
    ids.add(w.workflowId);
  }
  return { executions, ids };
}

/** The Updates of one step in a journey's Temporal history: ids accepted, and ids completed. */
export async function updatesOf(
  temporal: Client,
  workflowId: string,
  step: string,
): Promise<{ accepted: string[]; completed: string[] }> {
  const events = (await temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const accepted = events
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest)
    .filter((r) => r?.input?.name === step)
    .map((r) => String(r?.meta?.updateId));
  const completed = events
    .map((e) => e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId)
    .filter((id): id is string => typeof id === 'string' && accepted.includes(id));
  return { accepted, completed };
}

/** How many events of each type `GET /v1/journeys/{id}/history` shows for a journey. */
export async function historyTypes(stack: Stack, journeyId: string): Promise<Record<string, number>> {
  // A 503 says Temporal was unreachable for that read (its client reconnects after a restart) and
  // asks to be tried again; after ten seconds of it, it is a failure.
  let answer = await stack.request('GET', `/v1/journeys/${journeyId}/history`);
  for (let i = 0; answer.status === 503 && i < 20; i++) {
    await new Promise((r) => setTimeout(r, 500));
    answer = await stack.request('GET', `/v1/journeys/${journeyId}/history`);
  }
  if (answer.status !== 200) throw new Error(`history of ${journeyId}: ${answer.status}`);
  const counts: Record<string, number> = {};
  for (const e of answer.body.events as { type: string }[]) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}

/** Keys of the round's emails PostgreSQL records as sent, sorted. */
export async function sentKeys(stack: Stack, roundId: string): Promise<string[]> {
  const rows = await stack.query<{ key: string }>(
    `SELECT e.key FROM emails e JOIN journeys j ON j.id = e.journey_id
      WHERE j.round_id = $1 AND e.status = 'sent' ORDER BY e.key`,
    [roundId],
  );
  return rows.map((r) => r.key);
}

const ADMITTED =
  proto.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;

/**
 * Whether Temporal has admitted the Update `updateId` for the workflow: the API sent it, and it now
 * waits for a worker (or was applied), whatever becomes of the process that sent it.
 */
export async function updateAdmitted(
  temporal: Client,
  workflowId: string,
  updateId: string,
): Promise<boolean> {
  try {
    await temporal.workflowService.pollWorkflowExecutionUpdate({
      namespace: 'default',
      updateRef: { workflowExecution: { workflowId }, updateId },
      identity: 'faults-suite',
      waitPolicy: { lifecycleStage: ADMITTED },
    });
    return true;
  } catch {
    return false; // not found: not sent yet
  }
}
