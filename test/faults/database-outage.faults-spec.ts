import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { eventually, readModel } from '../support/faults';
import { Stack } from '../support/stack';

/** PostgreSQL down for 30 s: 503s that change nothing, and every transition recorded once it is back. */
describe('PostgreSQL stopped for 30 seconds', () => {
  const N = 3;
  let stack: Stack;
  let c: Campaign;
  const enterprises = Array.from({ length: N }, (_, i) => candidate(7000 + i));
  const idOf = (i: number) => `journey-${c.roundId}-${enterprises[i].uscc}`;

  beforeAll(async () => {
    stack = await Stack.start();
    // Screening falls due during the outage: the stall is a transition the workflow makes meanwhile.
    c = await openCampaign(
      stack,
      { deadlines: { screening: 'PT15S' }, reminders: { every: 'PT1H', max: 1 }, escalateAfter: 'PT2H' },
      'database-outage',
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 503 meanwhile, changes nothing, and records every transition once it is back', async () => {
    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises },
    });
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    await stack.journeysSettled();

    await stack.stopDatabase();
    const outageStarted = Date.now();
    const health = await stack.request('GET', '/health', { key: null });
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: 'down' });
    const step = await stack.request('POST', `/v1/journeys/${idOf(0)}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'selected' },
    });
    expect(step.status).toBe(503);
    expect(step.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(step.body.message).toMatch(/database/);
    expect(step.headers.get('retry-after')).toBeTruthy();
    await new Promise((r) => setTimeout(r, Math.max(0, 30_000 - (Date.now() - outageStarted))));
    await stack.startDatabase();

    await eventually(
      'health',
      async () => (await stack.request('GET', '/health', { key: null })).status,
      (s) => s === 200,
    );
    // The refused step changed nothing: the journey is still in screening, and no step was audited.
    const model = await eventually(
      'the stalls made during the outage in the read model',
      () => readModel(stack, c.roundId),
      (m) => m.stalled === N,
    );
    expect(model.stages).toEqual({ screening: N });
    const audited = await stack.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE route LIKE '%screening-decision' AND status_code = 200`,
    );
    expect(audited[0].n).toBe(0);

    const again = await stack.request('POST', `/v1/journeys/${idOf(0)}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'selected' },
    });
    expect(again.status).toBe(200);
    await eventually(
      'the step in the read model',
      () => readModel(stack, c.roundId),
      (m) => m.stages.diagnosis === 1 && m.stalled === N - 1,
    );
  });
});
