import { waitFor } from '@uplift/devstack';
import { ok } from '../support/api';
import { openCampaign, METRICS, type Campaign } from '../support/campaign';
import { enterprise } from '../support/fixtures';
import { Stack } from '../support/stack';

/**
 * The inbox's list API on the real stack (API.md "People and the console"): two certification bodies,
 * two bureaus of Zhejiang, one of Jiangsu. Round "fast" gives a diagnosis 2 seconds, so its journey
 * is overdue by the time anyone looks; round "slow" gives the assistance plan 3 days and the
 * diagnosis the default 30.
 *
 *   e1 fast: assigned to A, waiting for A's diagnosis, overdue
 *   e2 slow: assigned to A, waiting for A's diagnosis (30 days)
 *   e3 slow: diagnosed by A, waiting for A's assistance plan (3 days: due within 7)
 *   e4 slow: selected, waiting for the bureau to assign a body
 *   e5 slow: imported, waiting for the bureau's screening decision
 *   e6 slow: assigned to B, waiting for B's diagnosis
 *   e7 slow: rejected at screening: no one waits
 */
describe('the inbox list', () => {
  let stack: Stack;
  let a: Campaign;
  let b: Campaign;
  let fastRound: string;
  let slowRound: string;
  let jiangsuKey: string;
  let jiangsuRound: string;
  const e = [71, 72, 73, 74, 75, 76, 77].map((n) => enterprise(n === 74 ? '330206' : '330106', n));
  const id = (round: string, i: number) => `journey-${round}-${e[i].uscc}`;
  let ids: string[];

  /** A GET's JSON, as `key`. */
  const get = async (key: string, path: string) => {
    const res = await stack.request('GET', path, { key });
    if (res.status !== 200) throw new Error(`${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const listIds = async (key: string, query: string) =>
    ((await get(key, `/v1/journeys?${query}`)).items as { id: string }[]).map((j) => j.id);

  beforeAll(async () => {
    stack = await Stack.start();
    a = await openCampaign(stack, { deadlines: { diagnosis: 'PT2S' } }, 'inbox-a');
    fastRound = a.roundId;
    b = await openCampaign(stack, {}, 'inbox-b');
    const slow = await ok(
      stack.api(a.regulatorKey).POST('/v1/rounds', {
        body: {
          name: '2026年浙江省慢批次',
          regionCode: '330000',
          settings: { deadlines: { assistancePlan: 'P3D' } },
        },
      }),
      201,
    );
    slowRound = slow.id;
    const jiangsu = await ok(
      stack.api().POST('/v1/principals', {
        body: { role: 'regulator', name: '江苏省市场监管局', email: 'js@samr.example', regionCode: '320000' },
      }),
    );
    jiangsuKey = jiangsu.apiKey!;
    jiangsuRound = (
      await ok(
        stack
          .api(jiangsuKey)
          .POST('/v1/rounds', { body: { name: '2026年江苏省批次', regionCode: '320000' } }),
        201,
      )
    ).id;

    const regulator = stack.api(a.regulatorKey);
    const step = async (key: string, journey: string, path: string, body: unknown) => {
      const res = await stack.request('POST', `/v1/journeys/${journey}/${path}`, { key, body });
      if (res.status !== 200)
        throw new Error(`${path} of ${journey} → ${res.status} ${JSON.stringify(res.body)}`);
    };
    await ok(
      regulator.POST('/v1/rounds/{id}/candidates', {
        params: { path: { id: fastRound } },
        body: { enterprises: [e[0]] },
      }),
    );
    await ok(
      regulator.POST('/v1/rounds/{id}/candidates', {
        params: { path: { id: slowRound } },
        body: { enterprises: e.slice(1) },
      }),
    );
    await stack.waitForLaunch(fastRound, a.regulatorKey);
    await stack.waitForLaunch(slowRound, a.regulatorKey);
    ids = [id(fastRound, 0), ...e.slice(1).map((_, i) => id(slowRound, i + 1))];
    for (const i of [0, 1, 2, 3, 5])
      await step(a.regulatorKey, ids[i], 'screening-decision', { decision: 'selected' });
    await step(a.regulatorKey, ids[6], 'screening-decision', { decision: 'rejected', reason: '不符合条件' });
    for (const i of [0, 1, 2])
      await step(a.regulatorKey, ids[i], 'assignment', { certificationBodyId: a.bodyId });
    await step(a.regulatorKey, ids[5], 'assignment', { certificationBodyId: b.bodyId });
    await step(a.bodyKey, ids[2], 'diagnosis', {
      findings: [
        { dimension: 'quality_management', category: '体系', description: '质量手册与实际运行脱节' },
      ],
      baseline: METRICS,
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists for a body only the journeys waiting for it, overdue first, then by deadline, with what is due', async () => {
    await waitFor('the fast diagnosis to be overdue', async () =>
      (await listIds(a.bodyKey, 'mustAct=me&overdue=true')).includes(ids[0]),
    );
    const page = await get(a.bodyKey, '/v1/journeys?mustAct=me&sort=deadline');
    expect(page.items.map((j: { id: string }) => j.id)).toEqual([ids[0], ids[2], ids[1]]);
    expect(page.items[0]).toMatchObject({
      stage: 'diagnosis',
      due: { step: 'diagnosis', actors: ['certification_body'] },
      overdueDays: 0,
    });
    expect(page.items[1]).toMatchObject({ due: { step: 'assistance-plan', actors: ['certification_body'] } });
    expect(await listIds(a.bodyKey, 'mustAct=me&overdue=true&sort=deadline')).toEqual([ids[0]]);
    expect(await listIds(b.bodyKey, 'mustAct=me&sort=deadline')).toEqual([ids[5]]);
    // The stalled journey's first reminder goes out when it stalls; the list shows it sent.
    await waitFor('the reminder of the overdue journey', async () => {
      const [first] = (await get(a.bodyKey, '/v1/journeys?mustAct=me&overdue=true')).items;
      return first.reminders.sent === 1;
    });
  });

  it('counts what the same filters list: total, overdue, due within 7 days', async () => {
    expect(await get(a.bodyKey, '/v1/journeys/summary?mustAct=me')).toEqual({
      total: 3,
      overdue: 1,
      dueWithin7Days: 1,
    });
    expect(await get(a.bodyKey, `/v1/journeys/summary?mustAct=me&roundId=${slowRound}`)).toEqual({
      total: 2,
      overdue: 0,
      dueWithin7Days: 1,
    });
    // A bureau waits on screening and assignment only; the bodies' journeys are not its move.
    expect(await get(a.regulatorKey, '/v1/journeys/summary?mustAct=me')).toEqual({
      total: 2,
      overdue: 0,
      dueWithin7Days: 0,
    });
  });

  it('shows a bureau the journeys not assigned yet, and those it must act on among them', async () => {
    expect((await listIds(a.regulatorKey, 'certificationBodyId=none')).sort()).toEqual(
      [ids[3], ids[4], ids[6]].sort(),
    );
    expect((await listIds(a.regulatorKey, 'certificationBodyId=none&mustAct=me')).sort()).toEqual(
      [ids[3], ids[4]].sort(),
    );
    const [assign] = (
      await get(a.regulatorKey, `/v1/journeys?certificationBodyId=none&mustAct=me&uscc=${e[3].uscc}`)
    ).items;
    expect(assign.due).toEqual({ step: 'assignment', actors: ['regulator'] });
    // The Jiangsu bureau sees none of Zhejiang's journeys, whatever it asks.
    expect(await listIds(jiangsuKey, 'certificationBodyId=none')).toEqual([]);
  });

  it('finds an enterprise by part of its name, or by the start of its USCC in any case', async () => {
    expect(await listIds(a.regulatorKey, `q=${encodeURIComponent('企业73有限')}`)).toEqual([ids[2]]);
    expect(await listIds(a.regulatorKey, `q=${e[4].uscc.slice(0, 17).toLowerCase()}`)).toEqual([ids[4]]);
    expect(await listIds(a.regulatorKey, `q=${e[4].uscc.slice(0, 17)}`)).toEqual([ids[4]]);
    // Nothing in a name is a wildcard.
    expect(await listIds(a.regulatorKey, `q=${encodeURIComponent('企业_3')}`)).toEqual([]);
    expect(await listIds(a.regulatorKey, `q=${encodeURIComponent('%')}`)).toEqual([]);
    // A body finds only among its own.
    expect(await listIds(b.bodyKey, `q=${encodeURIComponent('企业73')}`)).toEqual([]);
  });

  it('pages through every order without a repeat or a gap, each in its order', async () => {
    const all = (await listIds(stack.adminKey, 'limit=500')).sort();
    expect(all).toEqual([...ids].sort());
    for (const sort of [undefined, 'deadline', '-deadline', '-updatedAt']) {
      const seen: { id: string; deadline: string | null; updatedAt: string }[] = [];
      let cursor: string | null = null;
      do {
        const query: string = [
          'limit=2',
          sort && `sort=${sort}`,
          cursor && `cursor=${encodeURIComponent(cursor)}`,
        ]
          .filter(Boolean)
          .join('&');
        const page = await get(stack.adminKey, `/v1/journeys?${query}`);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.map((j) => j.id).sort()).toEqual(all);
      expect(new Set(seen.map((j) => j.id)).size).toBe(all.length);
      const at = (t: string | null) => (t === null ? Infinity : Date.parse(t));
      for (let i = 1; i < seen.length; i++) {
        const [x, y] = [seen[i - 1], seen[i]];
        if (sort === 'deadline') expect(at(x.deadline) <= at(y.deadline)).toBe(true);
        if (sort === '-deadline')
          expect(y.deadline === null || (x.deadline !== null && at(x.deadline) >= at(y.deadline))).toBe(true);
        if (sort === '-updatedAt') expect(Date.parse(x.updatedAt) >= Date.parse(y.updatedAt)).toBe(true);
      }
    }
  });

  it('refuses a bad parameter with a 400 naming it', async () => {
    const fields = async (path: string, key = a.bodyKey) => {
      const res = await stack.request('GET', path, { key });
      expect(res.status).toBe(400);
      return (res.body.details as { field: string }[]).map((d) => d.field).sort();
    };
    expect(await fields('/v1/journeys?mustAct=boss&sort=name&overdue=yes')).toEqual([
      'query.mustAct',
      'query.overdue',
      'query.sort',
    ]);
    expect(await fields('/v1/journeys/summary?certificationBodyId=nobody&sort=deadline')).toEqual([
      'query.certificationBodyId',
      'query.sort',
    ]);
    expect(await fields(`/v1/journeys?q=${'x'.repeat(101)}`)).toEqual(['query.q']);
    const { nextCursor } = await get(stack.adminKey, '/v1/journeys?sort=deadline&limit=1');
    expect(await fields(`/v1/journeys?sort=-deadline&cursor=${nextCursor}`, stack.adminKey)).toEqual([
      'query.cursor',
    ]);
    expect(await fields(`/v1/journeys?cursor=${nextCursor}`, stack.adminKey)).toEqual(['query.cursor']);
    expect(await fields('/v1/rounds?limit=500&status=finished&regionCode=339999')).toEqual([
      'query.limit',
      'query.regionCode',
      'query.status',
    ]);
    expect(await fields('/v1/rounds?cursor=abc')).toEqual(['query.cursor']);
  });

  it('lists rounds as each may open them: a body those with its journeys, a bureau its division', async () => {
    const names = async (key: string, query = '') =>
      ((await get(key, `/v1/rounds${query}`)).items as { id: string }[]).map((r) => r.id);
    // Newest first.
    expect(await names(stack.adminKey)).toEqual([jiangsuRound, slowRound, b.roundId, fastRound]);
    expect(await names(a.bodyKey)).toEqual([slowRound, fastRound]);
    expect(await names(b.bodyKey)).toEqual([slowRound]);
    expect(await names(a.regulatorKey)).toEqual([slowRound, b.roundId, fastRound]);
    expect(await names(jiangsuKey)).toEqual([jiangsuRound]);
    expect(await names(stack.adminKey, '?regionCode=320000')).toEqual([jiangsuRound]);
    expect(await names(stack.adminKey, '?status=closed')).toEqual([]);
    // Each round counts its journeys within the caller's scope.
    const [slow] = (await get(b.bodyKey, '/v1/rounds')).items;
    expect(slow).toMatchObject({ id: slowRound, total: 1, counts: { diagnosis: 1 } });
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await get(
        stack.adminKey,
        `/v1/rounds?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      pages.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([jiangsuRound, slowRound, b.roundId, fastRound]);
  });
});
