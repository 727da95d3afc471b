import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { Client as Pg } from 'pg';
import { ok } from '../support/api';
import { DataSource } from 'typeorm';
import { SqlJourneyRepository, type JourneyScope, type SurveySelection } from '@uplift/persistence';
import {
  childDigits,
  regulatorReport,
  regulatorReportOfGroups,
} from '../../apps/api/src/reports/regulator-report';
import { KNOWN, seedKnownAnswers, seedSurveys } from '../support/known-answers';
import { surveyMix } from '../support/survey-mix';
import { Stack } from '../support/stack';

/**
 * The round report in the regulator's form, on the real stack, over the known-answer dataset
 * (test/support/known-answers.ts, where every figure below is worked out by hand): JSON, CSV, .xlsx
 * and the paragraph.
 */
/**
 * The averages made of sums of changes or of figures: their last shown digit is that of a double sum,
 * which moves with the order the values are added in (the Node fold adds in the order rows come back,
 * SQL per group, then the groups). Only these may differ, and by that digit at most.
 */
const SUMMED_AVERAGES = new Set(['averageImprovement', 'meanChange', 'totalChange']);

/** Every place `a` and `b` differ, as paths; the averages of `SUMMED_AVERAGES` by more than 0.01 only. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const key = path.slice(path.lastIndexOf('.') + 1);
    const close = SUMMED_AVERAGES.has(key) && Math.abs(a - b) <= 0.01 + 1e-9;
    return a === b || close ? [] : [`${path}: ${a} ≠ ${b}`];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`),
    );
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

/** `served`'s fields that `like` has (the round report adds its KPIs around the regulator's figures). */
const pick = (served: Record<string, unknown>, like: object) =>
  Object.fromEntries(Object.keys(like).map((k) => [k, served[k]]));

describe("the round report in the regulator's form", () => {
  let stack: Stack;
  let roundId: string;
  let regulatorKey: string;
  const bodyIds: string[] = [];

  beforeAll(async () => {
    stack = await Stack.start();
    const admin = stack.api();
    for (const [i, name] of ['浙江方圆认证有限公司', '杭州质量认证中心', '宁波认证有限公司'].entries()) {
      const body = await ok(
        admin.POST('/v1/certification-bodies', {
          body: { code: `CNCA-R-2002-60${i}`, name, email: `office${i}@known.example` },
        }),
      );
      bodyIds.push(body.id);
    }
    const regulator = await ok(
      admin.POST('/v1/principals', {
        body: {
          role: 'regulator',
          name: '浙江省市场监管局',
          email: 'zj-known@samr.example',
          regionCode: '330000',
        },
      }),
    );
    regulatorKey = regulator.apiKey!;
    const round = await ok(
      stack
        .api(regulatorKey)
        .POST('/v1/rounds', { body: { name: '2026年浙江省已知答案批次', regionCode: '330000' } }),
      201,
    );
    roundId = round.id;
    await seedKnownAnswers(stack.databaseUrl, roundId, bodyIds);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const report = async () => {
    const r = await stack.request('GET', `/v1/rounds/${roundId}/report`, { key: regulatorKey });
    expect(r.status).toBe(200);
    return r.body;
  };

  it('says 90.00 %, 18家 and 17.8 %, and every other figure worked out by hand', async () => {
    const r = await report();
    expect(r.totals.journeys).toBe(KNOWN.journeys);
    expect(r.counts).toEqual({
      journeys: 50,
      enterprisesAssisted: 48,
      bodies: 3,
      industries: 4,
      certificates: 30,
      enterprisesAnswered: 40,
    });
    expect(r.effectivenessRate).toEqual({ count: 36, of: 40, fraction: 0.9, percent: 90 });
    expect(r.satisfactionRate).toEqual({ count: 38, of: 40, fraction: 0.95, percent: 95 });
    expect(r.followUpSatisfactionRate).toEqual({ count: 12, of: 30, fraction: 0.4, percent: 40 });
    expect(r.metrics.firstPassYield).toEqual({
      direction: 'up',
      measured: 40,
      improved: 18,
      averageImprovement: 17.8,
      meanChange: 7.51,
      totalChange: 7.51,
    });
    expect(r.metrics.revenue).toMatchObject({
      improved: 10,
      averageImprovement: 10,
      meanChange: 2.5,
      totalChange: 4.55,
    });
    expect(r.metrics.qualityCostRate).toMatchObject({
      direction: 'down',
      improved: 8,
      averageImprovement: 20,
    });
    expect(r.improvements.asked).toBe(30);
    expect(r.improvements.areas[0]).toEqual({
      code: 'quality_awareness',
      name: { zh: '质量意识提升', en: 'Quality awareness raised' },
      count: 27,
      of: 30,
      fraction: 0.9,
      percent: 90,
    });
    expect(r.improvements.areas[1]).toMatchObject({ count: 26, percent: 86.67 });
    expect(r.problemsSolved).toEqual({ asked: 30, total: 43 });
    expect(r.methods.totalChange.zh).toContain('总量变化');
  });

  it('gives each wave (3, 6 and 12 months) and keeps the enterprises’ own answers apart', async () => {
    const r = await report();
    expect(
      r.waves.map((w: any) => [
        w.n,
        w.months,
        w.label.zh,
        w.all.answered,
        w.all.metrics.firstPassYield.improved,
      ]),
    ).toEqual([
      [1, 3, '第1次跟踪评估', 40, 0],
      [2, 6, '第2次跟踪评估', 20, 18],
      [3, 12, '第3次跟踪评估', 0, 0],
    ]);
    expect(r.latest.link.answered).toBe(10);
    expect(r.latest.link.metrics.firstPassYield).toMatchObject({ improved: 5, averageImprovement: 16.24 });
    expect(r.latest.body.answered).toBe(30);
    expect(r.latest.body.metrics.firstPassYield).toMatchObject({ improved: 13, averageImprovement: 18.4 });
  });

  it('breaks down by city, GB/T 4754 division and body, with codes and names', async () => {
    const r = await report();
    expect(
      r.breakdowns.region.map((g: any) => [
        g.code,
        g.name,
        g.counts.journeys,
        g.effectivenessRate.percent,
        g.drillable,
      ]),
    ).toEqual([
      ['330100', '浙江省杭州市', 25, 90, true],
      ['330200', '浙江省宁波市', 25, 90, true],
    ]);
    expect(r.breakdowns.industry.map((g: any) => [g.code, g.name, g.nameEn, g.counts.journeys])).toEqual([
      ['13', '农副食品加工业', 'Processing of agricultural and sideline food products', 10],
      ['29', '橡胶和塑料制品业', 'Manufacture of rubber and plastic products', 10],
      ['35', '专用设备制造业', 'Manufacture of special-purpose machinery', 20],
      ['51', '批发业', 'Wholesale trade', 10],
    ]);
    expect(r.breakdowns.body.map((g: any) => [g.code, g.name, g.counts.journeys]).sort()).toEqual([
      ['CNCA-R-2002-600', '浙江方圆认证有限公司', 17],
      ['CNCA-R-2002-601', '杭州质量认证中心', 17],
      ['CNCA-R-2002-602', '宁波认证有限公司', 16],
    ]);
  });

  it('drills into a city as the dashboard does: every figure its own, equal to its row of the whole round', async () => {
    const whole = await report();
    const hangzhou = await stack.request('GET', `/v1/rounds/${roundId}/report?regionCode=330100`, {
      key: regulatorKey,
    });
    expect(hangzhou.status).toBe(200);
    const row = whole.breakdowns.region.find((g: any) => g.code === '330100');
    expect(hangzhou.body.counts).toEqual(row.counts);
    const rowFigures = Object.fromEntries(
      Object.entries(row).filter(([k]) => !['code', 'name', 'nameEn', 'counts', 'drillable'].includes(k)),
    );
    expect(hangzhou.body.latest.all).toMatchObject(rowFigures);
    expect(hangzhou.body.totals.journeys).toBe(row.counts.journeys);
    // Its regions are one level down: Hangzhou's counties, none of Ningbo's.
    expect(hangzhou.body.breakdowns.region.map((g: any) => g.code.slice(0, 4))).toEqual(
      hangzhou.body.breakdowns.region.map(() => '3301'),
    );
    expect(hangzhou.body.breakdowns.region.reduce((n: number, g: any) => n + g.counts.journeys, 0)).toBe(
      row.counts.journeys,
    );
    const outside = await stack.request('GET', `/v1/rounds/${roundId}/report?regionCode=320100`, {
      key: regulatorKey,
    });
    expect(outside.status).toBe(400);
    expect(outside.body.details).toEqual([
      expect.objectContaining({ field: 'regionCode', code: 'division.outside_round' }),
    ]);
  });

  it("writes the paragraph in the regulator's sentences, each number traceable to its field", async () => {
    const r = await report();
    expect(r.summary.zh).toContain(
      '3家认证机构为4个行业的48家小微企业实施了精准帮扶，其中，90.00%的企业反馈提升成效“非常明显”或“比较明显”。',
    );
    expect(r.summary.zh).toContain('18家企业产品一次合格率提升（平均提升17.8%）');
    expect(r.summary.zh).toContain('对认证机构持续跟踪服务感到满意的企业占40.00%。');
    expect(r.summary.en).toContain('18 enterprises raised their first-pass yield (by 17.8% on average)');
    const at = (path: string) =>
      path
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .reduce((o: any, k) => o[k], r);
    for (const { text, field } of r.summary.numbers) expect(Number(text)).toBeCloseTo(Number(at(field)), 2);
    expect(r.summary.numbers.map((x: any) => x.field)).toContain(
      'latest.all.metrics.firstPassYield.improved',
    );
  });

  it('gives the same figures as CSV with Chinese headers and a BOM', async () => {
    const csv = await stack.request('GET', `/v1/rounds/${roundId}/report?format=csv`, { key: regulatorKey });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    // The BOM, as bytes: a text decoder drops it.
    const raw = await fetch(`${stack.baseUrl}/v1/rounds/${roundId}/report?format=csv`, {
      headers: { authorization: `Bearer ${regulatorKey}` },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const total = rows.find((x) => x['维度'] === '总计（最近一次评估）')!;
    expect(total).toMatchObject({
      名称: '2026年浙江省已知答案批次',
      帮扶企业数: '48',
      认证机构数: '3',
      行业数: '4',
      获证数: '30',
      评估企业数: '40',
      '成效明显率(%)': '90',
      成效明显率: '0.9',
      '持续跟踪服务满意率(%)': '40',
      '质量意识提升(%)': '90',
      '管理制度更加规范(%)': '86.67',
      解决质量问题数: '43',
      产品一次合格率提升企业数: '18',
      '产品一次合格率平均提升(%)': '17.8',
      '产品一次合格率平均变化(%)': '7.51',
      '营业收入总量变化(%)': '4.55',
    });
    expect(rows.find((x) => x['维度'] === '总计·企业自评')).toMatchObject({ 评估企业数: '10' });
    expect(rows.find((x) => x['维度'] === '第2次跟踪评估（6个月）')).toMatchObject({
      评估企业数: '20',
      产品一次合格率提升企业数: '18',
    });
    expect(rows.filter((x) => x['维度'] === '行业').map((x) => [x['代码'], x['名称']])).toContainEqual([
      '35',
      '专用设备制造业',
    ]);
  });

  it('gives the same figures as .xlsx, one sheet per breakdown, percentages formatted', async () => {
    const res = await fetch(`${stack.baseUrl}/v1/rounds/${roundId}/report?format=xlsx`, {
      headers: { authorization: `Bearer ${regulatorKey}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(await res.arrayBuffer()) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '总体',
      '地区',
      '行业',
      '认证机构',
      '提升方面',
      '经营指标',
      '说明',
    ]);
    const overall = book.getWorksheet('总体')!;
    const header = (overall.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const first = overall.getRow(2);
    expect(first.getCell(col('维度')).value).toBe('总计（最近一次评估）');
    const effectiveness = first.getCell(col('成效明显率(%)'));
    expect(effectiveness.value).toBeCloseTo(0.9, 6);
    expect(effectiveness.numFmt).toBe('0.00%');
    expect(first.getCell(col('产品一次合格率提升企业数')).value).toBe(18);
    expect(first.getCell(col('产品一次合格率平均提升(%)')).value).toBeCloseTo(0.178, 6);
    const metrics = book.getWorksheet('经营指标')!;
    const fpy = metrics.getRows(2, 7)!.find((row) => row.getCell(1).value === '产品一次合格率')!;
    expect([fpy.getCell(4).value, fpy.getCell(5).numFmt]).toEqual([18, '0.00%']);
    const regions = book.getWorksheet('地区')!;
    expect(regions.getRow(2).getCell(col('名称')).value).toBe('浙江省杭州市');
    const notes = book.getWorksheet('说明')!;
    expect(String(notes.getRow(2).getCell(2).value)).toContain('18家企业产品一次合格率提升（平均提升17.8%）');
  });

  it('reports a campaign year across rounds: a division for its regulator, the nation for an admin', async () => {
    const year = Number(
      new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
    );
    const own = await stack.request('GET', `/v1/reports?year=${year}`, { key: regulatorKey });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ year, regionCode: '330000', regionName: '浙江省', rounds: 1 });
    expect(own.body.counts).toEqual((await report()).counts);
    expect(own.body.summary.zh).toContain('18家企业产品一次合格率提升（平均提升17.8%）');

    // Drill-down: a city inside the regulator's province.
    const city = await stack.request('GET', `/v1/reports?year=${year}&regionCode=330100`, {
      key: regulatorKey,
    });
    expect(city.body.counts.journeys).toBe(25);
    expect(city.body.breakdowns.region.map((g: any) => [g.code, g.name, g.drillable])).toEqual([
      ['330106', '浙江省杭州市西湖区', false],
    ]);
    // Another province is out of the regulator's scope, as if it did not exist.
    const elsewhere = await stack.request('GET', `/v1/reports?year=${year}&regionCode=110000`, {
      key: regulatorKey,
    });
    expect(elsewhere.status).toBe(404);
    const lastYear = await stack.request('GET', `/v1/reports?year=${year - 1}`, { key: regulatorKey });
    expect(lastYear.body.counts.journeys).toBe(0);

    const nation = await stack.request('GET', `/v1/reports?year=${year}`);
    expect(nation.body).toMatchObject({ regionCode: '000000', regionName: '全国' });
    expect(nation.body.breakdowns.region.map((g: any) => [g.code, g.name, g.counts.journeys])).toEqual([
      ['330000', '浙江省', 50],
    ]);
    const csv = await stack.request('GET', `/v1/reports?year=${year}&format=csv`);
    expect(csv.headers.get('content-disposition')).toContain(`report-${year}-000000.csv`);
    expect(csv.body).toContain('"产品一次合格率提升企业数"');
    expect((await stack.request('GET', `/v1/reports?year=abc`)).status).toBe(400);
  });

  it('freezes a report: stored as it answered, with its query and time, listed, never changed, scoped', async () => {
    const made = await stack.request('POST', '/v1/reports/snapshots', {
      key: regulatorKey,
      body: { roundId },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ regionCode: '330000', query: { roundId } });
    expect(Date.parse(made.body.asOf)).toBeGreaterThan(Date.now() - 60_000);
    expect(made.body.report.metrics.firstPassYield.improved).toBe(18);

    // Journeys move on: one enterprise's latest answer is no longer an improvement.
    const pg = new Pg({ connectionString: stack.databaseUrl });
    await pg.connect();
    try {
      await pg.query(
        `UPDATE journeys SET survey = jsonb_set(survey, '{answers,1,metrics,firstPassYield}', '50')
          WHERE round_id = $1 AND uscc = '91330106KNOWN00000'`,
        [roundId],
      );
      // Nothing changes a snapshot, not even SQL.
      await expect(pg.query(`UPDATE report_snapshots SET report = '{}'`)).rejects.toThrow(/immutable/);
      await expect(pg.query(`DELETE FROM report_snapshots`)).rejects.toThrow(/immutable/);
    } finally {
      await pg.end();
    }
    expect((await report()).metrics.firstPassYield.improved).toBe(17);
    const again = await stack.request('GET', `/v1/reports/snapshots/${made.body.id}`, { key: regulatorKey });
    expect(again.status).toBe(200);
    expect(again.body.report.metrics.firstPassYield.improved).toBe(18);
    expect(again.body.report.summary.zh).toContain('18家企业产品一次合格率提升（平均提升17.8%）');
    expect(again.body.asOf).toBe(made.body.asOf);

    const year = made.body.report.generatedAt.slice(0, 4);
    const yearly = await stack.request('POST', '/v1/reports/snapshots', {
      key: regulatorKey,
      body: { year: Number(year), regionCode: '330100' },
    });
    expect(yearly.status).toBe(201);
    expect(yearly.body.query).toEqual({ year: Number(year), regionCode: '330100' });
    const listed = await stack.request('GET', '/v1/reports/snapshots', { key: regulatorKey });
    expect(listed.body.items.map((x: any) => x.id)).toEqual([yearly.body.id, made.body.id]);
    expect(listed.body.items[0]).not.toHaveProperty('report');

    // A city's regulator sees the city's snapshot, not the province's.
    const hangzhou = await stack.request('POST', '/v1/principals', {
      body: {
        role: 'regulator',
        name: '杭州市市场监管局',
        email: 'hz-known@samr.example',
        regionCode: '330100',
      },
    });
    const cityKey = hangzhou.body.apiKey;
    const cityList = await stack.request('GET', '/v1/reports/snapshots', { key: cityKey });
    expect(cityList.body.items.map((x: any) => x.id)).toEqual([yearly.body.id]);
    expect(
      (await stack.request('GET', `/v1/reports/snapshots/${made.body.id}`, { key: cityKey })).status,
    ).toBe(404);
    const bad = await stack.request('POST', '/v1/reports/snapshots', {
      key: regulatorKey,
      body: { roundId, year: 2026 },
    });
    expect(bad.status).toBe(400);
  });
  it('sums the figures in SQL exactly as folding every survey in Node does, whatever the mix, and after journeys change', async () => {
    const round = await ok(
      stack
        .api(regulatorKey)
        .POST('/v1/rounds', { body: { name: '2024年浙江省混合答案批次', regionCode: '330000' } }),
      201,
    );
    // A past campaign year, so the year report of this one stays the known answers' alone.
    await stack.query(`UPDATE rounds SET created_at = '2024-06-01T10:00:00+08:00' WHERE id = $1`, [round.id]);
    await seedSurveys(stack.databaseUrl, round.id, surveyMix(400, bodyIds));
    const db = await new DataSource({
      type: 'postgres',
      url: stack.databaseUrl,
      extra: { max: 3 },
    }).initialize();
    try {
      const repo = new SqlJourneyRepository(db);
      const bodies = new Map(
        (await stack.query(`SELECT id, code, name FROM certification_bodies`)).map((b) => [b.id, b]),
      );
      const both = async (selection: SurveySelection, scope: JourneyScope, regionCode: string) => {
        const options = { regionCode, waveMonths: [3, 6, 12], bodies };
        const within = regionCode === '000000' ? null : regionCode;
        const folded = regulatorReport(await repo.surveyRows(selection, scope, within), options);
        const summed = regulatorReportOfGroups(
          await repo.surveyGroups(selection, scope, within, childDigits(regionCode)),
          options,
        );
        return { folded, summed };
      };
      const cases: [SurveySelection, JourneyScope, string][] = [
        [{ roundId: round.id }, { kind: 'all' }, '330000'],
        [{ roundId: round.id }, { kind: 'division', regionCode: '330100' }, '330100'],
        [{ roundId: round.id }, { kind: 'all' }, '330106'],
        [{ roundId: round.id }, { kind: 'body', certificationBodyId: bodyIds[1] }, '330000'],
        [{ roundId: roundId }, { kind: 'all' }, '330000'],
        [{ year: 2024 }, { kind: 'all' }, '000000'],
      ];
      for (const [selection, scope, region] of cases) {
        const { folded, summed } = await both(selection, scope, region);
        expect(folded.counts.enterprisesAnswered).toBeGreaterThan(0);
        expect(differences(summed, folded)).toEqual([]);
      }

      // The answers' rows follow every write of a survey or a body, as the read-model writer makes them.
      await stack.query(
        `UPDATE journeys SET survey = jsonb_set(survey, '{answers}', (survey -> 'answers') - 0),
                             certification_body_id = $2
          WHERE round_id = $1 AND jsonb_array_length(survey -> 'answers') > 1 AND uscc LIKE '%1'`,
        [round.id, bodyIds[2]],
      );
      const { folded, summed } = await both({ roundId: round.id }, { kind: 'all' }, '330000');
      expect(differences(summed, folded)).toEqual([]);

      // Through the API: the round report answers what the fold gives.
      const served = (await stack.request('GET', `/v1/rounds/${round.id}/report`, { key: regulatorKey }))
        .body;
      expect(differences(pick(served, folded), folded)).toEqual([]);
      const year = (await stack.request('GET', '/v1/reports?year=2024', { key: regulatorKey })).body;
      expect(year.waves.map((w: any) => w.months)).toEqual([3, 6, 12]);
    } finally {
      await db.destroy();
    }
  });
});
