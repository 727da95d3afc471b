/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { projectRoot } from '@uplift/config';
import { ok } from '../support/api';
import { launchChromium, seriousA11yViolations, sessionCookie } from '../support/browser';
import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { eventually } from '../support/faults';
import { Stack } from '../support/stack';

const PASSWORD = '质量提升-Console-2026!';
const SCREENSHOTS = join(projectRoot(), 'docs', 'screenshots');

/**
 * An admin finds the email the SMTP server keeps refusing on the stuck-work page, with its enterprise
 * and last error, and skips it: the email is recorded skipped and leaves the list.
 */
describe('the console: stuck work in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let c: Campaign;
  const enterprise = candidate(8200);
  const journeyId = () => `journey-${c.roundId}-${enterprise.uscc}`;

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;
    const admin = await ok(
      stack.api().POST('/v1/principals', {
        body: { role: 'admin', name: '运维管理员', email: 'ops@uplift.example' },
      }),
    );
    const cookie = await sessionCookie(stack, admin.id, 'ops@uplift.example', PASSWORD);
    c = await openCampaign(stack, { reminders: { every: 'P7D', max: 1 } }, 'stuck-browser');
    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises: [enterprise] },
    });
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    await stack.mail.stop();
    const post = (path: string, body: unknown) =>
      stack.request('POST', `/v1/journeys/${journeyId()}/${path}`, { key: c.regulatorKey, body });
    expect((await post('screening-decision', { decision: 'selected' })).status).toBe(200);
    expect((await post('assignment', { certificationBodyId: c.bodyId })).status).toBe(200);
    await eventually(
      'the assignment email failing twice',
      async () =>
        (
          await stack.request<{ items: { journeyId: string; attempts: number }[] }>(
            'GET',
            '/v1/stuck-work?minAttempts=2',
          )
        ).body.items,
      (items) => items.some((s) => s.journeyId === journeyId()),
      60_000,
    );
    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
    });
    await context.addCookies([cookie]);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('lists the stuck email in Chinese, links its journey, and skips it after a confirmation', async () => {
    await page.goto(`${stack.baseUrl}/console/admin/stuck-work?minAttempts=2`);
    await page.getByRole('heading', { name: '卡住的任务' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(enterprise.name) });
    await row.waitFor();
    expect(await row.getByText('发送指派通知邮件').count()).toBe(1);
    expect(await row.getByRole('link', { name: enterprise.name }).getAttribute('href')).toBe(
      `/console/journeys/${encodeURIComponent(journeyId())}`,
    );
    expect(await row.textContent()).toMatch(/ECONNREFUSED|connect/);
    expect(await page.getByRole('link', { name: '卡住的任务' }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'stuck-work.png'), fullPage: true });

    await row.getByRole('button', { name: new RegExp(`^跳过：${enterprise.name}`) }).click();
    await page.getByRole('button', { name: /^确\s*定$/ }).click();
    await page.getByText('已跳过，邮件将不再发送').waitFor();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    const [email] = await eventually(
      'the email recorded skipped',
      () => stack.query<{ status: string }>(`SELECT status FROM emails WHERE journey_id = $1`, [journeyId()]),
      (rows) => rows[0]?.status === 'skipped',
      30_000,
    );
    expect(email.status).toBe('skipped');
  });
});
