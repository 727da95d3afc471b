import type { Client } from '@temporalio/client';
import { Stack } from '../support/stack';
import { SELECTED, World } from '../support/world';

/**
 * Issue 4, "Idempotent steps": a POST repeating an earlier Idempotency-Key of the same principal
 * answers exactly as the first did and is not applied again, also when both arrive together.
 */
describe('Idempotency-Key', () => {
  let stack: Stack;
  let temporal: Client;
  let w: World;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
    w = await World.create(stack);
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  const post = (caller: 'regulatorInScope' | 'admin', path: string, body: unknown, key?: string) =>
    stack.request('POST', path, {
      key: w.keys[caller],
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });

  /** The updates the workflow accepted, by name, from its own event history. */
  async function acceptedUpdates(journeyId: string): Promise<string[]> {
    const history = await temporal.workflow.getHandle(journeyId).fetchHistory();
    return (history.events ?? [])
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)
      .filter((name): name is string => typeof name === 'string');
  }

  it('applies two simultaneous requests with one key once and answers both identically', async () => {
    const id = await w.journey();
    const before = await w.request('admin', 'GET', `/v1/journeys/${id}`);
    const send = () =>
      post(
        'regulatorInScope',
        `/v1/journeys/${id}/screening-decision`,
        { decision: 'selected' },
        'select-once',
      );
    const answers = await Promise.all([send(), send(), send()]);

    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.body).toEqual(answers[0].body);
    }
    expect(answers[0].body).toMatchObject({ stage: 'diagnosis', version: before.body.version + 1 });
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    expect(await acceptedUpdates(id)).toEqual(['screening-decision']);
    const after = await w.request('admin', 'GET', `/v1/journeys/${id}`);
    expect(after.body.version).toBe(before.body.version + 1);
  });

  it('replays a finished step without applying it again: one assignment, one email', async () => {
    const id = await w.journey(SELECTED);
    const body = { certificationBodyId: w.ids.bodyAssigned };
    const first = await post('regulatorInScope', `/v1/journeys/${id}/assignment`, body, 'assign-1');
    expect(first.status).toBe(200);
    const again = await post('regulatorInScope', `/v1/journeys/${id}/assignment`, body, 'assign-1');
    expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    // The same request without the key is a second submission, refused as already done.
    const withoutKey = await post('regulatorInScope', `/v1/journeys/${id}/assignment`, body);
    expect(withoutKey.status).toBe(409);
    expect(await acceptedUpdates(id)).toEqual(['screening-decision', 'assignment']);
    const [, uscc] = /-([0-9A-Z]{18})$/.exec(id)!;
    await stack.mail.waitFor((m) => m.text?.includes(uscc) ?? false);
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.mail.messages.filter((m) => m.text?.includes(uscc))).toHaveLength(1);
  });

  it('refuses the same key with another body or route as a 409 that names the key, changing nothing', async () => {
    const id = await w.journey();
    const first = await post(
      'regulatorInScope',
      `/v1/journeys/${id}/screening-decision`,
      { decision: 'selected' },
      'k-reused',
    );
    expect(first.status).toBe(200);
    const before = await w.request('admin', 'GET', `/v1/journeys/${id}`);

    const otherBody = await post(
      'regulatorInScope',
      `/v1/journeys/${id}/screening-decision`,
      { decision: 'rejected', reason: '意愿不强' },
      'k-reused',
    );
    expect(otherBody.status).toBe(409);
    expect(otherBody.body.message).toMatch(/Idempotency-Key was already used with a different request/);
    const otherRoute = await post(
      'regulatorInScope',
      `/v1/journeys/${id}/assignment`,
      { certificationBodyId: w.ids.bodyAssigned },
      'k-reused',
    );
    expect(otherRoute.status).toBe(409);
    expect((await w.request('admin', 'GET', `/v1/journeys/${id}`)).body).toEqual(before.body);
  });

  it('stores a refusal and replays it, even once the step would be allowed', async () => {
    const id = await w.journey();
    const body = { certificationBodyId: w.ids.bodyAssigned };
    const early = await post('regulatorInScope', `/v1/journeys/${id}/assignment`, body, 'assign-early');
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('screening');

    const selected = await post('regulatorInScope', `/v1/journeys/${id}/screening-decision`, {
      decision: 'selected',
    });
    expect(selected.status).toBe(200);
    const replayed = await post('regulatorInScope', `/v1/journeys/${id}/assignment`, body, 'assign-early');
    expect({ status: replayed.status, body: replayed.body }).toEqual({ status: 409, body: early.body });
    expect((await w.request('admin', 'GET', `/v1/journeys/${id}`)).body.certificationBodyId).toBeNull();

    const fresh = await post('regulatorInScope', `/v1/journeys/${id}/assignment`, body, 'assign-later');
    expect(fresh.status).toBe(200);
    expect(fresh.body.certificationBodyId).toBe(w.ids.bodyAssigned);
  });

  it('keeps keys apart per principal', async () => {
    const [a, b] = [await w.journey(), await w.journey()];
    const byRegulator = await post(
      'regulatorInScope',
      `/v1/journeys/${a}/screening-decision`,
      { decision: 'selected' },
      'shared',
    );
    const byAdmin = await post(
      'admin',
      `/v1/journeys/${b}/screening-decision`,
      { decision: 'selected' },
      'shared',
    );
    expect([byRegulator.status, byAdmin.status]).toEqual([200, 200]);
    expect(byAdmin.body.id).toBe(b);
    expect(byAdmin.headers.get('idempotent-replayed')).toBeNull();
  });

  it('creates one principal for a repeated creation, and keeps no copy of its key', async () => {
    const body = { role: 'regulator', name: '西湖区局', email: 'xh@samr.example', regionCode: '330106' };
    const first = await post('admin', '/v1/principals', body, 'create-xihu');
    const again = await post('admin', '/v1/principals', body, 'create-xihu');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ ...first.body, apiKey: null });
    expect(
      await stack.query(`SELECT count(*)::int AS n FROM principals WHERE email = $1`, [body.email]),
    ).toEqual([{ n: 1 }]);
    const stored = await stack.query(`SELECT response FROM idempotency_keys WHERE key = 'create-xihu'`);
    expect(stored).toHaveLength(1);
    expect(stored[0].response).not.toContain(first.body.apiKey);
    // The key shown once works.
    expect((await stack.request('GET', '/v1/journeys', { key: first.body.apiKey })).status).toBe(200);
  });

  it('records replays in the audit log', async () => {
    const id = await w.journey();
    const first = await post(
      'regulatorInScope',
      `/v1/journeys/${id}/screening-decision`,
      { decision: 'selected' },
      'audited',
    );
    const again = await post(
      'regulatorInScope',
      `/v1/journeys/${id}/screening-decision`,
      { decision: 'selected' },
      'audited',
    );
    const audit = await w.request(
      'admin',
      'GET',
      `/v1/audit?targetId=${id}&route=${encodeURIComponent('/v1/journeys/:id/screening-decision')}`,
    );
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        requestId: again.headers.get('x-request-id'),
        statusCode: 200,
        details: { idempotentReplay: true },
      }),
      expect.objectContaining({
        requestId: first.headers.get('x-request-id'),
        statusCode: 200,
        details: null,
      }),
    ]);
  });
});
