import type { Client } from '@temporalio/client';
import iconv from 'iconv-lite';
import { enterprise, withWrongCheck } from '../support/fixtures';
import { openCampaign, type Campaign } from '../support/campaign';
import { Stack } from '../support/stack';

const HEADER_ZH =
  '序号,统一社会信用代码,企业名称,行政区划代码,行业代码,电子邮箱,联系人,从业人数,年营业收入（万元）';
const csvLine = (i: number, e: ReturnType<typeof enterprise>) =>
  [i, e.uscc, e.name, e.regionCode, e.industryCode, e.email, e.contactName, e.employees, '"1,234.5"'].join(
    ',',
  );

/** Issue "National scale": CSV as regulators export it, and a background launch that survives a worker's death. */
describe('bulk import', () => {
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
    c = await openCampaign(stack, {}, 'import');
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  const postCsv = (body: Buffer | string, contentType = 'text/csv') =>
    stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: body as never,
      headers: { 'content-type': contentType },
    });
  /**
   * Journey workflows of a round in Temporal's visibility once it has caught up with `expected`
   * (it is written a moment after each start), read again a second later: a doubled start would
   * show above `expected`, a missing one below it after the minute's wait.
   */
  const count = async (roundId: string, expected: number): Promise<number> => {
    const read = async () => (await temporal.workflow.count(`UpliftRoundId = '${roundId}'`)).count;
    const until = Date.now() + 60_000;
    while ((await read()) < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 1000));
    return read();
  };

  it('reads UTF-8 with a BOM and Chinese headers, refusing a bad row by row and field', async () => {
    const good = [enterprise('330106', 101), enterprise('330102', 102)];
    const bad = enterprise('330106', 103, { uscc: withWrongCheck(enterprise('330106', 103).uscc) });
    const csv =
      '\uFEFF' + [HEADER_ZH, csvLine(1, good[0]), csvLine(2, good[1]), csvLine(3, bad)].join('\r\n') + '\r\n';
    const answer = await postCsv(csv, 'text/csv; charset=utf-8');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 2, duplicates: 0, rows: 3, rejectedRows: 1 });
    expect(answer.body.rejected).toEqual([
      {
        row: 3,
        code: expect.any(String),
        field: 'uscc',
        message: expect.stringContaining('check character'),
      },
    ]);
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    const journey = await stack.request('GET', `/v1/journeys/journey-${c.roundId}-${good[0].uscc}`, {
      key: c.regulatorKey,
    });
    expect(journey.body.enterprise).toMatchObject({
      name: good[0].name,
      annualRevenue: 1234.5,
      contactName: good[0].contactName,
    });
  });

  it('reads GB18030 as Excel on Chinese Windows writes it', async () => {
    const e = enterprise('330106', 104, { name: '杭州西湖龙井茶叶有限公司' });
    const bytes = iconv.encode([HEADER_ZH, csvLine(1, e)].join('\r\n'), 'gb18030');
    const answer = await postCsv(bytes);
    expect(answer.body).toMatchObject({ accepted: 1, rejected: [] });
    const journey = await stack.request('GET', `/v1/journeys/journey-${c.roundId}-${e.uscc}`, {
      key: c.regulatorKey,
    });
    expect(journey.body.enterprise.name).toBe('杭州西湖龙井茶叶有限公司');
  });

  it('refuses a column it does not know before storing anything', async () => {
    const e = enterprise('330106', 105);
    const answer = await postCsv([`${HEADER_ZH},注册资本`, `${csvLine(1, e)},100`].join('\n'));
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([
      { field: 'header.注册资本', code: 'csv.unknown_column', message: 'is not a known column' },
    ]);
    const journey = await stack.request('GET', `/v1/journeys/journey-${c.roundId}-${e.uscc}`, {
      key: c.regulatorKey,
    });
    expect(journey.status).toBe(404);
  });

  it('answers once rows are stored, launches in the background, and resumes a launch a dead worker left', async () => {
    const round = await stack.request('POST', '/v1/rounds', {
      key: c.regulatorKey,
      body: { name: '大批量导入', regionCode: '330000' },
    });
    const roundId = round.body.id;
    const rows = Array.from({ length: 1000 }, (_, i) => enterprise(i % 2 ? '330106' : '330102', 10_000 + i));
    const csv = [
      'uscc,name,regionCode,industryCode,email',
      ...rows.map((e) => [e.uscc, e.name, e.regionCode, e.industryCode, e.email].join(',')),
    ].join('\n');
    const answer = await stack.request('POST', `/v1/rounds/${roundId}/candidates`, {
      key: c.regulatorKey,
      body: csv as never,
      headers: { 'content-type': 'text/csv' },
    });
    expect(answer.body).toMatchObject({ accepted: 1000, duplicates: 0, rejected: [] });

    // Kill the worker while the launch is under way, then bring it back.
    let progress = { started: 0, total: 1000 };
    while (progress.started < 100) {
      progress = (await stack.request('GET', `/v1/rounds/${roundId}`, { key: c.regulatorKey })).body.launch;
      await new Promise((r) => setTimeout(r, 50));
    }
    await stack.killWorker();
    const atDeath = (await stack.request('GET', `/v1/rounds/${roundId}`, { key: c.regulatorKey })).body
      .launch;
    expect(atDeath.started).toBeLessThan(1000);
    await stack.startWorker();
    expect(await stack.waitForLaunch(roundId, c.regulatorKey, 180_000)).toEqual({
      started: 1000,
      total: 1000,
    });
    // None missing, none doubled: one journey workflow per stored row.
    expect(await count(roundId, 1000)).toBe(1000);

    const again = await stack.request('POST', `/v1/rounds/${roundId}/candidates`, {
      key: c.regulatorKey,
      body: csv as never,
      headers: { 'content-type': 'text/csv' },
    });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1000 });
    expect(await count(roundId, 1000)).toBe(1000);
  });
});
