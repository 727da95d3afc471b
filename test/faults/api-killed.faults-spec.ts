import type { Client } from '@temporalio/client';
import { requestHashOf } from '../../apps/api/src/common/idempotency.interceptor';
import { updateIdFor } from '../../apps/api/src/common/step-identity';
import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { eventually, historyTypes, readModel, updateAdmitted, updatesOf } from '../support/faults';
import { Stack } from '../support/stack';

/** The API killed between accepting a step and answering it: the retry with its key applies it once. */
describe('the API killed between accepting a step and answering it', () => {
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;
  const e = candidate(9001);
  const KEY = 'select-9001';
  const body = { decision: 'selected' };
  const id = () => `journey-${c.roundId}-${e.uscc}`;
  const path = () => `/v1/journeys/${id()}/screening-decision`;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
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
      stack.request('POST', path(), { key: c.regulatorKey, body, headers: { 'idempotency-key': KEY } });
    const [regulator] = await stack.query<{ id: string }>(
      `SELECT id FROM principals WHERE email = $1 AND role = 'regulator'`,
      [c.regulatorEmail],
    );
    const updateId = updateIdFor(regulator.id, KEY, requestHashOf('POST', path(), body));

    // No worker: the API sends the Update to Temporal and waits for its outcome, which cannot come.
    await stack.killWorker();
    const lost = send().catch((err: unknown) => err);
    await eventually(
      'the step claimed',
      () => stack.query(`SELECT state FROM idempotency_keys WHERE key = $1`, [KEY]),
      (rows) => rows.length === 1 && rows[0].state === 'in_progress',
    );
    // Temporal holds the Update: the step is accepted, only its answer is outstanding.
    await eventually('the Update admitted', () => updateAdmitted(temporal, id(), updateId), Boolean, 60_000);
    await stack.killApi();
    // The client never got an answer: its connection died with the API.
    expect(String(await lost)).toMatch(/fetch failed|socket|ECONNRESET/);

    // A worker comes back and applies the Update on its own; nobody hears of it.
    await stack.startWorker();
    await eventually(
      'the step applied without the API',
      async () => (await stack.query(`SELECT stage FROM journeys WHERE id = $1`, [id()]))[0].stage,
      (stage) => stage === 'diagnosis',
    );
    await stack.startApi();
    // The dead process's claim stops beating; the repeat takes it over after 15 s and sends the
    // Update again under the same id: Temporal answers with the first outcome instead of a 409.
    const repeat = await send();
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ stage: 'diagnosis', version: 2 });
    expect(repeat.headers.get('idempotent-replayed')).toBeNull();
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(repeat.body);

    // Applied once: one Update of that step accepted and completed, under the key's id.
    expect(await updatesOf(temporal, id(), 'screening-decision')).toEqual({
      accepted: [updateId],
      completed: [updateId],
    });
    expect(await historyTypes(stack, id())).toMatchObject({ step: 1, stage_changed: 1 });
    const [row] = await stack.query(`SELECT stage, version FROM journeys WHERE id = $1`, [id()]);
    expect(row).toEqual({ stage: 'diagnosis', version: 2 });
    expect(await readModel(stack, c.roundId)).toMatchObject({ stages: { diagnosis: 1 } });
    // One audit row for the step the repeat took over (the dead process wrote none), one for the replay.
    const audited = await stack.query(
      `SELECT status_code AS status, details FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [id()],
    );
    expect(audited).toEqual([
      { status: 200, details: null },
      { status: 200, details: { idempotentReplay: true } },
    ]);
  });
});
