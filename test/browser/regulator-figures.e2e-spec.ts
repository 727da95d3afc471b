/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ok } from '../support/api';
import { launchChromium, seriousA11yViolations, watchCspViolations, sessionCookie } from '../support/browser';
import { seedKnownAnswers } from '../support/known-answers';
import { Stack } from '../support/stack';

const PASSWORD = 'Zhiliang-Tongbao-2026!';

/**
 * The round dashboard's regulator's figures over the known-answer dataset (test/support/known-answers.ts):
 * the counts of a notice, the metric and area tables, and the paragraph with its copy button.
 */
describe("the round dashboard's regulator's figures in a real browser", () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let roundId: string;
  let csp: string[];

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;
    const admin = stack.api();
    const bodyIds: string[] = [];
    for (const i of [0, 1, 2]) {
      const body = await ok(
        admin.POST('/v1/certification-bodies', {
          body: { code: `CNCA-R-2002-70${i}`, name: `认证机构${i}`, email: `office${i}@figures.example` },
        }),
      );
      bodyIds.push(body.id);
    }
    const email = 'zj-figures@samr.example';
    const regulator = await ok(
      admin.POST('/v1/principals', {
        body: { role: 'regulator', name: '浙江省市场监管局', email, regionCode: '330000' },
      }),
    );
    const round = await ok(
      stack
        .api(regulator.apiKey!)
        .POST('/v1/rounds', { body: { name: '2026年浙江省通报批次', regionCode: '330000' } }),
      201,
    );
    roundId = round.id;
    await seedKnownAnswers(stack.databaseUrl, roundId, bodyIds);
    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await context.addCookies([await sessionCookie(stack, regulator.id, email, PASSWORD)]);
    page = await context.newPage();
    csp = watchCspViolations(page);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('shows the counts, the metric and area tables, and copies the paragraph', async () => {
    await page.goto(`${stack.baseUrl}/console/rounds/${roundId}`);
    const panel = page.getByTestId('regulator-figures');
    await panel.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.getByTestId('kpi-bodies').innerText()).toContain('3');
    expect(await page.getByTestId('kpi-industries').innerText()).toContain('4');
    expect(await page.getByTestId('kpi-enterprises-assisted').innerText()).toContain('48');
    expect(await page.getByTestId('kpi-certificates').innerText()).toContain('30');
    expect(await page.getByTestId('kpi-follow-up').innerText()).toContain('40.00%');
    const fpy = page.getByTestId('metric-table').locator('tr', { hasText: '产品一次合格率' });
    expect((await fpy.innerText()).split(/\s+/)).toEqual(expect.arrayContaining(['18', '17.80%', '7.51%']));
    expect(
      await page.getByTestId('area-table').locator('tr', { hasText: '质量意识提升' }).innerText(),
    ).toContain('90.00%');
    const paragraph = await page.getByTestId('report-summary').innerText();
    expect(paragraph).toContain(
      '3家认证机构为4个行业的48家小微企业实施了精准帮扶，其中，90.00%的企业反馈提升成效“非常明显”或“比较明显”。',
    );
    await page.getByTestId('copy-summary').click();
    await page.getByText('已复制通报文字').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(paragraph);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(csp).toEqual([]);
  });
});
