/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { launchChromium, seriousA11yViolations } from '../support/browser';
import { candidate, linkIn, openCampaign, toFollowUp } from '../support/campaign';
import { Stack } from '../support/stack';

/** The enterprise opens its emailed link on a phone, fills the form in Chinese, and the journey moves on. */
describe('the evaluation page in a real browser', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    // Both started together; whichever came up is kept for afterAll even if the other failed.
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opens the emailed link, submits the form, and the evaluation is recorded', async () => {
    const c = await openCampaign(
      stack,
      { evaluationOffsets: ['PT1S', 'PT1H'], deadlines: { evaluation: 'PT1H' } },
      'browser',
    );
    const e = candidate(21);
    const { id } = await toFollowUp(stack, c, e, {
      outcome: 'certified',
      certificateNumber: '00126Q30002R0S',
      issuedOn: '2026-11-01',
    });
    const [email] = await stack.mail.waitFor((m) => JSON.stringify(m.to).includes(e.email));
    const { url, token } = linkIn(email.text);
    const link = url.replace(/^https?:\/\/[^/]+/, stack.baseUrl);

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await expect(page.title()).resolves.toContain('跟踪评估');
    expect(await page.textContent('#enterprise-name')).toBe(e.name);
    expect(await page.textContent('#round-name')).toBe('2026年浙江省browser批次');
    expect(await page.textContent('.baseline[data-metric="revenue"]')).toBe('1200');
    // Nothing fits wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Opening the page does not use the link up: a submission missing answers is refused in the page.
    await page.click('#submit');
    expect(await page.textContent('#status')).toContain('请完成所有必填项');

    // The survey's further questions, in the evaluation's own words.
    expect(await page.textContent('body')).toContain('您对认证机构持续跟踪服务的满意度');
    expect(await page.textContent('body')).toContain('工作环境更加整洁安全');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.check('input[name="satisfaction"][value="fairly_satisfied"]');
    await page.check('input[name="effectiveness"][value="fairly_obvious"]');
    await page.check('input[name="followUpSatisfaction"][value="neutral"]');
    await page.check('input[name="improvements"][value="quality_awareness"]');
    await page.check('input[name="improvements"][value="cost_reduced"]');
    await page.fill('#problems-solved', '4');
    for (const [name, value] of Object.entries({
      revenue: '1300',
      sales: '1210',
      profitMargin: '7',
      qualityCostRate: '3.9',
      firstPassYield: '95.5',
      repurchaseRate: '42',
    })) {
      await page.fill(`#metric-${name}`, value);
    }
    await page.click('#submit');
    await page.waitForSelector('#status.ok');
    expect(await page.textContent('#status')).toContain('提交成功');

    const journey = (await stack.request('GET', `/v1/journeys/${id}`, { key: c.regulatorKey })).body;
    expect(journey.evaluations[0]).toMatchObject({
      via: 'link',
      answer: {
        satisfaction: 'fairly_satisfied',
        effectiveness: 'fairly_obvious',
        followUpSatisfaction: 'neutral',
        improvements: ['quality_awareness', 'cost_reduced'],
        problemsSolved: 4,
        metrics: { revenue: 1300, firstPassYield: 95.5, repurchaseRate: 42 },
      },
    });
    // Overseas sales left empty: not asked, so not sent.
    expect(journey.evaluations[0].answer.metrics).not.toHaveProperty('overseasSales');

    await page.goto(link);
    expect(await page.textContent('#message-title')).toBe('该评估链接已使用');
    const english = await page.goto(`${stack.baseUrl}/evaluate/${token}?lang=en`);
    expect(english?.status()).toBe(410);
    expect(await page.textContent('#message-title')).toBe('This evaluation link has been used');
    await context.close();
  });
});
