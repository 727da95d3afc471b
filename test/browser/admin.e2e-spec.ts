/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { projectRoot } from '@uplift/config';
import { ok } from '../support/api';
import {
  launchChromium,
  seriousA11yViolations,
  signIn as signInOnPage,
  sessionCookie,
} from '../support/browser';
import { candidate, linkIn, openCampaign, toFollowUp, type Campaign } from '../support/campaign';
import { Stack } from '../support/stack';

const PASSWORD = '质量提升-Console-2026!';
const SCREENSHOTS = join(projectRoot(), 'docs', 'screenshots');

/**
 * Issue 13, admin pages in a real browser: an admin creates and invites a person (who sets a password
 * from the emailed link and signs in), revokes another (key and session stop at once), rotates a key
 * (shown once), registers a body, reads the audit log, and re-sends an enterprise's evaluation link
 * from the journey page (the old link stops working).
 */
describe('the console: admin pages in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let c: Campaign;
  let journeyId: string;
  const enterprise = candidate(8400);
  let createdKey = '';
  let victim: { id: string; apiKey: string; cookie: string };

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;
    const admin = await ok(
      stack.api().POST('/v1/principals', {
        body: { role: 'admin', name: '平台管理员', email: 'platform@uplift.example' },
      }),
    );
    const adminCookie = (await sessionCookie(stack, admin.id, 'platform@uplift.example', PASSWORD)).value;
    const v = await ok(
      stack.api().POST('/v1/principals', {
        body: { role: 'regulator', name: '待吊销监管员', email: 'leaver@samr.example', regionCode: '330100' },
      }),
    );
    victim = {
      id: v.id,
      apiKey: v.apiKey!,
      cookie: (await sessionCookie(stack, v.id, 'leaver@samr.example', PASSWORD)).value,
    };
    c = await openCampaign(stack, { evaluationOffsets: ['PT1S'] }, 'admin-browser');
    ({ id: journeyId } = await toFollowUp(stack, c, enterprise, {
      outcome: 'certified',
      certificateNumber: '00126Q30083R0S',
      issuedOn: '2026-11-20',
    }));
    await evaluationMails(1);
    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
    });
    await context.addCookies([
      {
        name: 'uplift_session',
        value: adminCookie,
        url: stack.baseUrl,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  const evaluationMails = (count: number) =>
    stack.mail.waitFor(
      (m) => JSON.stringify(m.to).includes(enterprise.email) && (m.subject ?? '').includes('第1次'),
      count,
    );
  const confirm = () => page.getByRole('button', { name: /^确\s*定$/ }).click();
  const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
  const keyWorks = async (key: string) => (await stack.request('GET', '/v1/rounds', { key })).status;

  it('creates a person (the API’s 400 shown on the field), shows the key once, and invites them', async () => {
    await page.goto(`${stack.baseUrl}/console/admin/principals`);
    await page.getByRole('heading', { name: '账号管理' }).waitFor();
    await row('待吊销监管员').waitFor();
    expect(await row('待吊销监管员').textContent()).toContain('浙江省杭州市');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog', { name: '新建账号' });
    await dialog.getByLabel('角色').click();
    await page.locator('.ant-select-item-option', { hasText: '监管部门' }).click();
    await dialog.getByLabel('名称').fill('余杭区市场监管局');
    await dialog.getByLabel('邮箱').fill('yuhang@samr.example');
    await dialog.getByLabel(/^辖区/).fill('33011');
    await dialog.getByRole('button', { name: /^创\s*建$/ }).click();
    // The API's own rule, on the field it names.
    await dialog.locator('#create-principal_regionCode_help').waitFor();
    await dialog.getByLabel(/^辖区/).fill('330110');
    await dialog.getByText('辖区：浙江省杭州市余杭区').waitFor();
    await dialog.getByRole('button', { name: /^创\s*建$/ }).click();

    const key = (await page.getByTestId('new-api-key').textContent())!.trim();
    expect(key).toMatch(/^upl_[0-9a-f]{8}_/);
    expect(await keyWorks(key)).toBe(200);
    createdKey = key;
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '我已保存，关闭' }).click();
    await row('余杭区市场监管局').waitFor();
    expect(await row('余杭区市场监管局').textContent()).toMatch(/监管部门.*浙江省杭州市余杭区.*有效/);

    await page.getByRole('button', { name: '发送邀请：余杭区市场监管局' }).click();
    await page.getByText('邀请邮件已发送至 yuhang@samr.example').waitFor();
    const [mail] = await stack.mail.waitFor(
      (m) =>
        JSON.stringify(m.to).includes('yuhang@samr.example') && /\/console\/invitation\//.test(m.text ?? ''),
    );
    const link = /https?:\/\/\S+\/console\/invitation\/[\w-]+/.exec(mail.text ?? '')![0];
    // At rest, as every page here is read: a password hint that animates shut moves the button away
    // from where the click lands.
    const invited = await browser.newContext({ locale: 'zh-CN', reducedMotion: 'reduce' });
    const person = await invited.newPage();
    await person.goto(link);
    await person.getByLabel('新密码').fill(PASSWORD);
    await person.getByLabel('确认密码').fill(PASSWORD);
    // The API's answer first, so a refusal fails here with its status rather than as a missing page;
    // hashing the password (argon2id, 19 MiB) on a loaded machine may take a while.
    const [accepted] = await Promise.all([
      person.waitForResponse((r) => r.url().includes('/v1/invitations/') && r.request().method() === 'POST', {
        timeout: 60_000,
      }),
      person.getByRole('button', { name: '设置密码' }).click(),
    ]);
    if (accepted.status() >= 300)
      throw new Error(`setting the password was refused: ${accepted.status()} ${await accepted.text()}`);
    await person.waitForURL(/\/console\/login\?/, { timeout: 60_000 });
    await signInOnPage(person, stack.baseUrl, 'yuhang@samr.example', PASSWORD);
    await person.getByTestId('who').first().waitFor();
    expect(await person.getByTestId('who').first().textContent()).toContain('余杭区市场监管局');
    await invited.close();
  });

  it('revokes a person after a confirmation: their key and their session stop working', async () => {
    expect(await keyWorks(victim.apiKey)).toBe(200);
    const session = () =>
      stack.request('GET', '/v1/sessions/current', {
        key: null,
        headers: { cookie: `uplift_session=${victim.cookie}` },
      });
    expect((await session()).status).toBe(200);
    await page.getByRole('button', { name: '吊销：待吊销监管员' }).click();
    await confirm();
    await page.getByText('已吊销：待吊销监管员').waitFor();
    await row('待吊销监管员')
      .getByText(/已吊销/)
      .waitFor();
    expect(await keyWorks(victim.apiKey)).toBe(401);
    expect((await session()).status).toBe(401);
  });

  it('rotates a key: the new one is shown once and works, the old one stops', async () => {
    const before = await ok(stack.api().GET('/v1/principals'));
    const target = before.items.find((p) => p.email === 'yuhang@samr.example')!;
    await page.getByRole('button', { name: '轮换密钥：余杭区市场监管局' }).click();
    await confirm();
    const shown = page.getByTestId('new-api-key').filter({ hasNotText: target.keyPrefix });
    await shown.waitFor();
    const key = (await shown.textContent())!.trim();
    expect(key).toMatch(/^upl_[0-9a-f]{8}_/);
    expect(await keyWorks(key)).toBe(200);
    expect(await keyWorks(createdKey)).toBe(401);
    await page.getByRole('button', { name: '我已保存，关闭' }).click();
    await row('余杭区市场监管局').getByText(key.slice(0, 12)).waitFor();
    // The click scrolled the table sideways: show it from its first column.
    await page.evaluate(() => document.querySelector('.ant-table-content')?.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-principals.png'), fullPage: true });
  });

  it('registers a certification body, its code checked by the API', async () => {
    await page.getByRole('link', { name: '认证机构' }).click();
    await page.getByRole('heading', { name: '认证机构', level: 1 }).waitFor();
    await row('CNCA-R-2002-').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '登记认证机构' }).click();
    const dialog = page.getByRole('dialog', { name: '登记认证机构' });
    await dialog.getByLabel('批准号').fill('CNCA-2002-9');
    await dialog.getByLabel('名称').fill('华东质量认证中心');
    await dialog.getByLabel('联系邮箱').fill('east@cert.example');
    await dialog.getByRole('button', { name: /^登\s*记$/ }).click();
    await dialog.locator('#create-certification-body_code_help').waitFor();
    await dialog.getByLabel('批准号').fill('CNCA-R-2024-901');
    await dialog.getByRole('button', { name: /^登\s*记$/ }).click();
    await row('华东质量认证中心').waitFor();
    expect(await row('华东质量认证中心').textContent()).toContain('CNCA-R-2024-901');
  });

  it('re-sends an evaluation link from the journey page: a new email, the old link stops working', async () => {
    const [first] = await evaluationMails(1);
    const oldToken = linkIn(first.text).token;
    await page.goto(`${stack.baseUrl}/console/journeys/${encodeURIComponent(journeyId)}`);
    // Any admin reads any journey's timeline.
    const timeline = page.locator('section[aria-labelledby="timeline"]');
    await timeline.getByText('认证结果').first().waitFor();
    await page.getByRole('button', { name: '重新发送评估链接' }).click();
    await page.getByText('已向企业重新发送评估链接，原链接已失效。').waitFor();
    const mails = await evaluationMails(2);
    const newToken = mails.map((m) => linkIn(m.text).token).find((t) => t !== oldToken)!;
    expect(newToken).toBeDefined();
    const evaluation = {
      satisfaction: 'satisfied',
      effectiveness: 'very_obvious',
      metrics: { revenue: 1300, sales: 1200, profitMargin: 7, qualityCostRate: 3.8, firstPassYield: 95 },
    };
    expect(
      (await stack.request('POST', `/v1/evaluations/${oldToken}`, { key: null, body: evaluation })).status,
    ).toBe(409);
    expect(
      (await stack.request('POST', `/v1/evaluations/${newToken}`, { key: null, body: evaluation })).status,
    ).toBe(200);
  });

  it('reads the audit log by journey in Beijing time, actions in Chinese, the journey linked', async () => {
    await page.goto(`${stack.baseUrl}/console/admin/audit?targetId=${encodeURIComponent(journeyId)}`);
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    const resent = page.getByRole('row', { name: /重新发送评估链接/ });
    await resent.waitFor();
    expect(await resent.textContent()).toContain('平台管理员');
    expect(await resent.getByRole('link', { name: journeyId }).getAttribute('href')).toBe(
      `/console/journeys/${encodeURIComponent(journeyId)}`,
    );
    expect(await page.getByRole('row', { name: /筛选决定/ }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-audit.png'), fullPage: true });

    // The rotation and the revocation are on the record too, under their Chinese names.
    await page.goto(`${stack.baseUrl}/console/admin/audit`);
    await page
      .getByRole('row', { name: /轮换 API 密钥/ })
      .first()
      .waitFor();
    await page
      .getByRole('row', { name: /吊销账号/ })
      .first()
      .waitFor();
    expect(await page.getByRole('row', { name: /发送账号邀请/ }).count()).toBeGreaterThan(0);
  });
});
