import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { waitFor } from '@uplift/devstack';
import { EXPORT_HEADERS } from '../../apps/api/src/journeys/journey-export';
import { ok } from '../support/api';
import { openCampaign, type Campaign } from '../support/campaign';
import { enterprise } from '../support/fixtures';
import { Stack } from '../support/stack';

/**
 * The journeys list as a file (`format=csv|xlsx`) and a regulator's escalations (`escalated=true`,
 * `sort=escalatedAt`) on the real stack. Round "list" keeps the national defaults: three journeys of
 * Hangzhou, one assigned to body A. Round "fast" gives screening 1 second, one reminder a second
 * later and the escalation 2 seconds after the stall, so its journey escalates while the test waits.
 */
describe('journeys export and escalations', () => {
  let stack: Stack;
  let a: Campaign;
  let other: Campaign;
  let listRound: string;
  const e = [81, 82, 83].map((n) => enterprise('330106', n));
  const late = enterprise('330106', 84);
  const id = (round: string, uscc: string) => `journey-${round}-${uscc}`;

  const step = async (key: string, journey: string, path: string, body: unknown) => {
    const res = await stack.request('POST', `/v1/journeys/${journey}/${path}`, { key, body });
    if (res.status !== 200)
      throw new Error(`${path} of ${journey} → ${res.status} ${JSON.stringify(res.body)}`);
  };
  const raw = async (key: string, path: string) => {
    const res = await fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const csvRows = (bytes: Buffer) => parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as string[][];

  beforeAll(async () => {
    stack = await Stack.start();
    a = await openCampaign(
      stack,
      { deadlines: { screening: 'PT1S' }, reminders: { every: 'PT1S', max: 1 }, escalateAfter: 'PT2S' },
      'export-a',
    );
    other = await openCampaign(stack, {}, 'export-b');
    listRound = (
      await ok(
        stack.api(a.regulatorKey).POST('/v1/rounds', {
          body: { name: '2026年浙江省导出批次', regionCode: '330000' },
        }),
        201,
      )
    ).id;
    const regulator = stack.api(a.regulatorKey);
    await ok(
      regulator.POST('/v1/rounds/{id}/candidates', {
        params: { path: { id: listRound } },
        body: { enterprises: e },
      }),
    );
    await ok(
      regulator.POST('/v1/rounds/{id}/candidates', {
        params: { path: { id: a.roundId } },
        body: { enterprises: [late] },
      }),
    );
    await stack.waitForLaunch(listRound, a.regulatorKey);
    await stack.waitForLaunch(a.roundId, a.regulatorKey);
    const first = id(listRound, e[0].uscc);
    await step(a.regulatorKey, first, 'screening-decision', { decision: 'selected' });
    await step(a.regulatorKey, first, 'assignment', { certificationBodyId: a.bodyId });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('exports the filtered list as CSV for Excel: BOM, Chinese headers, names not codes, a filename', async () => {
    const { res, bytes } = await raw(a.regulatorKey, `/v1/journeys?roundId=${listRound}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="journeys-${listRound}-\\d{8}\\.csv"; filename\\*=UTF-8''`),
    );
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = csvRows(bytes);
    expect(header).toEqual(EXPORT_HEADERS);
    expect(rows).toHaveLength(3);
    const col = (name: string) => header.indexOf(name);
    const assigned = rows.find((r) => r[col('统一社会信用代码')] === e[0].uscc)!;
    expect(assigned[col('企业名称')]).toBe(e[0].name);
    expect(assigned[col('所在地区')]).toBe('浙江省杭州市西湖区');
    expect(assigned[col('所属行业')]).toBe('制造业（C3511）');
    expect(assigned[col('当前阶段')]).toBe('诊断');
    expect(assigned[col('待办方')]).toBe('认证机构');
    expect(assigned[col('认证机构')]).toBe('认证机构export-a');
    // Thirty days from now, in Beijing time.
    expect(assigned[col('办理期限（北京时间）')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const waiting = rows.filter((r) => r[col('统一社会信用代码')] !== e[0].uscc);
    expect(waiting.map((r) => r[col('当前阶段')])).toEqual(['筛选', '筛选']);
    expect(waiting.map((r) => r[col('认证机构')])).toEqual(['尚未指派', '尚未指派']);

    const unassigned = csvRows(
      (await raw(a.regulatorKey, `/v1/journeys?roundId=${listRound}&certificationBodyId=none&format=csv`))
        .bytes,
    );
    expect(
      unassigned
        .slice(1)
        .map((r) => r[col('统一社会信用代码')])
        .sort(),
    ).toEqual([e[1].uscc, e[2].uscc].sort());
  });

  it('exports the same columns as .xlsx, scoped to the caller', async () => {
    const { res, bytes } = await raw(
      a.regulatorKey,
      `/v1/journeys?roundId=${listRound}&format=xlsx&sort=deadline`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers.get('content-disposition')).toMatch(/filename="journeys-.*\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(EXPORT_HEADERS);
    expect(sheet.actualRowCount).toBe(4);
    // Soonest deadline first: the assigned journey's diagnosis is due in 30 days, the screenings too,
    // but it was assigned last, so it comes last.
    expect(values(4)[1]).toBe(e[0].uscc);

    // A body sees only the journeys assigned to it; a bureau of another province none of these.
    const body = csvRows((await raw(a.bodyKey, `/v1/journeys?format=csv`)).bytes);
    expect(body.slice(1).map((r) => r[1])).toEqual([e[0].uscc]);
    const jiangsu = await ok(
      stack.api().POST('/v1/principals', {
        body: {
          role: 'regulator',
          name: '江苏省市场监管局导出',
          email: 'js-export@samr.example',
          regionCode: '320000',
        },
      }),
    );
    const none = csvRows((await raw(jiangsu.apiKey!, `/v1/journeys?format=csv`)).bytes);
    expect(none).toEqual([EXPORT_HEADERS]);
  });

  it('refuses an unknown format as a 400 naming the field', async () => {
    const res = await stack.request('GET', `/v1/journeys?format=pdf`, { key: a.regulatorKey });
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toMatchObject({ field: 'query.format' });
  });

  it("lists a regulator's escalations oldest first, and a step clears the escalation", async () => {
    const journey = id(a.roundId, late.uscc);
    const escalated = async (key: string) =>
      (
        await ok(
          stack
            .api(key)
            .GET('/v1/journeys', { params: { query: { escalated: 'true', sort: 'escalatedAt' } } }),
        )
      ).items;
    await waitFor(
      'the fast journey to escalate',
      async () => (await escalated(a.regulatorKey)).some((j) => j.id === journey),
      30_000,
    );
    const [item] = (await escalated(a.regulatorKey)).filter((j) => j.id === journey);
    expect(item).toMatchObject({ stage: 'screening', stalled: true, reminders: { escalated: true } });
    expect(item.due).toMatchObject({ step: 'screening-decision', actors: ['regulator'] });
    expect(Date.parse(item.escalatedAt!)).toBeLessThanOrEqual(Date.now());
    // The escalation email went out to this regulator.
    await waitFor('the escalation email', async () =>
      stack.mail.to(a.regulatorEmail).some((m) => (m.subject ?? '').includes('督办')),
    );
    // Another bureau of the same province sees the journey in its division, but it was not escalated to it.
    expect((await escalated(other.regulatorKey)).map((j) => j.id)).not.toContain(journey);
    const all = await ok(
      stack.api(other.regulatorKey).GET('/v1/journeys', { params: { query: { roundId: a.roundId } } }),
    );
    expect(all.items.map((j) => j.id)).toContain(journey);
    // The time stays the first escalation's while later writes come.
    const again = (await escalated(a.regulatorKey)).find((j) => j.id === journey)!;
    expect(again.escalatedAt).toBe(item.escalatedAt);

    await step(a.regulatorKey, journey, 'screening-decision', { decision: 'rejected', reason: '不符合条件' });
    expect((await escalated(a.regulatorKey)).map((j) => j.id)).not.toContain(journey);
    const read = await ok(
      stack.api(a.regulatorKey).GET('/v1/journeys/{id}', { params: { path: { id: journey } } }),
    );
    expect(read.escalatedAt).toBeNull();
  });
});
