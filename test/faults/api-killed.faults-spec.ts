import { Client, Connection } from '@temporalio/client';
import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { eventually, readModel } from '../support/faults';
import { Stack } from '../support/stack';

/** The API killed between accepting a step and answering it: the retry with its key applies it once. */
describe('the API killed between accepting a step and answering it', () => {
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;
  const e = candidate(9001);
  const id = () => `journey-${c.roundId}-${e.uscc}`;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
    c = await openCampaign(stack, {}, 'api-killed');
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  it('applies the step once when it is repeated with the same Idempotency-Key', async () => {
    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises: [e] },
    });
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    await stack.journeysSettled();
    const send = () =>
      stack.request('POST', `/v1/journeys/${id()}/screening-decision`, {
        key: c.regulatorKey,
        body: { decision: 'selected' },
        headers: { 'idempotency-key': 'select-9001' },
      });

    // No worker: the API sends the Update to Temporal and waits for its outcome, which cannot come.
    await stack.killWorker();
    const lost = send().catch((err: unknown) => err);
    await eventually(
      'the step claimed and under way',
      () => stack.query(`SELECT state FROM idempotency_keys WHERE key = 'select-9001'`),
      (rows) => rows.length === 1 && rows[0].state === 'in_progress',
    );
    await new Promise((r) => setTimeout(r, 500));
    await stack.killApi();
    // The client never got an answer: its connection died with the API.
    expect(String(await lost)).toMatch(/fetch failed|socket|ECONNRESET/);

    await stack.startWorker();
    await stack.startApi();
    // The dead process's claim lapses (nobody renews it); the repeat takes it over and gets the outcome.
    const repeat = await send();
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ stage: 'diagnosis' });
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    // Applied once: one accepted Update of that step in the workflow's history, one version bump.
    const history = await temporal.workflow.getHandle(id()).fetchHistory();
    const accepted = (history.events ?? []).filter(
      (ev) =>
        ev.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ===
        'screening-decision',
    );
    expect(accepted).toHaveLength(1);
    const journey = await eventually(
      'the step in the read model',
      async () => (await stack.query(`SELECT stage, version FROM journeys WHERE id = $1`, [id()]))[0],
      (row) => row.stage === 'diagnosis',
    );
    expect(journey.version).toBe(2);
    expect(await readModel(stack, c.roundId)).toMatchObject({ stages: { diagnosis: 1 } });
  });
});
