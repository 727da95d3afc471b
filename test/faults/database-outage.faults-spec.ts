import type { Client } from '@temporalio/client';
import { candidate, openCampaign, type Campaign } from '../support/campaign';
import {
  deliveredTwice,
  eventually,
  readModel,
  sentByTemplate,
  sentKeys,
  sleepUntil,
  updatesOf,
} from '../support/faults';
import { Stack } from '../support/stack';

/** PostgreSQL down for 30 s: 503s that change nothing, and every transition recorded once it is back. */
describe('PostgreSQL stopped for 30 seconds', () => {
  const N = 3;
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;
  const enterprises = Array.from({ length: N }, (_, i) => candidate(7000 + i));
  const idOf = (i: number) => `journey-${c.roundId}-${enterprises[i].uscc}`;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
    // Screening falls due during the outage: the stall and its first reminder are what the workflow
    // does meanwhile, and both need the database (the read model, the email log).
    c = await openCampaign(
      stack,
      { deadlines: { screening: 'PT15S' }, reminders: { every: 'PT1H', max: 1 }, escalateAfter: 'PT2H' },
      'database-outage',
    );
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  it('answers 503 meanwhile, changes nothing, and records every transition once it is back', async () => {
    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises },
    });
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    await stack.journeysSettled();
    const due = (
      await stack.query<{ at: Date }>(`SELECT deadline AS at FROM journeys WHERE round_id = $1`, [c.roundId])
    ).map((r) => r.at.getTime());
    const select = (headers: Record<string, string> = {}) =>
      stack.request('POST', `/v1/journeys/${idOf(0)}/screening-decision`, {
        key: c.regulatorKey,
        body: { decision: 'selected' },
        headers,
      });

    await stack.stopDatabase();
    const outageStarted = Date.now();
    expect(outageStarted).toBeLessThan(Math.min(...due));

    const health = await stack.request('GET', '/health', { key: null });
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: 'down', temporal: 'up' });
    // A step, with and without an Idempotency-Key: the key's claim and the principal's lookup need
    // the database too, and each says so rather than 500 or 401.
    for (const headers of [{}, { 'idempotency-key': 'outage-select' }] as Record<string, string>[]) {
      const step = await select(headers);
      expect(step.status).toBe(503);
      expect(step.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.stringMatching(/database/),
      });
      expect(Number(step.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await stack.request('GET', `/v1/journeys/${idOf(0)}`, { key: c.regulatorKey })).status).toBe(503);
    const unknownKey = await stack.request('GET', `/v1/rounds/${c.roundId}`, {
      key: 'upl_not_a_known_key_x',
    });
    expect(unknownKey.status).toBe(503);

    await sleepUntil(Math.max(outageStarted + 30_000, Math.max(...due) + 2000));
    await stack.startDatabase();
    await eventually(
      'health',
      async () => (await stack.request('GET', '/health', { key: null })).status,
      (s) => s === 200,
    );

    // The stalls and reminders the workflows made during the outage reach PostgreSQL once it is back.
    const model = await eventually(
      'the stalls made during the outage in the read model',
      () => readModel(stack, c.roundId),
      (m) => m.stalled === N,
    );
    expect(model).toEqual({ stages: { screening: N }, stalled: N, reported: N, launched: N });
    const sent = await eventually(
      'the reminders of the stalls sent',
      () => sentByTemplate(stack, c.roundId),
      (s) => s.reminder === N,
      180_000,
    );
    expect(sent).toEqual({ reminder: N });
    await stack.mail.waitFor(() => true, N);
    expect(stack.mail.to(c.regulatorEmail)).toHaveLength(N);

    // The refused steps changed nothing: no Update reached the workflow, no key was kept, no audit row.
    expect(await updatesOf(temporal, idOf(0), 'screening-decision')).toEqual({ accepted: [], completed: [] });
    expect(await stack.query(`SELECT key FROM idempotency_keys WHERE key = 'outage-select'`)).toEqual([]);
    const audited = () =>
      stack.query<{ status: number }>(
        `SELECT status_code AS status FROM audit_log WHERE target_id = $1 ORDER BY id`,
        [idOf(0)],
      );
    expect(await audited()).toEqual([]);

    // The same request again, with its key, applies once.
    const again = await select({ 'idempotency-key': 'outage-select' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stage: 'diagnosis', stalled: false });
    expect((await updatesOf(temporal, idOf(0), 'screening-decision')).completed).toHaveLength(1);
    expect(await audited()).toEqual([{ status: 200 }]);
    expect(await readModel(stack, c.roundId)).toMatchObject({
      stages: { screening: N - 1, diagnosis: 1 },
      stalled: N - 1,
    });
    expect(deliveredTwice(stack)).toEqual([]);
    expect(stack.mail.keys().sort()).toEqual(await sentKeys(stack, c.roundId));
  });
});
