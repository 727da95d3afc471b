/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { ok } from '../support/api';
import { launchChromium, seriousA11yViolations, signIn, watchCspViolations } from '../support/browser';
import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { Stack } from '../support/stack';
import { join } from 'node:path';
import { projectRoot } from '@uplift/config';

const PASSWORD = '质量提升-Console-2026!';
const SCREENSHOTS = join(projectRoot(), 'docs', 'screenshots');

/**
 * The console as its people use it, in Chromium against the real stack: a certification body's person
 * is invited by email, sets a password, signs in and finds what is waiting for it, overdue first.
 */
describe('the console: sign-in and the inbox in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let c: Campaign;
  let bodyPrincipalId: string;
  let overdueId: string;
  const cspViolations: string[] = [];

  /** Imports enterprises into a round, selects them and assigns them to the campaign's body. */
  async function assigned(roundId: string, serials: number[]): Promise<string[]> {
    const regulator = stack.api(c.regulatorKey);
    const enterprises = serials.map((n) => candidate(n));
    await ok(
      regulator.POST('/v1/rounds/{id}/candidates', {
        params: { path: { id: roundId } },
        body: { enterprises },
      }),
      200,
    );
    await stack.waitForLaunch(roundId, c.regulatorKey);
    const ids = enterprises.map((e) => `journey-${roundId}-${e.uscc}`);
    for (const id of ids) {
      const path = { params: { path: { id } } };
      await ok(
        regulator.POST('/v1/journeys/{id}/screening-decision', { ...path, body: { decision: 'selected' } }),
        200,
      );
      await ok(
        regulator.POST('/v1/journeys/{id}/assignment', { ...path, body: { certificationBodyId: c.bodyId } }),
        200,
      );
    }
    return ids;
  }

  async function newPage(options: { width?: number; height?: number; locale?: string } = {}) {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
      locale: options.locale ?? 'zh-CN',
      timezoneId: 'Europe/London',
      // Pages read at rest: the console turns Ant Design's motion off for reduced motion.
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const seen = watchCspViolations(page);
    page.on('close', () => cspViolations.push(...seen));
    return { context, page };
  }

  /** The invitation link emailed to `email` (the newest), on this stack's address. */
  async function invitationLink(email: string, count = 1): Promise<string> {
    const found = await stack.mail.waitFor(
      (m) => JSON.stringify(m.to).includes(email) && /\/console\/invitation\//.test(m.text ?? ''),
      count,
    );
    const url = /https?:\/\/\S+\/console\/invitation\/[\w-]+/.exec(found[found.length - 1].text ?? '')![0];
    return url.replace(/^https?:\/\/[^/]+/, stack.baseUrl);
  }

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;

    // Round A: the diagnosis is due 3 seconds after assignment; round B: the campaign's default.
    c = await openCampaign(stack, { deadlines: { diagnosis: 'PT3S' } }, 'console');
    const roundB = await ok(
      stack
        .api(c.regulatorKey)
        .POST('/v1/rounds', { body: { name: '2026年浙江省第二批次', regionCode: '330000' } }),
      201,
    );
    [overdueId] = await assigned(c.roundId, [31]);
    await assigned(roundB.id, [32, 33]);
    const principals = await ok(stack.api().GET('/v1/principals'));
    bodyPrincipalId = principals.items.find(
      (p) => p.email === c.bodyEmail && p.role === 'certification_body',
    )!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('invites the person by email; the link greets them by name and sets the password with the rule', async () => {
    expect((await stack.request('POST', `/v1/principals/${bodyPrincipalId}/invitation`)).status).toBe(202);
    const link = await invitationLink(c.bodyEmail);
    const { context, page } = await newPage();
    const answer = await page.goto(link);
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['content-security-policy']).toMatch(/script-src 'self'.*'nonce-[^']+'/);
    await page.getByTestId('greeting').waitFor();
    expect(await page.getByTestId('greeting').textContent()).toContain('认证机构console审核员');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The rule is checked as one types: too short, then not the same twice.
    await page.getByLabel('新密码').fill('short');
    await page.getByLabel('确认密码').fill('short2');
    await page.getByRole('button', { name: '设置密码' }).click();
    await page.getByText('密码至少 12 个字符').waitFor();
    await page.getByText('两次输入的密码不一致').waitFor();
    await page.getByLabel('新密码').fill(PASSWORD);
    await page.getByLabel('确认密码').fill(PASSWORD);
    await page.getByTestId('password-strength').waitFor();
    await page.getByRole('button', { name: '设置密码' }).click();

    // Back to sign-in, the email filled in; the link is used up.
    await page.waitForURL(/\/console\/login\?/);
    expect(await page.getByLabel('邮箱').inputValue()).toBe(c.bodyEmail);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(link);
    await page.getByText('链接无效或已使用').waitFor();
    await context.close();
  });

  it('signs in and shows what waits for the body across rounds, overdue first, with the counts', async () => {
    // The 3-second deadline of round A has passed.
    await new Promise((r) => setTimeout(r, 3500));
    const { context, page } = await newPage();
    await page.goto(`${stack.baseUrl}/console/login`);
    await signIn(page, stack.baseUrl, c.bodyEmail, PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/console/inbox');
    await page.getByTestId('inbox-row').first().waitFor();
    const rows = page.getByTestId('inbox-row');
    expect(await rows.count()).toBe(3);
    const first = rows.first();
    expect(await first.textContent()).toContain(candidate(31).name);
    expect(await first.textContent()).toContain('诊断');
    expect(await first.textContent()).toContain('2026年浙江省console批次');
    expect(await first.getByTestId('overdue-tag').textContent()).toMatch(/逾期/);
    expect(await rows.nth(1).getByTestId('overdue-tag').count()).toBe(0);
    expect(await first.locator('a').getAttribute('href')).toBe(`/console/journeys/${overdueId}`);

    // The counts are the summary's for the same filters.
    const summary = (await stack.request('GET', '/v1/journeys/summary?mustAct=me', { key: c.bodyKey }))
      .body as { total: number; overdue: number; dueWithin7Days: number };
    expect(summary).toMatchObject({ total: 3, overdue: 1 });
    await page.locator('[data-testid="inbox-counts"][data-loaded="yes"]').waitFor();
    expect(await page.getByTestId('count-overdue').textContent()).toBe('1');
    expect(await page.getByTestId('count-total').textContent()).toBe('3');
    expect(await page.getByTestId('count-due-soon').textContent()).toBe(String(summary.dueWithin7Days));
    expect(await page.getByTestId('who').textContent()).toContain('认证机构');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A filter is kept in the address: round B only.
    await page.goto(
      `${stack.baseUrl}/console/inbox?stage=diagnosis&q=${encodeURIComponent(candidate(32).name)}`,
    );
    await page.locator('[data-testid="inbox-counts"][data-loaded="yes"]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="inbox-row"]').length === 1);
    expect(await page.getByTestId('inbox-row').first().textContent()).toContain(candidate(32).name);

    await page.goto(`${stack.baseUrl}/console/inbox`);
    await page.getByTestId('inbox-row').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'console-inbox-1440.png') });
    await context.close();

    const phone = await newPage({ width: 390, height: 844 });
    await signIn(phone.page, stack.baseUrl, c.bodyEmail, PASSWORD);
    await phone.page.getByTestId('inbox-row').first().waitFor();
    await phone.page.locator('[data-testid="inbox-counts"][data-loaded="yes"]').waitFor();
    // Nothing is wider than the phone.
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.page.screenshot({ path: join(SCREENSHOTS, 'console-inbox-390.png'), fullPage: true });
    await phone.context.close();
  });

  it('signs out, after which the inbox asks to sign in; a link to a journey lands there after signing in', async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.baseUrl, c.bodyEmail, PASSWORD);
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL(/\/console\/login/);
    await page.goto(`${stack.baseUrl}/console/inbox`);
    await page.waitForURL(/\/console\/login\?next=%2Finbox/);

    await page.goto(`${stack.baseUrl}/console/journeys/${overdueId}`);
    await page.waitForURL(/\/console\/login\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/journeys/${overdueId}`);
    await signIn(page, stack.baseUrl, c.bodyEmail, PASSWORD);
    expect(new URL(page.url()).pathname).toBe(`/console/journeys/${overdueId}`);

    // Only this app's own paths: another site in `next` lands on the inbox.
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL(/\/console\/login/);
    await page.goto(`${stack.baseUrl}/console/login?next=${encodeURIComponent('//evil.example/x')}`);
    await signIn(page, stack.baseUrl, c.bodyEmail, PASSWORD);
    expect(page.url()).toBe(`${stack.baseUrl}/console/inbox`);
    await context.close();
  });

  it('remembers English across a reload, and a regulator finds the rounds', async () => {
    expect((await stack.request('POST', `/v1/principals/${await regulatorId()}/invitation`)).status).toBe(
      202,
    );
    const token = (await invitationLink(c.regulatorEmail)).split('/').pop()!;
    expect(
      (await stack.request('POST', `/v1/invitations/${token}`, { key: null, body: { password: PASSWORD } }))
        .status,
    ).toBe(200);

    const { context, page } = await newPage();
    await signIn(page, stack.baseUrl, c.regulatorEmail, PASSWORD);
    await page.getByRole('link', { name: '批次', exact: true }).click();
    await page.waitForURL(/\/console\/rounds$/);
    await page.getByRole('link', { name: '2026年浙江省第二批次' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('link', { name: '2026年浙江省console批次' }).click();
    await page.getByRole('heading', { name: '2026年浙江省console批次' }).waitFor();
    await page.getByText('进行中').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByTestId('language-switch').click();
    await page.getByRole('button', { name: /Sign out/ }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: /Sign out/ }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByText('open').first().waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByRole('button', { name: /退出登录/ }).waitFor();
    await context.close();
  });

  it('says the account is locked after 10 wrong passwords, and an unknown email reads as a wrong password', async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.baseUrl}/console/login`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('邮箱').fill('nobody@cert.example');
    await page.getByLabel(/^密码$/).fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('邮箱或密码不正确').waitFor();

    await page.getByLabel('邮箱').fill(c.bodyEmail);
    let message = '';
    for (let attempt = 1; attempt <= 11 && !message.includes('锁定'); attempt++) {
      await page.getByLabel(/^密码$/).fill(`wrong-password-${attempt}`);
      const answered = page.waitForResponse(
        (r) => r.url().endsWith('/v1/sessions') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await answered;
      message = (await page.getByTestId('login-error').textContent()) ?? '';
    }
    expect(message).toMatch(/已暂时锁定，请 \d+ 分钟后再试/);
    // Even the right password waits for the lock.
    await page.getByLabel(/^密码$/).fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await context.close();
  });

  it('keeps to its Content-Security-Policy on every page it showed', () => {
    expect(cspViolations).toEqual([]);
  });

  async function regulatorId(): Promise<string> {
    const principals = await ok(stack.api().GET('/v1/principals'));
    return principals.items.find((p) => p.email === c.regulatorEmail)!.id;
  }
});
