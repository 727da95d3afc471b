import { Stack } from '../support/stack';
import { ASSIGNED, World } from '../support/world';

/**
 * Issue 12: every error's `details` entry carries a stable `code`, and messages follow
 * `Accept-Language` (zh-CN or en), so API clients get Chinese too, not only the console.
 */
describe('errors in the language asked for', () => {
  let stack: Stack;
  let w: World;
  let screening: string;
  let assigned: string;

  beforeAll(async () => {
    stack = await Stack.start();
    w = await World.create(stack);
    screening = await w.journey();
    assigned = await w.journey(ASSIGNED);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const BAD_DIAGNOSIS = {
    findings: [{ dimension: 'quality_management', category: '', description: '现场审核发现文件控制不足' }],
    baseline: { revenue: -1, sales: 100, profitMargin: 5, qualityCostRate: 101, firstPassYield: 98 },
    colour: 'red',
  };

  const diagnose = (journey: string, body: unknown, language?: string) =>
    stack.request('POST', `/v1/journeys/${journey}/diagnosis`, {
      key: w.keys.bodyAssigned,
      body,
      headers: language ? { 'accept-language': language } : {},
    });

  it('tells the same bad diagnosis in Chinese and in English, by the same codes', async () => {
    const zh = await diagnose(assigned, BAD_DIAGNOSIS, 'zh-CN,zh;q=0.9,en;q=0.8');
    expect(zh.status).toBe(400);
    expect(zh.headers.get('vary')).toMatch(/Accept-Language/i);
    expect(zh.body.message).toBe('请求体校验失败（4 处）');
    const expected = [
      ['findings.0.category', 'string.empty', '不能为空', 'must not be empty'],
      ['baseline.revenue', 'number.amount_negative', '不能为负数', 'must be zero or more'],
      ['baseline.qualityCostRate', 'number.percentage', '应在 0 到 100 之间', 'must be between 0 and 100'],
      ['colour', 'unknown_field', '不是可接受的字段', 'is not a known field'],
    ];
    expect(zh.body.details).toEqual(
      expect.arrayContaining(expected.map(([field, code, message]) => ({ field, code, message }))),
    );
    expect(zh.body.details).toHaveLength(expected.length);

    const en = await diagnose(assigned, BAD_DIAGNOSIS, 'en-US');
    expect(en.status).toBe(400);
    expect(en.body.message).toBe('invalid body');
    expect(en.body.details).toEqual(
      expect.arrayContaining(expected.map(([field, code, , message]) => ({ field, code, message }))),
    );
    // Without the header an API client reads English, as it always has.
    const plain = await diagnose(assigned, BAD_DIAGNOSIS);
    expect(plain.body).toEqual(en.body);
    // Nothing was recorded by any of them.
    const journey = await stack.request('GET', `/v1/journeys/${assigned}`, { key: w.keys.admin });
    expect(journey.body.stage).toBe('diagnosis');
  });

  it('names the stage of a refused step by its Chinese label, and keeps the stage and code as data', async () => {
    const valid = {
      findings: [
        { dimension: 'quality_management', category: '文件控制', description: '现场审核发现文件控制不足' },
      ],
      baseline: { revenue: 100, sales: 100, profitMargin: 5, qualityCostRate: 3, firstPassYield: 98 },
    };
    const zh = await stack.request('POST', `/v1/journeys/${screening}/diagnosis`, {
      key: w.keys.admin,
      body: valid,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.status).toBe(409);
    expect(zh.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: '该企业当前处于“筛选”阶段，不能提交“诊断”',
      details: { currentStage: 'screening', code: 'step.wrong_stage' },
    });
    const en = await stack.request('POST', `/v1/journeys/${screening}/diagnosis`, {
      key: w.keys.admin,
      body: valid,
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.message).toBe('diagnosis is not allowed in stage screening');
    expect(en.body.details).toEqual({ currentStage: 'screening', code: 'step.wrong_stage' });
  });

  it('tells a refused CSV row in Chinese, by column and code', async () => {
    const good = w.enterprise();
    const bad = w.enterprise();
    const csv =
      'uscc,name,regionCode,industryCode,email\n' +
      `${good.uscc},${good.name},${good.regionCode},${good.industryCode},${good.email}\n` +
      `${bad.uscc.slice(0, 17)},${bad.name},99999,${bad.industryCode},${bad.email}\n`;
    const answer = await stack.request('POST', `/v1/rounds/${w.ids.round}/candidates`, {
      key: w.keys.regulatorInScope,
      body: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'accept-language': 'zh' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('vary')).toMatch(/Accept-Language/i);
    expect(answer.body).toMatchObject({ accepted: 1, rejectedRows: 1 });
    expect(answer.body.rejected).toEqual(
      expect.arrayContaining([
        {
          row: 2,
          field: 'uscc',
          column: 'uscc',
          code: 'uscc.length',
          message: '统一社会信用代码应为 18 位',
        },
        {
          row: 2,
          field: 'regionCode',
          column: 'regionCode',
          code: 'division.format',
          message: '应为 6 位 GB/T 2260 行政区划代码',
        },
      ]),
    );
  });

  it('says who may not in Chinese, and who is not signed in', async () => {
    const unauthenticated = await stack.request('GET', '/v1/journeys', {
      key: null,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.message).toMatch(/未登录/);
    const missing = await stack.request('GET', `/v1/journeys/${w.missing.journey}`, {
      key: w.keys.admin,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('未找到该企业的帮扶记录');
  });
});
