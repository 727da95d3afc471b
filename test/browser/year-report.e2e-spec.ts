/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@uplift/config';
import { divisionName } from '@uplift/domain/division-names';
import { ok } from '../support/api';
import {
  expectText,
  seriousA11yViolations,
  sessionCookie,
  startStackAndChromium,
  tableRows,
  visible,
  watchCspViolations,
} from '../support/browser';
import { seedKnownAnswers } from '../support/known-answers';
import type { Stack } from '../support/stack';

const PASSWORD = 'Zhiliang-Niandu-2026!';
const EMAIL = 'zj-year@samr.example';
const SCREENSHOTS = join(projectRoot(), 'docs', 'screenshots');

type Share = { percent: number | null; of: number };
type Figures = {
  counts: Record<'journeys' | 'enterprisesAssisted' | 'bodies' | 'industries' | 'certificates', number>;
  answered: number;
  satisfactionRate: Share;
  effectivenessRate: Share;
  followUpSatisfactionRate: Share;
  problemsSolved: { total: number };
  metrics: Record<string, { improved: number; averageImprovement: number | null }>;
};
type Row = Figures & { code: string | null; name: string | null; nameEn: string | null };
type YearReport = Figures & {
  year: number;
  regionCode: string;
  rounds: number;
  improvements: { areas: { name: { zh: string }; percent: number | null }[] };
  latest: { all: Figures };
  waves: { months: number | null; label: { zh: string }; all: Figures }[];
  methods: Record<string, { zh: string }>;
  summary: { zh: string; en: string };
  breakdowns: { region: Row[]; industry: Row[]; body: Row[] };
};

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`);

/**
 * A provincial bureau reads its campaign year: the fifty enterprises of the known-answer dataset
 * (test/support/known-answers.ts) with their evaluations, in two counties of two cities (杭州市西湖区,
 * 宁波市北仑区). Every figure on the page is the API's answer; a click drills province → city → county
 * and the breadcrumb goes back up; the whole report downloads as the API writes it.
 */
describe('the year report page in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let regulatorKey: string;
  let csp: string[];
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format());

  beforeAll(async () => {
    ({ stack, browser } = await startStackAndChromium());
    const admin = stack.api();
    const bodyIds: string[] = [];
    for (const i of [0, 1, 2]) {
      const body = await ok(
        admin.POST('/v1/certification-bodies', {
          body: { code: `CNCA-R-2002-80${i}`, name: `年度认证机构${i}`, email: `office${i}@year.example` },
        }),
      );
      bodyIds.push(body.id);
    }
    const regulator = await ok(
      admin.POST('/v1/principals', {
        body: { role: 'regulator', name: '浙江省市场监管局', email: EMAIL, regionCode: '330000' },
      }),
    );
    regulatorKey = regulator.apiKey!;
    const round = await ok(
      stack
        .api(regulatorKey)
        .POST('/v1/rounds', { body: { name: `${year}年浙江省提升批次`, regionCode: '330000' } }),
      201,
    );
    await seedKnownAnswers(stack.databaseUrl, round.id, bodyIds);
    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
      acceptDownloads: true,
    });
    await context.addCookies([await sessionCookie(stack, regulator.id, EMAIL, PASSWORD)]);
    page = await context.newPage();
    csp = watchCspViolations(page);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  const api = async (regionCode?: string): Promise<YearReport> => {
    const query = `year=${year}${regionCode ? `&regionCode=${regionCode}` : ''}`;
    const a = await stack.request('GET', `/v1/reports?${query}`, { key: regulatorKey });
    expect(a.status).toBe(200);
    return a.body as YearReport;
  };
  /** A table's body rows as the cells' text (antd's expand column, when there is one, included). */
  const rowsOf = (testId: string) => tableRows(page, testId);
  /** A breakdown's rows as its table shows them: name, code, then its figures in the page's order. */
  const expected = (rows: Row[], nameOf: (r: Row) => string) =>
    rows.map((r) => [
      nameOf(r),
      r.code ?? '—',
      String(r.counts.journeys),
      String(r.counts.enterprisesAssisted),
      String(r.counts.certificates),
      String(r.answered),
      pct(r.satisfactionRate.percent),
      pct(r.effectivenessRate.percent),
      pct(r.followUpSatisfactionRate.percent),
      String(r.problemsSolved.total),
    ]);

  it('is in the navigation and shows the year’s figures, paragraph, waves and breakdowns as the API answers them', async () => {
    const r = await api();
    expect(r).toMatchObject({ regionCode: '330000', rounds: 1 });
    expect(r.counts.journeys).toBe(50);

    await page.goto(`${stack.baseUrl}/console/inbox`);
    await page.getByRole('menuitem', { name: '年度报告' }).getByRole('link').click();
    await page.waitForURL(/\/console\/reports$/);
    await visible(page.getByTestId('region-table').locator('tbody tr.ant-table-row'));
    expect(await page.getByTestId('report-year').innerText()).toContain(`${year}年`);

    await expectText(page.getByTestId('kpi-bodies'), String(r.counts.bodies));
    await expectText(page.getByTestId('kpi-industries'), String(r.counts.industries));
    await expectText(page.getByTestId('kpi-enterprises-assisted'), String(r.counts.enterprisesAssisted));
    await expectText(page.getByTestId('kpi-certificates'), String(r.counts.certificates));
    await expectText(page.getByTestId('kpi-satisfaction'), pct(r.satisfactionRate.percent));
    await expectText(page.getByTestId('kpi-effectiveness'), pct(r.effectivenessRate.percent));
    await expectText(page.getByTestId('kpi-follow-up'), pct(r.followUpSatisfactionRate.percent));
    // The known answers, so the page cannot agree with an API that is wrong.
    expect([
      r.counts.bodies,
      r.counts.industries,
      r.counts.enterprisesAssisted,
      r.counts.certificates,
    ]).toEqual([3, 4, 48, 30]);
    expect(r.followUpSatisfactionRate.percent).toBe(40);

    expect(await page.getByTestId('report-summary').innerText()).toBe(r.summary.zh);
    expect(await page.getByTestId('report-summary-en').innerText()).toBe(r.summary.en);
    expect(await page.getByTestId('report-summary-en').getAttribute('lang')).toBe('en');
    const fpy = (
      await page.getByTestId('metric-table').locator('tr', { hasText: '产品一次合格率' }).innerText()
    )
      .split(/\s+/)
      .filter(Boolean);
    expect(fpy).toEqual(
      expect.arrayContaining([
        String(r.metrics.firstPassYield.improved),
        pct(r.metrics.firstPassYield.averageImprovement),
      ]),
    );
    expect(await page.getByTestId('figure-methods').innerText()).toContain(r.methods.totalChange.zh);
    for (const area of r.improvements.areas)
      expect(
        await page.getByTestId('area-table').locator('tr', { hasText: area.name.zh }).innerText(),
      ).toContain(pct(area.percent));

    // Each wave, then each enterprise's latest; a row opens onto its own metric table.
    const waves = await rowsOf('wave-table');
    expect(waves.map((w) => w.slice(1, 3).concat(w.slice(5, 8)))).toEqual(
      [
        ...r.waves.map((w) => ({ label: w.label.zh, f: w.all })),
        { label: '每家企业最新一次', f: r.latest.all },
      ].map(({ label, f }) => [
        label,
        String(f.answered),
        pct(f.satisfactionRate.percent),
        pct(f.effectivenessRate.percent),
        pct(f.followUpSatisfactionRate.percent),
      ]),
    );
    // The two waves answered, and the third the round asks (at 12 months), shown unanswered.
    expect(r.waves.map((w) => [w.months, w.all.answered > 0])).toEqual([
      [3, true],
      [6, true],
      [12, false],
    ]);

    expect(await rowsOf('region-table')).toEqual(
      expected(r.breakdowns.region, (x) => divisionName(x.code!)!),
    );
    expect((await rowsOf('region-table')).map((x) => x[0])).toEqual(['杭州市', '宁波市']);
    expect(await rowsOf('industry-table')).toEqual(expected(r.breakdowns.industry, (x) => x.name!));
    expect(await rowsOf('body-table')).toEqual(expected(r.breakdowns.body, (x) => x.name!));
    expect(r.breakdowns.body.map((b) => b.name).sort()).toEqual([
      '年度认证机构0',
      '年度认证机构1',
      '年度认证机构2',
    ]);

    // Three charts, each saying in words what it shows (ECharts draws on a canvas, in its own chunk).
    const charts = page.locator('[role="img"][aria-label*="图表"]');
    await charts.nth(2).waitFor({ timeout: 60_000 });
    expect(await charts.count()).toBe(3);
    await visible(charts.first().locator('canvas'));
    await page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
    await page.screenshot({ path: join(SCREENSHOTS, 'year-report.png'), fullPage: false });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('downloads the whole report as the API writes it, CSV and Excel', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    expect(csv.suggestedFilename()).toBe(`report-${year}-330000.csv`);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text).toContain('"产品一次合格率提升企业数"');
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-xlsx').click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe(`report-${year}-330000.xlsx`);
    // A workbook is a zip: "PK".
    expect(
      readFileSync(await xlsx.path())
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
  });

  it('drills province → city → county by a row and a bar, and goes back up by the breadcrumb', async () => {
    await page.getByTestId('region-table').getByRole('button', { name: '杭州市' }).click();
    await page.waitForURL(/region=330100/);
    const city = await api('330100');
    await expectText(page.getByTestId('region-table'), '西湖区');
    expect(await rowsOf('region-table')).toEqual(
      expected(city.breakdowns.region, (x) => divisionName(x.code!)!),
    );
    await expectText(page.getByTestId('kpi-enterprises-assisted'), String(city.counts.enterprisesAssisted));
    expect(city.counts.journeys).toBe(25);

    // The county by its bar: the only bar of the city's one county, in the chart's middle.
    const chart = page
      .locator('.ant-card', { has: page.getByRole('heading', { name: '按地区' }) })
      .locator('canvas');
    await visible(chart);
    const box = (await chart.first().boundingBox())!;
    // 6 px above the axis (the grid leaves 64 px below it), in the middle: the middle bar of three.
    await chart.first().click({ position: { x: box.width / 2, y: box.height - 70 } });
    await page.waitForURL(/region=330106/);
    const county = await api('330106');
    // The city has only this county, so its figures are the city's: the breadcrumb says which is shown.
    const crumbs = page.getByRole('navigation', { name: '地区层级' });
    await crumbs.locator('[aria-current="page"]', { hasText: '西湖区' }).waitFor({ timeout: 20_000 });
    expect(await crumbs.innerText()).toMatch(/浙江省\s*\/\s*杭州市\s*\/\s*西湖区/);
    await page.locator('section[aria-busy="false"]').first().waitFor();
    expect(await page.getByTestId('report-summary').innerText()).toBe(county.summary.zh);
    await expectText(page.getByTestId('kpi-enterprises-assisted'), String(county.counts.enterprisesAssisted));
    expect(await rowsOf('region-table')).toEqual(
      expected(county.breakdowns.region, (x) => divisionName(x.code!)!),
    );
    // The county is the last level: its own row opens nothing further.
    expect(await page.getByTestId('region-table').getByRole('button', { name: '西湖区' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await crumbs.getByRole('button', { name: '杭州市' }).click();
    await page.waitForURL(/region=330100/);
    await crumbs.locator('[aria-current="page"]', { hasText: '杭州市' }).waitFor({ timeout: 20_000 });
    await visible(page.getByTestId('region-table').getByRole('button', { name: '西湖区' }));
    await crumbs.getByRole('button', { name: '浙江省' }).click();
    await expectText(page.getByTestId('region-table'), '宁波市');
    expect(page.url()).not.toContain('region=');
    expect(csp).toEqual([]);
  });

  it('reads in English: its words, GB/T 4754 names in English, both paragraphs still side by side', async () => {
    const r = await api();
    await page.goto(`${stack.baseUrl}/console/reports`);
    await page.getByTestId('language-switch').click();
    await visible(page.getByRole('heading', { level: 1, name: 'Campaign year report' }));
    await expectText(page.getByTestId('industry-table'), r.breakdowns.industry[0].nameEn!);
    expect((await rowsOf('industry-table')).map((x) => x[0])).toEqual(
      r.breakdowns.industry.map((x) => x.nameEn),
    );
    expect(await page.getByTestId('report-summary').innerText()).toBe(r.summary.zh);
    expect(await page.getByTestId('report-summary-en').innerText()).toBe(r.summary.en);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByTestId('language-switch').click();
    await visible(page.getByRole('heading', { level: 1, name: '提升行动年度报告' }));
  });

  it('reads on a phone: nothing serious for axe at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.baseUrl}/console/reports`);
    await visible(page.getByTestId('region-table').locator('tbody tr.ant-table-row'));
    await page.getByRole('img', { name: /按地区图表/ }).waitFor({ timeout: 60_000 });
    // Nothing wider than the phone: wide tables scroll in their own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(csp).toEqual([]);
  });
});
