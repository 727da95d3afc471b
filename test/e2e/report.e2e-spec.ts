import { parse } from 'csv-parse/sync';
import {
  answerEvaluation,
  BETTER,
  METRICS,
  openCampaign,
  toFollowUp,
  type Campaign,
} from '../support/campaign';
import { enterprise } from '../support/fixtures';
import { Stack } from '../support/stack';

/**
 * The round report against figures worked out by hand for four enterprises:
 *   A Hangzhou, C3511: certified, three evaluations, latest "fairly satisfied" / "very obvious",
 *     revenue 1200 → 1320 (+120, +10 %)
 *   B Ningbo, 3511 (section C): not certified, one evaluation "dissatisfied" / "not obvious",
 *     revenue 1000 → 950 (−50, −5 %)
 *   C Hangzhou, F5123: declined certification, no evaluation yet
 *   D Hangzhou, C1311: rejected at screening, never assigned
 */
describe('round report', () => {
  let stack: Stack;
  let c: Campaign;
  const a = enterprise('330106', 41, { industryCode: 'C3511' });
  const b = enterprise('330206', 42, { industryCode: '3511' });
  const cc = enterprise('330106', 43, { industryCode: 'F5123' });
  const d = enterprise('330102', 44, { industryCode: 'C1311' });

  beforeAll(async () => {
    stack = await Stack.start();
    c = await openCampaign(
      stack,
      { evaluationOffsets: ['PT1S', 'PT2S', 'PT3S'], deadlines: { evaluation: 'PT1H' } },
      'report',
    );
    const { id: idA } = await toFollowUp(stack, c, a, {
      outcome: 'certified',
      certificateNumber: 'Q-41',
      issuedOn: '2026-11-01',
    });
    const { id: idB } = await toFollowUp(
      stack,
      c,
      b,
      { outcome: 'not_certified', reason: '体系运行不足三个月' },
      { ...METRICS, revenue: 1000 },
    );
    await toFollowUp(stack, c, cc, { outcome: 'declined' });
    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises: [d] },
    });
    await stack.request('POST', `/v1/journeys/journey-${c.roundId}-${d.uscc}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'rejected', reason: '不符合小微企业标准' },
    });
    await answerEvaluation(stack, c, idA, 1, {
      satisfaction: 'satisfied',
      effectiveness: 'fairly_obvious',
      metrics: METRICS,
    });
    await answerEvaluation(stack, c, idA, 2, {
      satisfaction: 'neutral',
      effectiveness: 'not_obvious',
      metrics: METRICS,
    });
    await answerEvaluation(stack, c, idA, 3, {
      satisfaction: 'fairly_satisfied',
      effectiveness: 'very_obvious',
      metrics: { ...BETTER, revenue: 1320 },
    });
    await answerEvaluation(stack, c, idB, 1, {
      satisfaction: 'dissatisfied',
      effectiveness: 'not_obvious',
      metrics: { ...METRICS, revenue: 950 },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('computes the campaign KPIs for the round', async () => {
    const report = await stack.request('GET', `/v1/rounds/${c.roundId}/report`, { key: c.regulatorKey });
    expect(report.status).toBe(200);
    const t = report.body.totals;
    expect(t.journeys).toBe(4);
    expect(t.stages).toMatchObject({ completed: 1, follow_up: 2, rejected: 1, screening: 0 });
    expect(t.outcomes).toEqual({ certified: 1, not_certified: 1, declined: 1 });
    expect(t.assisted).toBe(3);
    expect(t.evaluated).toBe(2);
    expect(t.certifiedShare).toBe(0.3333);
    expect(t.satisfactionRate).toBe(0.5);
    expect(t.effectivenessRate).toBe(0.5);
    expect(t.metricChanges.revenue).toEqual({ journeys: 2, averageChange: 35, averageChangePercent: 2.5 });
    // Profit margin: A 6.5 → 7.1 (+0.6, +9.23 %), B unchanged.
    expect(t.metricChanges.profitMargin).toEqual({
      journeys: 2,
      averageChange: 0.3,
      averageChangePercent: 4.62,
    });
  });

  it('breaks the figures down by city, industry section and certification body', async () => {
    const r = (await stack.request('GET', `/v1/rounds/${c.roundId}/report`, { key: c.regulatorKey })).body;
    expect(r.byRegion.map((g: any) => [g.regionCode, g.journeys, g.evaluated, g.satisfactionRate])).toEqual([
      ['330100', 3, 1, 1],
      ['330200', 1, 1, 0],
    ]);
    expect(r.byIndustry.map((g: any) => [g.industrySection, g.journeys, g.outcomes.certified])).toEqual([
      ['C', 3, 1],
      ['F', 1, 0],
    ]);
    const byBody = r.byCertificationBody.map((g: any) => [g.code, g.journeys, g.certifiedShare]);
    expect(byBody).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/^CNCA-R-/), 3, 0.3333],
        [null, 1, null],
      ]),
    );
  });

  it('gives the same figures as CSV, and only what a regulator may see', async () => {
    const csv = await stack.request('GET', `/v1/rounds/${c.roundId}/report?format=csv`, {
      key: c.regulatorKey,
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    // Chinese headers (API.md, "Reports and the evaluation questionnaire"), the same figures.
    const total = rows.find((x) => x['维度'] === '总计（最近一次评估）')!;
    expect(total).toMatchObject({
      企业数: '4',
      获证数: '1',
      满意率: '0.5',
      '满意率(%)': '50',
      // Revenue: A +10 %, B −5 %.
      '营业收入平均变化(%)': '2.5',
    });
    expect(rows.filter((x) => x['维度'] === '地区').map((x) => x['代码'])).toEqual(['330100', '330200']);

    const ningbo = await stack.request('POST', '/v1/principals', {
      body: { role: 'regulator', name: '宁波市市场监管局', email: 'nb@samr.example', regionCode: '330200' },
    });
    const scoped = await stack.request('GET', `/v1/rounds/${c.roundId}/report`, { key: ningbo.body.apiKey });
    expect(scoped.body.totals).toMatchObject({ journeys: 1, evaluated: 1, satisfactionRate: 0 });
  });
});
