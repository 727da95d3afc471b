import type { Client } from '@temporalio/client';
import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { eventually, readModel } from '../support/faults';
import { Stack } from '../support/stack';

/**
 * The worker SIGKILLed while a batch is taking its step on a round's journeys: once a worker is back,
 * the batch finishes and every journey had its step applied exactly once. A step sent twice would show:
 * the second would be refused by the journey's rules (it is no longer in screening) and recorded so,
 * and its history would hold two accepted Updates.
 */
/** Phases with their time, so a slow run shows where it waited. */
const began = Date.now();
const log = (what: string) =>
  process.stdout.write(`[${Math.round((Date.now() - began) / 1000)} s] ${what}\n`);

describe('the worker killed during a batch', () => {
  const N = 300;
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;
  const enterprises = Array.from({ length: N }, (_, i) => candidate(7000 + i));

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
    c = await openCampaign(stack, {}, 'batch-killed');
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  it('resumes the batch the dead worker left and applies each journey’s step once', async () => {
    const csv = [
      'uscc,name,regionCode,industryCode,email,contactName,employees',
      ...enterprises.map((e) =>
        [e.uscc, e.name, e.regionCode, e.industryCode, e.email, e.contactName, e.employees].join(','),
      ),
    ].join('\n');
    const imported = await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(200);
    expect(await stack.waitForLaunch(c.roundId, c.regulatorKey, 240_000)).toEqual({ started: N, total: N });

    const created = await stack.request('POST', '/v1/batches', {
      key: c.regulatorKey,
      body: {
        roundId: c.roundId,
        action: 'screening-decision',
        filter: { stage: 'screening' },
        payload: { decision: 'selected' },
      },
    });
    expect(created.status).toBe(202);
    log('batch created');
    expect(created.body).toMatchObject({ status: 'running', total: N });
    const batchId = created.body.id as string;

    // Killed once the first chunk is recorded, while the next one's Updates are in flight.
    const recorded = () =>
      stack
        .query<{ n: number }>(
          `SELECT count(*)::int AS n FROM batch_items WHERE batch_id = $1 AND outcome IS NOT NULL`,
          [batchId],
        )
        .then(([r]) => r.n);
    await eventually('the first chunk recorded', recorded, (n) => n > 0, 120_000, 20);
    await stack.killWorker();
    log('worker killed');
    const midway = await recorded();
    expect(midway).toBeLessThan(N);
    await stack.startWorker();

    // The dead attempt is retried once its heartbeat times out (a minute).
    const done = await eventually(
      'the batch done',
      async () =>
        (await stack.request('GET', `/v1/batches/${batchId}`, { key: c.regulatorKey })).body as {
          status: string;
          applied: number;
          refused: number;
          items: { outcome: string; message?: string }[];
        },
      (b) => b.status === 'done',
      180_000,
      500,
    );
    log('batch done');
    expect(done).toMatchObject({ status: 'done', applied: N, refused: 0 });
    expect(done.items.filter((i) => i.outcome !== 'applied')).toEqual([]);
    expect(await readModel(stack, c.roundId)).toMatchObject({ stages: { diagnosis: N } });

    // Each journey's history holds the batch's Update once: accepted once, completed once.
    const ids = enterprises.map((e) => `journey-${c.roundId}-${e.uscc}`);
    const counts = new Map<number, number>();
    for (let from = 0; from < ids.length; from += 20) {
      const histories = await Promise.all(
        ids.slice(from, from + 20).map((id) => temporal.workflow.getHandle(id).fetchHistory()),
      );
      for (const h of histories) {
        const accepted = (h.events ?? []).filter(
          (e) =>
            e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ===
            'screening-decision',
        );
        const completed = (h.events ?? []).filter((e) => e.workflowExecutionUpdateCompletedEventAttributes);
        expect(completed).toHaveLength(accepted.length);
        counts.set(accepted.length, (counts.get(accepted.length) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(counts)).toEqual({ 1: N });
  }, 360_000);
});
