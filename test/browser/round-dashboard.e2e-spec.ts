/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as Pg } from 'pg';
import { projectRoot } from '@uplift/config';
import { ok } from '../support/api';
import {
  launchChromium,
  seriousA11yViolations,
  watchCspViolations,
  sessionCookie,
  visible,
  expectText,
} from '../support/browser';
import { Stack } from '../support/stack';

const PASSWORD = 'Zhiliang-Kanban-2026!';
const SCREENSHOTS = join(projectRoot(), 'docs', 'screenshots');
const COUNTIES = [
  '330102',
  '330106',
  '330108',
  '330110',
  '330203',
  '330212',
  '330302',
  '330304',
  '330402',
  '330502',
  '330602',
];
const SECTIONS = ['C', 'C', 'C', 'F', 'I', 'M', 'E'];
const STAGES = [
  'screening',
  'diagnosis',
  'assistance',
  'certification',
  'follow_up',
  'completed',
  'rejected',
  'withdrawn',
];

type Dashboard = {
  totals: Record<string, number | null>;
  funnel: { stage: string; journeys: number; reached: number | null }[];
  stalled: { journeys: number; byActor: { actor: string; journeys: number }[] };
  region: {
    name: string;
    rows: { code: string; name: string; journeys: number; stalled: number; certified: number }[];
  };
  industries: { code: string | null; journeys: number }[];
  bodies: { name: string | null; journeys: number }[];
};

/**
 * A regulator reads a round's dashboard: 600 journeys seeded straight into the read model (the
 * dashboard reads only that), spread over Zhejiang's cities, industries, two bodies and every stage.
 * Every figure on the page is the API's answer; a click on a city drills into its counties.
 */
describe('the round dashboard in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let roundId: string;
  let regulatorKey: string;
  let csp: string[];
  const errors: string[] = [];

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;
    const admin = stack.api();
    const bodies = await Promise.all(
      [
        { code: 'CNCA-R-2002-511', name: '浙江方圆认证有限公司', email: 'office@fy.example' },
        { code: 'CNCA-R-2002-512', name: '杭州质量检测认证中心', email: 'office@hz.example' },
      ].map((body) => ok(admin.POST('/v1/certification-bodies', { body }))),
    );
    const regulator = await ok(
      admin.POST('/v1/principals', {
        body: {
          role: 'regulator',
          name: '浙江省市场监管局',
          email: 'zj-dashboard@samr.example',
          regionCode: '330000',
        },
      }),
    );
    regulatorKey = regulator.apiKey!;
    const round = await ok(
      stack
        .api(regulatorKey)
        .POST('/v1/rounds', { body: { name: '2026年浙江省小微企业认证提升批次', regionCode: '330000' } }),
      201,
    );
    roundId = round.id;
    const pg = new Pg({ connectionString: stack.databaseUrl });
    await pg.connect();
    try {
      await pg.query(
        `INSERT INTO journeys (id, round_id, uscc, enterprise, region_code, industry_code, industry_section, stage, stalled,
                               due_actors, certification_body_id, version, launched_at, assistance_completed,
                               certification_outcome, evaluations_answered, satisfaction, effectiveness)
         SELECT 'journey-' || $1::text || '-SEED' || g, $1::uuid, '91330106DASH' || lpad(g::text, 6, '0'),
                jsonb_build_object('name', '示例企业' || g), ($2::text[])[1 + g % 11], ($3::text[])[1 + g % 7] || '3511',
                ($3::text[])[1 + g % 7], st, g % 5 = 0 AND st IN ('screening', 'diagnosis', 'assistance', 'follow_up'),
                CASE st WHEN 'screening' THEN '{regulator}' WHEN 'follow_up' THEN '{enterprise,certification_body}'
                        WHEN 'diagnosis' THEN '{certification_body}' WHEN 'assistance' THEN '{certification_body}'
                        ELSE '{}' END::text[],
                CASE WHEN st IN ('screening', 'rejected') THEN NULL WHEN g % 3 = 0 THEN $5::uuid ELSE $6::uuid END,
                2, now(), st IN ('certification', 'follow_up', 'completed'),
                CASE WHEN st IN ('follow_up', 'completed') THEN (ARRAY['certified', 'certified', 'not_certified'])[1 + g % 3] END,
                CASE WHEN st IN ('follow_up', 'completed') THEN 1 + g % 2 ELSE 0 END,
                CASE WHEN st IN ('follow_up', 'completed') THEN (ARRAY['satisfied', 'fairly_satisfied', 'neutral'])[1 + g % 3] END,
                CASE WHEN st IN ('follow_up', 'completed') THEN (ARRAY['very_obvious', 'fairly_obvious', 'not_obvious', 'very_obvious'])[1 + g % 4] END
           FROM generate_series(1, 600) AS g,
                LATERAL (SELECT ($4::text[])[1 + (g * 7 + g / 11) % 8] AS st) AS s`,
        [roundId, COUNTIES, SECTIONS, STAGES, bodies[0].id, bodies[1].id],
      );
    } finally {
      await pg.end();
    }
    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
    });
    await context.addCookies([
      await sessionCookie(stack, regulator.id, 'zj-dashboard@samr.example', PASSWORD),
    ]);
    page = await context.newPage();
    csp = watchCspViolations(page);
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  const api = async (query = ''): Promise<Dashboard> => {
    const a = await stack.request('GET', `/v1/rounds/${roundId}/dashboard${query}`, { key: regulatorKey });
    expect(a.status).toBe(200);
    return a.body as Dashboard;
  };
  /** A table's body rows as the cells' text. */
  const rowsOf = (testId: string) =>
    page
      .getByTestId(testId)
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')),
      );
  const pct = (rate: number | null) =>
    rate === null ? '—' : `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`;

  it('shows the API’s KPIs, funnel, stalled and breakdowns, with charts that have a text equivalent', async () => {
    const d = await api();
    await page.goto(`${stack.baseUrl}/console/rounds/${roundId}`);
    await visible(page.getByRole('heading', { name: '2026年浙江省小微企业认证提升批次' })).catch(
      async (e) => {
        await page.screenshot({ path: '/tmp/dash-fail.png' });
        throw new Error(`${String(e)}\npage errors: ${errors.join('\n')}\nurl: ${page.url()}`);
      },
    );
    await visible(page.getByTestId('region-table').locator('tbody tr.ant-table-row'));
    await expectText(page.getByTestId('kpi-assisted'), `${d.totals.assisted}`);
    await expectText(page.getByTestId('kpi-certified-share'), pct(d.totals.certifiedShare));
    await expectText(page.getByTestId('kpi-satisfaction'), pct(d.totals.satisfactionRate));
    await expectText(page.getByTestId('kpi-effectiveness'), pct(d.totals.effectivenessRate));
    await expectText(page.getByTestId('kpi-evaluations'), `${d.totals.evaluationsAnswered}`);
    expect(d.totals.journeys).toBe(600);

    expect(await rowsOf('funnel-table')).toEqual(
      d.funnel.map((s) => [
        expect.any(String),
        String(s.journeys),
        s.reached === null ? '—' : String(s.reached),
      ]),
    );
    expect((await rowsOf('funnel-table'))[0][0]).toBe('筛选');
    expect(await rowsOf('stalled-table')).toEqual([
      ['监管部门', String(d.stalled.byActor[0].journeys)],
      ['认证机构', String(d.stalled.byActor[1].journeys)],
      ['企业', String(d.stalled.byActor[2].journeys)],
    ]);
    const regions = await rowsOf('region-table');
    expect(regions.map((r) => [r[0], r[1], r[2], r[4], r[6]])).toEqual(
      d.region.rows.map((r) => [r.name, r.code, String(r.journeys), String(r.certified), String(r.stalled)]),
    );
    expect(regions.map((r) => r[0])).toContain('杭州市');
    const industries = await rowsOf('industry-table');
    expect(industries.map((r) => [r[1], r[2]])).toEqual(
      d.industries.map((r) => [r.code ?? '—', String(r.journeys)]),
    );
    expect(industries.map((r) => r[0])).toContain('制造业');
    const bodies = await rowsOf('body-table');
    expect(bodies.map((r) => [r[0], r[2]])).toEqual(
      d.bodies.map((b) => [b.name ?? '尚未指派', String(b.journeys)]),
    );
    // Each chart says what it shows in words; ECharts draws on a canvas.
    // The charts' code arrives after the tables (its own chunk): wait for the fifth before counting.
    const charts = page.locator('[role="img"][aria-label*="图表"]');
    await charts.nth(4).waitFor({ timeout: 60_000 });
    expect(await charts.count()).toBe(5);
    await visible(charts.first().locator('canvas'));

    await page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
    await page.screenshot({ path: join(SCREENSHOTS, 'round-dashboard.png') });

    // The region table as a spreadsheet: Chinese headers, a byte-order mark, the same figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('.ant-card', { has: page.getByRole('heading', { name: '按地区' }) })
        .getByRole('button', { name: '导出 CSV' })
        .click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF"地区","代码","企业数（家）","筛选（家）"')).toBe(true);
    expect(csv).toContain(`"杭州市","330100",${d.region.rows.find((r) => r.code === '330100')!.journeys},`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(csp).toEqual([]);
  });

  it('drills from the province into a city’s counties and back up by the breadcrumb', async () => {
    await page.getByTestId('region-table').getByRole('button', { name: '杭州市' }).click();
    await page.waitForURL(/region=330100/);
    const city = await api('?regionCode=330100');
    await expectText(page.getByTestId('region-table'), '西湖区');
    expect((await rowsOf('region-table')).map((r) => [r[0], r[2]])).toEqual(
      city.region.rows.map((r) => [r.name, String(r.journeys)]),
    );
    await expectText(page.getByTestId('kpi-assisted'), `${city.totals.assisted}`);
    // The regulator's figures below follow the drill: the city's own, not the whole round's.
    const cityReport = await stack.request('GET', `/v1/rounds/${roundId}/report?regionCode=330100`, {
      key: regulatorKey,
    });
    expect(cityReport.status).toBe(200);
    await expectText(page.getByTestId('regulator-figures'), '杭州市（本批次、您的管辖范围内）');
    await expectText(
      page.getByTestId('kpi-enterprises-assisted'),
      `${cityReport.body.counts.enterprisesAssisted}`,
    );
    expect(cityReport.body.counts.enterprisesAssisted).toBe(city.totals.assisted);
    expect(await page.getByTestId('region-table').getByRole('button', { name: '西湖区' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('navigation', { name: '地区层级' }).getByRole('button', { name: '浙江省' }).click();
    await expectText(page.getByTestId('region-table'), '宁波市');
    expect(page.url()).not.toContain('region=');
  });
});
