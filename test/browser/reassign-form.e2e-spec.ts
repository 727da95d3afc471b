/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, seriousA11yViolations, sessionCookie, visible } from '../support/browser';
import { ok } from '../support/api';
import { enterprise } from '../support/fixtures';
import { Stack } from '../support/stack';

const PASSWORD = 'Zhiliang-Tisheng-2026!';

/**
 * A regulator moves a journey from a body that lost its accreditation to another, from the journey's
 * page: the form offers the other bodies by name, and the page then shows the new body.
 */
describe('moving a journey to another body in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let journeyId: string;
  let newBodyId: string;
  const enterpriseData = enterprise('330106', 4201, { name: '杭州钱塘阀门有限公司' });

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;

    const admin = stack.api();
    const [oldBody, newBody] = await Promise.all(
      [
        { code: 'CNCA-R-2002-421', name: '浙江甲认证有限公司', email: 'office@jia.example' },
        { code: 'CNCA-R-2002-422', name: '浙江乙检测认证有限公司', email: 'office@yi.example' },
      ].map((body) => ok(admin.POST('/v1/certification-bodies', { body }))),
    );
    newBodyId = newBody.id;
    const regulator = await ok(
      admin.POST('/v1/principals', {
        body: {
          role: 'regulator',
          name: '浙江省市场监管局',
          email: 'zj-reassign@samr.example',
          regionCode: '330000',
        },
      }),
    );
    const reg = stack.api(regulator.apiKey!);
    const round = await ok(
      reg.POST('/v1/rounds', { body: { name: '2026年浙江省第二批', regionCode: '330000' } }),
      201,
    );
    await ok(
      reg.POST('/v1/rounds/{id}/candidates', {
        params: { path: { id: round.id } },
        body: { enterprises: [enterpriseData] },
      }),
      200,
    );
    await stack.waitForLaunch(round.id, regulator.apiKey!);
    journeyId = `journey-${round.id}-${enterpriseData.uscc}`;
    const inJourney = { params: { path: { id: journeyId } } };
    await ok(
      reg.POST('/v1/journeys/{id}/screening-decision', { ...inJourney, body: { decision: 'selected' } }),
    );
    await ok(
      reg.POST('/v1/journeys/{id}/assignment', { ...inJourney, body: { certificationBodyId: oldBody.id } }),
    );

    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
    });
    await context.addCookies([
      await sessionCookie(stack, regulator.id, 'zj-reassign@samr.example', PASSWORD),
    ]);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('offers the other bodies by name, moves the journey, and shows the new body', async () => {
    await page.goto(`${stack.baseUrl}/console/journeys/${journeyId}`);
    const form = page.getByRole('form', { name: '更换认证机构' });
    await visible(form);
    await page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
    expect(await seriousA11yViolations(page)).toEqual([]);

    await form.getByLabel('新的认证机构').click();
    // The body the journey has is not offered: moving it there would change nothing.
    const option = (name: string) => page.locator('.ant-select-item-option', { hasText: name });
    await visible(option('浙江乙检测认证有限公司'));
    expect(await option('浙江甲认证有限公司').count()).toBe(0);
    await option('浙江乙检测认证有限公司').click();
    await form.getByLabel('更换原因（可选）').fill('原认证机构资质被撤销');
    await form.getByRole('button', { name: '确认更换' }).click();

    await visible(page.getByText('提交成功'));
    await visible(page.getByText('浙江乙检测认证有限公司').first());
    const journey = await ok(stack.api().GET('/v1/journeys/{id}', { params: { path: { id: journeyId } } }));
    expect(journey.certificationBodyId).toBe(newBodyId);
    await page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
