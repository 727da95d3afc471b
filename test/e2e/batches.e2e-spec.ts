import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { answer, byId, ok } from '../support/api';
import { Stack } from '../support/stack';

/**
 * Issue 13: a regulator acts on many journeys at once. The request answers at once with the batch;
 * the batch runs in the background, each journey's own rules decide, and a refusal is recorded with
 * the reason they gave, not fatal to the others.
 */
describe('bulk actions as batches', () => {
  let stack: Stack;
  let c: Campaign;
  let other: Campaign;
  const enterprises = [1, 2, 3, 4, 5, 6].map((n) => candidate(1300 + n));
  const ids: string[] = [];

  beforeAll(async () => {
    // Stored batches nobody started are swept every second here (a minute by default).
    stack = await Stack.start({ env: { BATCH_SWEEP_SECONDS: '1' } });
    c = await openCampaign(stack, {}, 'batch-a');
    other = await openCampaign(stack, {}, 'batch-b');
    await ok(
      stack.api(c.regulatorKey).POST('/v1/rounds/{id}/candidates', {
        ...byId(c.roundId),
        body: { enterprises },
      }),
      200,
    );
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    ids.push(...enterprises.map((e) => `journey-${c.roundId}-${e.uscc}`));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  type BatchBody = Record<string, unknown>;
  const post = (body: BatchBody, key = c.regulatorKey, headers: Record<string, string> = {}) =>
    answer(
      stack.api(key).POST('/v1/batches', {
        body: body as never,
        headers: { 'Accept-Language': 'zh-CN', ...headers },
      }),
    );
  const read = (id: string, key = c.regulatorKey) =>
    answer(
      stack.api(key).GET('/v1/batches/{id}', {
        ...byId(id),
        headers: { 'Accept-Language': 'zh-CN' },
      }),
    );
  interface Batch {
    status: string;
    total: number;
    applied: number;
    refused: number;
    items: { journeyId: string; outcome: string; code?: string; message?: string }[];
  }
  async function finished(id: string): Promise<Batch> {
    for (const until = Date.now() + 60_000; Date.now() < until;) {
      const batch = await read(id);
      expect(batch.status).toBe(200);
      if (batch.body.status === 'done') return batch.body as Batch;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`batch ${id} did not finish`);
  }
  const journey = (id: string) => ok(stack.api(c.regulatorKey).GET('/v1/journeys/{id}', byId(id)));

  it('selects, then assigns: a journey still in screening is refused with its own reason, the others applied', async () => {
    const selected = await post({
      roundId: c.roundId,
      action: 'screening-decision',
      journeyIds: ids.slice(0, 5),
      payload: { decision: 'selected' },
    });
    expect(selected.status).toBe(202);
    expect(selected.body).toMatchObject({ status: 'running', total: 5 });
    expect((await finished(selected.body.id)) as unknown).toMatchObject({ applied: 5, refused: 0 });

    // The sixth was never selected: assignment is not its step yet.
    const assigned = await post({
      roundId: c.roundId,
      action: 'assignment',
      journeyIds: ids,
      payload: { certificationBodyId: c.bodyId },
    });
    expect(assigned.status).toBe(202);
    const done = await finished(assigned.body.id);
    expect(done).toMatchObject({
      total: 6,
      applied: 5,
      refused: 1,
      action: 'assignment',
      roundId: c.roundId,
    });
    expect(done.items).toHaveLength(6);
    const refused = done.items.find((i) => i.outcome === 'refused')!;
    expect(refused.journeyId).toBe(ids[5]);
    expect(refused.code).toBe('step.wrong_stage');
    expect(refused.message).toContain('筛选');
    for (const id of ids.slice(0, 5)) expect((await journey(id)).certificationBodyId).toBe(c.bodyId);
    expect((await journey(ids[5])).stage).toBe('screening');

    // In English when asked so; only the refused items when asked so.
    const english = await ok(
      stack.api(c.regulatorKey).GET('/v1/batches/{id}', {
        ...byId(assigned.body.id),
        params: { path: { id: assigned.body.id }, query: { outcome: 'refused' } },
        headers: { 'Accept-Language': 'en' },
      }),
    );
    expect(english.items).toEqual([
      {
        journeyId: ids[5],
        outcome: 'refused',
        code: 'step.wrong_stage',
        message: expect.stringContaining('screening'),
      },
    ]);

    const listed = await ok(
      stack.api(c.regulatorKey).GET('/v1/batches', { params: { query: { roundId: c.roundId } } }),
    );
    expect(listed.items.map((b) => b.id)).toEqual([assigned.body.id, selected.body.id]);
  });

  it('reassigns by a filter only the journeys of the body it moves them from, and tells both bodies', async () => {
    const moved = await post({
      roundId: c.roundId,
      action: 'reassignment',
      filter: { stage: 'diagnosis' },
      payload: { fromCertificationBodyId: c.bodyId, certificationBodyId: other.bodyId, reason: '资质被撤销' },
    });
    expect(moved.status).toBe(202);
    expect(moved.body.total).toBe(5);
    expect(await finished(moved.body.id)).toMatchObject({ applied: 5, refused: 0 });
    for (const id of ids.slice(0, 5)) expect((await journey(id)).certificationBodyId).toBe(other.bodyId);
    const about = (step: string) => (m: { headers: Map<string, unknown> }) =>
      String(m.headers.get('x-uplift-key') ?? '').startsWith(`${ids[0]}:${step}:`);
    const [toOld] = await stack.mail.waitFor(about('reassignment'));
    expect(JSON.stringify(toOld.to)).toContain(c.bodyEmail);
    const toNew = await stack.mail.waitFor(about('assignment'));
    expect(toNew.some((m) => JSON.stringify(m.to).includes(other.bodyEmail))).toBe(true);

    // The same filter again finds no journey of the old body: nothing to do is a 400, not an empty batch.
    const again = await post({
      roundId: c.roundId,
      action: 'reassignment',
      filter: { stage: 'diagnosis' },
      payload: { fromCertificationBodyId: c.bodyId, certificationBodyId: other.bodyId },
    });
    expect(again.status).toBe(400);
    expect(again.body.details).toEqual([
      expect.objectContaining({ field: 'filter', code: 'batch.nothing_selected' }),
    ]);
  });

  it('withdraws journeys, once each, and an Idempotency-Key repeat is the same batch', async () => {
    const body = {
      roundId: c.roundId,
      action: 'withdrawal',
      journeyIds: [ids[3], ids[4]],
      payload: { reason: '企业申请退出' },
    };
    const first = await post(body, c.regulatorKey, { 'Idempotency-Key': 'batch-withdraw-1' });
    expect(first.status).toBe(202);
    const repeat = await post(body, c.regulatorKey, { 'Idempotency-Key': 'batch-withdraw-1' });
    expect(repeat.status).toBe(202);
    expect(repeat.body.id).toBe(first.body.id);
    expect(await finished(first.body.id)).toMatchObject({ total: 2, applied: 2, refused: 0 });
    for (const id of [ids[3], ids[4]]) expect((await journey(id)).stage).toBe('withdrawn');

    // Withdrawing again: each journey's rules say it has ended.
    const late = await post(body);
    const done = await finished(late.body.id);
    expect(done).toMatchObject({ applied: 0, refused: 2 });
    expect(done.items.every((i) => i.code === 'step.journey_ended')).toBe(true);
    const listed = await ok(
      stack.api(c.regulatorKey).GET('/v1/batches', { params: { query: { roundId: c.roundId, limit: 100 } } }),
    );
    expect(listed.items.filter((b) => b.action === 'withdrawal')).toHaveLength(2);
  });

  it('refuses a malformed batch with a 400 naming each field, and changes nothing', async () => {
    const before = await ok(
      stack.api(c.regulatorKey).GET('/v1/batches', { params: { query: { roundId: c.roundId, limit: 100 } } }),
    );
    const refused = async (body: BatchBody, fields: [string, string][]) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(
        fields.map(([field, code]) => expect.objectContaining({ field, code })),
      );
    };
    const base = { roundId: c.roundId, action: 'assignment', journeyIds: [ids[0]] };
    await refused({ ...base, payload: { certificationBodyId: other.bodyId, body: 'x' } }, [
      ['payload.body', 'unknown_field'],
    ]);
    await refused({ ...base, payload: { certificationBodyId: 'not-a-uuid' } }, [
      ['payload.certificationBodyId', 'format.uuid'],
    ]);
    await refused({ ...base, payload: { certificationBodyId: '00000000-0000-4000-8000-000000000000' } }, [
      ['payload.certificationBodyId', 'certification_body.unknown'],
    ]);
    await refused({ ...base, action: 'diagnosis', payload: {} }, [['action', 'enum']]);
    await refused({ ...base, extra: 1, payload: { certificationBodyId: other.bodyId } }, [
      ['extra', 'unknown_field'],
    ]);
    await refused(
      { ...base, filter: { stage: 'diagnosis' }, payload: { certificationBodyId: other.bodyId } },
      [['journeyIds', 'batch.one_selection']],
    );
    await refused(
      {
        ...base,
        journeyIds: [ids[0], `journey-${other.roundId}-${enterprises[0].uscc}`],
        payload: { certificationBodyId: other.bodyId },
      },
      [['journeyIds.1', 'batch.journey_not_in_round']],
    );
    await refused(
      {
        ...base,
        journeyIds: undefined,
        filter: { stage: 'nowhere' },
        payload: { certificationBodyId: other.bodyId },
      },
      [['filter.stage', 'enum']],
    );
    await refused({ ...base, action: 'withdrawal', payload: {} }, [['payload.reason', 'required']]);
    const after = await ok(
      stack.api(c.regulatorKey).GET('/v1/batches', { params: { query: { roundId: c.roundId, limit: 100 } } }),
    );
    expect(after.items.length).toBe(before.items.length);
  });

  it('is a 404 outside the caller’s scope and a 403 for a certification body', async () => {
    const made = await post({
      roundId: c.roundId,
      action: 'screening-decision',
      journeyIds: [ids[5]],
      payload: { decision: 'rejected', reason: '不符合条件' },
    });
    expect(made.status).toBe(202);
    const beijing = await ok(
      stack.api().POST('/v1/principals', {
        body: {
          role: 'regulator',
          name: '北京市市场监管局',
          email: 'regulator-batch@bj.example',
          regionCode: '110000',
        },
      }),
    );
    expect((await read(made.body.id, beijing.apiKey!)).status).toBe(404);
    const listed = await ok(stack.api(beijing.apiKey!).GET('/v1/batches', { params: { query: {} } }));
    expect(listed.items).toEqual([]);
    const foreign = await post(
      { roundId: c.roundId, action: 'withdrawal', journeyIds: [ids[0]], payload: { reason: '越权' } },
      beijing.apiKey!,
    );
    expect(foreign.status).toBe(404);
    expect((await read('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await read(made.body.id, c.bodyKey)).status).toBe(403);
    // An admin reads any batch.
    expect((await finished(made.body.id)).applied).toBe(1);
    expect((await answer(stack.api().GET('/v1/batches/{id}', byId(made.body.id)))).status).toBe(200);
  });
  it('starts a batch that was stored but never started (the API died in between), once', async () => {
    const first = await post({
      roundId: c.roundId,
      action: 'screening-decision',
      journeyIds: [ids[0]],
      payload: { decision: 'selected' },
    });
    await finished(first.body.id);
    // The same batch again as the API would have stored it a minute ago, had it died before the start.
    const [{ id }] = await stack.query<{ id: string }>(
      `WITH b AS (
         INSERT INTO batches (round_id, action, payload, actor, created_by, scope_region, total, created_at)
         SELECT round_id, action, payload, actor, created_by, scope_region, total, now() - interval '1 minute'
           FROM batches WHERE id = $1 RETURNING id)
       INSERT INTO batch_items (batch_id, position, journey_id) SELECT id, 1, $2 FROM b RETURNING batch_id AS id`,
      [first.body.id, ids[0]],
    );
    const swept = await finished(id);
    // Its journey has been selected already: the sweep ran the batch, and the journey's rule refused it.
    expect(swept).toMatchObject({ total: 1, applied: 0, refused: 1 });
    expect(swept.items).toEqual([expect.objectContaining({ journeyId: ids[0], outcome: 'refused' })]);
  });
});
