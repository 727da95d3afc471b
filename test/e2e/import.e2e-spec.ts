import type { Client } from '@temporalio/client';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { enterprise, withWrongCheck } from '../support/fixtures';
import { openCampaign, type Campaign } from '../support/campaign';
import { Stack } from '../support/stack';
import { zip } from '../support/zip';

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
        column: '统一社会信用代码',
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

  it('lists a column it does not know once, skips blank lines, and names duplicates by row', async () => {
    const e = enterprise('330106', 105);
    const f = enterprise('330106', 106);
    const answer = await postCsv(
      [
        `${HEADER_ZH},注册资本`,
        `${csvLine(1, e)},100`,
        ',,,,,,,,,',
        `${csvLine(2, f)},`,
        `${csvLine(3, e)},7`,
      ].join('\n'),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      accepted: 2,
      duplicates: 1,
      duplicateRows: [{ row: 4, uscc: e.uscc, firstRow: 1 }],
      skippedBlankRows: 1,
      ignoredColumns: ['序号', '注册资本'],
      rows: 3,
    });
  });

  /** Excel workbooks as bureaus keep their ledger (帮扶台账). */
  describe('an Excel file', () => {
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const HEADERS = [
      '统一社会信用代码',
      '企业名称',
      '行政区划代码',
      '行业代码',
      '电子邮箱',
      '从业人数',
      '备注',
    ];
    const postXlsx = (bytes: Buffer, roundId = c.roundId, lang = 'zh-CN') =>
      stack.request('POST', `/v1/rounds/${roundId}/candidates`, {
        key: c.regulatorKey,
        body: bytes as never,
        headers: { 'content-type': XLSX, 'accept-language': lang },
      });
    const workbook = async (rows: ExcelJS.CellValue[][]) => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('台账');
      for (const r of rows) sheet.addRow(r);
      return Buffer.from(await book.xlsx.writeBuffer());
    };
    const freshRound = async (name: string) =>
      (
        await stack.request('POST', '/v1/rounds', {
          key: c.regulatorKey,
          body: { name, regionCode: '330000' },
        })
      ).body.id as string;

    it('takes good rows, refuses bad ones by row and Chinese column, skips blank rows, ignores 备注 and lists duplicates', async () => {
      const roundId = await freshRound('Excel 导入');
      const [a, b, d] = [201, 202, 203].map((n) => enterprise('330106', n));
      const bad = enterprise('330106', 204, { uscc: withWrongCheck(enterprise('330106', 204).uscc) });
      const rich = enterprise('330102', 205);
      const file = await workbook([
        HEADERS,
        [a.uscc, a.name, a.regionCode, a.industryCode, a.email, a.employees, '重点企业'],
        [bad.uscc, bad.name, bad.regionCode, bad.industryCode, bad.email, 10, null],
        [],
        [null, null, null, null, null, null, null],
        // Digits Excel took for a number: the USCC has lost its last ones.
        [Number('913301067042156781'), '数字企业', '330106', 'C3511', 'n@enterprise.example', 5, null],
        [
          { richText: [{ text: rich.uscc.slice(0, 9) }, { text: rich.uscc.slice(9), font: { bold: true } }] },
          { formula: 'CONCAT("杭州","公式企业")', result: '杭州公式企业' },
          Number(rich.regionCode),
          rich.industryCode,
          { text: rich.email, hyperlink: `mailto:${rich.email}` },
          { formula: '20+5', result: 25 },
          new Date(Date.UTC(2026, 0, 5)),
        ],
        [b.uscc, b.name, b.regionCode, b.industryCode, b.email, b.employees, null],
        [a.uscc, a.name, a.regionCode, a.industryCode, a.email, a.employees, '重复'],
        [d.uscc, d.name, d.regionCode, d.industryCode, 'not-an-email', d.employees, null],
      ]);
      const answer = await postXlsx(file, roundId);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        accepted: 3,
        duplicates: 1,
        duplicateRows: [{ row: 8, uscc: a.uscc, firstRow: 1 }],
        skippedBlankRows: 2,
        ignoredColumns: ['备注'],
        rows: 7,
        rejectedRows: 3,
      });
      expect(answer.body.rejected).toEqual([
        expect.objectContaining({
          row: 2,
          field: 'uscc',
          column: '统一社会信用代码',
          code: 'uscc.check_character',
        }),
        expect.objectContaining({
          row: 5,
          field: 'uscc',
          column: '统一社会信用代码',
          code: 'xlsx.number_cell',
          message: expect.stringContaining('文本'),
        }),
        expect.objectContaining({ row: 9, field: 'email', column: '电子邮箱' }),
      ]);
      await stack.waitForLaunch(roundId, c.regulatorKey);
      const journey = await stack.request('GET', `/v1/journeys/journey-${roundId}-${rich.uscc}`, {
        key: c.regulatorKey,
      });
      expect(journey.body.enterprise).toMatchObject({
        uscc: rich.uscc,
        name: '杭州公式企业',
        regionCode: '330102',
        email: rich.email,
        employees: 25,
      });
      // Imported again: every good row is already in the round, named by its row.
      const again = await postXlsx(file, roundId);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 4 });
      expect(again.body.duplicateRows.map((r: { row: number }) => r.row)).toEqual([1, 6, 7, 8]);
    });

    it('refuses a file that is not a workbook, and one over 16 MB', async () => {
      const corrupt = await postXlsx(Buffer.from('PK\u0003\u0004 this is not a zip at all'));
      expect(corrupt.status).toBe(400);
      expect(corrupt.body.details).toEqual([
        expect.objectContaining({ field: '(body)', code: 'xlsx.unreadable' }),
      ]);
      const big = await postXlsx(Buffer.alloc(16 * 1024 * 1024 + 1, 1));
      expect(big.status).toBe(413);
    });

    it('refuses a zip bomb by what it would unpack to, stores nothing, and keeps answering', async () => {
      const roundId = await freshRound('压缩炸弹');
      // Under 1 MB uploaded, 512 MB of sheet XML once inflated, declared as one kilobyte.
      const bomb = zip([
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(512 << 20, 0x20), declaredSize: 1024 },
      ]);
      const refused = await postXlsx(bomb, roundId);
      expect(refused.status).toBe(400);
      expect(refused.body.details).toEqual([
        expect.objectContaining({ field: '(body)', code: 'xlsx.too_large' }),
      ]);
      expect(refused.body.details[0].message).toContain('128 MB');
      const round = await stack.request('GET', `/v1/rounds/${roundId}`, { key: c.regulatorKey });
      expect(round.status).toBe(200);
      expect(round.body.total).toBe(0);
    });

    it('serves a template with the Chinese headers and a valid example row, which imports as it is', async () => {
      const download = async (format: string) => {
        const res = await fetch(`${stack.baseUrl}/v1/candidate-template?format=${format}`, {
          headers: { authorization: `Bearer ${c.regulatorKey}` },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-disposition')).toContain(`candidate-template.${format}`);
        return { type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
      };
      const xlsx = await download('xlsx');
      expect(xlsx.type).toBe(XLSX);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.bytes as never);
      const header = (book.worksheets[0].getRow(1).values as string[]).slice(1);
      expect(header).toEqual([
        '统一社会信用代码',
        '企业名称',
        '行政区划代码',
        '行业代码',
        '电子邮箱',
        '联系人',
        '从业人数',
        '年营业收入（万元）',
      ]);
      const roundId = await freshRound('模板导入');
      expect((await postXlsx(xlsx.bytes, roundId)).body).toMatchObject({ accepted: 1, rejected: [] });

      const csv = await download('csv');
      expect(csv.type).toMatch(/^text\/csv/);
      expect(csv.bytes.toString('utf8')).toContain('统一社会信用代码');
      const other = await freshRound('模板导入 CSV');
      const imported = await stack.request('POST', `/v1/rounds/${other}/candidates`, {
        key: c.regulatorKey,
        body: csv.bytes as never,
        headers: { 'content-type': 'text/csv' },
      });
      expect(imported.body).toMatchObject({ accepted: 1, rejected: [] });
    });
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
