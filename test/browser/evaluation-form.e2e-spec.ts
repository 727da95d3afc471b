/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { answer, ok } from '../support/api';
import { launchChromium, seriousA11yViolations, sessionCookie } from '../support/browser';
import { candidate, openCampaign, toFollowUp, type Campaign } from '../support/campaign';
import { Stack } from '../support/stack';

const PASSWORD = 'Zhiliang-Pinggu-2026!';

/** A certification body answers an evaluation on the enterprise's behalf in the console: the survey's questions too. */
describe("the body's evaluation form in a real browser", () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let c: Campaign;
  let journeyId: string;

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;
    c = await openCampaign(
      stack,
      { evaluationOffsets: ['PT1S', 'PT1H'], deadlines: { evaluation: 'PT1H' } },
      'console-eval',
    );
    ({ id: journeyId } = await toFollowUp(stack, c, candidate(31), {
      outcome: 'certified',
      certificateNumber: 'Q-31',
      issuedOn: '2026-11-01',
    }));
    const email = 'auditor-console-eval@cert.example';
    const auditor = await ok(
      stack.api().POST('/v1/principals', {
        body: { role: 'certification_body', name: '王审核', email, certificationBodyId: c.bodyId },
      }),
    );
    for (let tries = 0; tries < 300; tries++) {
      const { body } = await answer(
        stack.api(c.bodyKey).GET('/v1/journeys/{id}', { params: { path: { id: journeyId } } }),
      );
      if (body?.evaluations?.[0]?.openedAt) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    await context.addCookies([await sessionCookie(stack, auditor.id, email, PASSWORD)]);
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('asks follow-up satisfaction, the areas, problems solved and the optional figures, and records them', async () => {
    await page.goto(`${stack.baseUrl}/console/journeys/${journeyId}`);
    const form = page.locator('form#evaluation-1');
    await form.waitFor({ state: 'visible', timeout: 30_000 });
    await form.locator('#evaluation-1_satisfaction').getByText('满意', { exact: true }).click();
    await form.locator('#evaluation-1_effectiveness').getByText('比较明显', { exact: true }).click();
    await form.locator('#evaluation-1_followUpSatisfaction').getByText('一般', { exact: true }).click();
    await form.getByText('质量意识提升', { exact: true }).click();
    await form.getByText('数字化、智能化水平提升', { exact: true }).click();
    await form.locator('#evaluation-1_problemsSolved').fill('3');
    for (const [name, value] of Object.entries({
      revenue: '1300',
      sales: '1210',
      profitMargin: '7',
      qualityCostRate: '3.9',
      firstPassYield: '95.5',
      overseasSales: '88',
    }))
      await form.locator(`#evaluation-1_metrics_${name}`).fill(value);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.getByRole('button', { name: '代企业提交评估' }).click();
    let recorded: any;
    for (let tries = 0; tries < 100 && !recorded; tries++) {
      const { body } = await answer(
        stack.api(c.regulatorKey).GET('/v1/journeys/{id}', { params: { path: { id: journeyId } } }),
      );
      recorded = body?.evaluations?.[0]?.answer;
      if (!recorded) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recorded).toEqual({
      satisfaction: 'satisfied',
      effectiveness: 'fairly_obvious',
      followUpSatisfaction: 'neutral',
      improvements: ['quality_awareness', 'digital_level'],
      problemsSolved: 3,
      metrics: {
        revenue: 1300,
        sales: 1210,
        profitMargin: 7,
        qualityCostRate: 3.9,
        firstPassYield: 95.5,
        overseasSales: 88,
      },
    });
    // The record shows the answers as given.
    await page
      .getByText('质量意识提升、数字化、智能化水平提升')
      .waitFor({ state: 'visible', timeout: 20_000 });
  });
});
