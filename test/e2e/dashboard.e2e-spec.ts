import { waitFor } from '@uplift/devstack';
import { STAGES } from '@uplift/domain';
import { answerEvaluation, openCampaign, toAssistance, toFollowUp, type Campaign } from '../support/campaign';
import { enterprise } from '../support/fixtures';
import { Stack } from '../support/stack';

/**
 * The round dashboard on the real stack, its figures checked against the journeys list's counts and
 * the round report, for four enterprises of a Zhejiang round:
 *   A Hangzhou 西湖区, C3511: certified, one evaluation answered (satisfied, very obvious)
 *   B Ningbo, 3511: in assistance
 *   C Hangzhou 上城区, F5123: left in screening until it stalls (the bureau must act)
 *   D Hangzhou 西湖区, C1311: assigned, left in diagnosis until it stalls (the body must act)
 */
describe('round dashboard', () => {
  let stack: Stack;
  let c: Campaign;
  const a = enterprise('330106', 51, { industryCode: 'C3511' });
  const b = enterprise('330206', 52, { industryCode: '3511' });
  const cc = enterprise('330102', 53, { industryCode: 'F5123' });
  const d = enterprise('330106', 54, { industryCode: 'C1311' });

  const get = async (key: string, path: string) => {
    const answer = await stack.request('GET', path, { key });
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const dashboard = (query = '', key = c.regulatorKey) =>
    get(key, `/v1/rounds/${c.roundId}/dashboard${query}`);
  const listed = async (filters: string, key = c.regulatorKey) =>
    (await get(key, `/v1/journeys/summary?roundId=${c.roundId}${filters}`)).total as number;

  beforeAll(async () => {
    stack = await Stack.start();
    c = await openCampaign(
      stack,
      {
        evaluationOffsets: ['PT1S'],
        deadlines: { screening: 'PT20S', diagnosis: 'PT20S', evaluation: 'PT1H' },
      },
      'dashboard',
    );
    const { id: idA } = await toFollowUp(stack, c, a, {
      outcome: 'certified',
      certificateNumber: 'Q-51',
      issuedOn: '2026-11-01',
    });
    await toAssistance(stack, c, b);
    await answerEvaluation(stack, c, idA, 1, {
      satisfaction: 'satisfied',
      effectiveness: 'very_obvious',
      metrics: { revenue: 1300, sales: 1200, profitMargin: 7, qualityCostRate: 4, firstPassYield: 95 },
    });
    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises: [cc, d] },
    });
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    const idD = `journey-${c.roundId}-${d.uscc}`;
    for (const [path, body] of [
      ['screening-decision', { decision: 'selected' }],
      ['assignment', { certificationBodyId: c.bodyId }],
    ] as const) {
      const answer = await stack.request('POST', `/v1/journeys/${idD}/${path}`, {
        key: c.regulatorKey,
        body,
      });
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
    }
    await waitFor('C and D to stall', async () => (await listed('&stalled=true')) === 2, 120_000);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('counts the funnel and the stalled journeys as the journeys list does', async () => {
    const dash = await dashboard();
    expect(dash.totals.journeys).toBe(4);
    expect(dash.totals.journeys).toBe(await listed(''));
    expect(dash.funnel.map((s: { stage: string }) => s.stage)).toEqual([...STAGES]);
    for (const s of dash.funnel) expect(s.journeys).toBe(await listed(`&stage=${s.stage}`));
    // Everyone reached screening; A (follow-up), B (assistance) and D (diagnosis) got past it.
    expect(dash.funnel.find((s: { stage: string }) => s.stage === 'diagnosis').reached).toBe(3);
    expect(dash.funnel.find((s: { stage: string }) => s.stage === 'follow_up').reached).toBe(1);
    expect(dash.stalled.journeys).toBe(await listed('&stalled=true'));
    for (const { actor, journeys } of dash.stalled.byActor)
      expect(journeys).toBe(await listed(`&stalled=true&mustAct=${actor}`));
    expect(dash.stalled.byActor).toEqual([
      { actor: 'regulator', journeys: 1 },
      { actor: 'certification_body', journeys: 1 },
      { actor: 'enterprise', journeys: 0 },
    ]);
  });

  it('shows the report’s KPIs, as fractions', async () => {
    const dash = await dashboard();
    const report = (await get(c.regulatorKey, `/v1/rounds/${c.roundId}/report`)).totals;
    expect(dash.totals).toMatchObject({
      assisted: report.assisted,
      certified: report.outcomes.certified,
      certifiedShare: report.certifiedShare,
      evaluated: report.evaluated,
      satisfactionRate: report.satisfactionRate,
      effectivenessRate: report.effectivenessRate,
      evaluationsAnswered: 1,
    });
    expect(dash.totals).toMatchObject({
      assisted: 1,
      certifiedShare: 1,
      satisfactionRate: 1,
      effectivenessRate: 1,
    });
  });

  it('breaks down by city with names, drills into a city’s counties, and refuses a region outside the round', async () => {
    const dash = await dashboard();
    expect(dash.region).toMatchObject({ code: '330000', name: '浙江省', rowDigits: 4 });
    expect(
      dash.region.rows.map((r: { code: string; name: string; journeys: number; drillable: boolean }) => [
        r.code,
        r.name,
        r.journeys,
        r.drillable,
      ]),
    ).toEqual([
      ['330100', '杭州市', 3, true],
      ['330200', '宁波市', 1, true],
    ]);
    for (const r of dash.region.rows) {
      expect(r.journeys).toBe(await listed(`&regionCode=${r.code}`));
      expect(r.stalled).toBe(await listed(`&regionCode=${r.code}&stalled=true`));
    }
    const city = await dashboard('?regionCode=330100');
    expect(city.totals.journeys).toBe(3);
    expect(city.region.path).toEqual([
      { code: '330000', name: '浙江省' },
      { code: '330100', name: '杭州市' },
    ]);
    expect(
      city.region.rows.map((r: { code: string; name: string; journeys: number; drillable: boolean }) => [
        r.code,
        r.name,
        r.journeys,
        r.drillable,
      ]),
    ).toEqual([
      ['330102', '上城区', 1, false],
      ['330106', '西湖区', 2, false],
    ]);
    const outside = await stack.request('GET', `/v1/rounds/${c.roundId}/dashboard?regionCode=320100`, {
      key: c.regulatorKey,
    });
    expect(outside.status).toBe(400);
    expect(outside.body.details).toEqual([
      expect.objectContaining({ field: 'regionCode', code: 'division.outside_round' }),
    ]);
  });

  it('breaks down by industry section and by certification body, as the list and the report count them', async () => {
    const dash = await dashboard();
    const report = await get(c.regulatorKey, `/v1/rounds/${c.roundId}/report`);
    expect(dash.industries.map((r: { code: string; journeys: number }) => [r.code, r.journeys])).toEqual(
      report.byIndustry.map((r: { industrySection: string; journeys: number }) => [
        r.industrySection,
        r.journeys,
      ]),
    );
    expect(dash.industries.map((r: { code: string; journeys: number }) => [r.code, r.journeys])).toEqual([
      ['C', 3],
      ['F', 1],
    ]);
    expect(dash.bodies).toEqual([
      expect.objectContaining({
        certificationBodyId: c.bodyId,
        name: expect.any(String),
        journeys: await listed(`&certificationBodyId=${c.bodyId}`),
      }),
      expect.objectContaining({
        certificationBodyId: null,
        name: null,
        journeys: await listed('&certificationBodyId=none'),
      }),
    ]);
  });

  it('shows a certification body only its own journeys', async () => {
    const dash = await dashboard('', c.bodyKey);
    expect(dash.totals.journeys).toBe(3);
    expect(dash.bodies.map((r: { certificationBodyId: string }) => r.certificationBodyId)).toEqual([
      c.bodyId,
    ]);
  });
});
