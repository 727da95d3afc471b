/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  seriousA11yViolations,
  signIn,
  acceptInvitation,
  visible,
  expectText,
  waitForCount,
} from '../support/browser';
import { byId, ok } from '../support/api';
import { enterprise } from '../support/fixtures';
import { Stack } from '../support/stack';

const PASSWORD = 'Zhiliang-Tisheng-2026!';
const EMAIL = 'zj-settings@samr.example';
const BODY_EMAIL = 'li@fangyuan.example';

/**
 * Issue 14 on the round page: a provincial bureau reads its round's settings in people's words,
 * changes them to working days, working hours and a daily digest, pauses its reminders for a
 * regional emergency and resumes them, and finds each change in the round's record. Its own
 * notification mode is one click in the header.
 */
describe("a round's settings and pause in a real browser", () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let regulatorKey: string;
  let roundId: string;

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;

    const admin = stack.api();
    const regulator = await ok(
      admin.POST('/v1/principals', {
        body: { role: 'regulator', name: '浙江省市场监管局', email: EMAIL, regionCode: '330000' },
      }),
    );
    regulatorKey = regulator.apiKey!;
    await acceptInvitation(stack, regulator.id, EMAIL, PASSWORD);
    const round = await ok(
      stack.api(regulatorKey).POST('/v1/rounds', {
        body: {
          name: '2026年浙江省第二批',
          regionCode: '330000',
          settings: { deadlines: { screening: 'P14D' } },
        },
      }),
      201,
    );
    roundId = round.id;
    await ok(
      stack.api(regulatorKey).POST('/v1/rounds/{id}/candidates', {
        ...byId(roundId),
        body: { enterprises: [enterprise('330106', 7101, { name: '浙江设置测试制造有限公司' })] },
      }),
      200,
    );
    await stack.waitForLaunch(roundId, regulatorKey);

    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    await signIn(page, stack.baseUrl, EMAIL, PASSWORD);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  const settle = () => page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
  const round = () => ok(stack.api(regulatorKey).GET('/v1/rounds/{id}', byId(roundId)));

  it("shows the round's settings in people's words", async () => {
    await page.goto(`${stack.baseUrl}/console/rounds/${roundId}`);
    const panel = page.getByTestId('round-settings');
    await visible(panel);
    await expectText(panel, '2 周');
    await expectText(panel, '自然日');
    await expectText(panel, '不限时间');
    await expectText(panel, '逐条发送');
    await expectText(page.getByTestId('pause-state'), '提醒与升级正常发送');
    await settle();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('changes them to working days, working hours and a daily digest, and records the change', async () => {
    await page.getByRole('button', { name: '修改设置' }).click();
    const dialog = page.getByRole('dialog', { name: '修改设置' });
    await visible(dialog);
    await dialog.getByLabel('工作日', { exact: true }).check();
    await dialog.getByLabel('只在工作时间发送邮件').check();
    await dialog.getByLabel('提醒与升级合并为每日汇总').check();
    await settle();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 20_000 });

    const panel = page.getByTestId('round-settings');
    await expectText(panel, '工作时间 09:00–18:00');
    await expectText(panel, '每日汇总 09:00');
    // Counted in working days, the unchanged 14 days are fourteen working days, not two weeks.
    await expectText(panel, '14 个工作日');
    // December 2026: the bundled calendar ends with the year, and the page says so.
    await expectText(panel, '超出内置工作日历覆盖的年份');
    const changed = page.getByTestId('round-changes').locator('tbody tr').first();
    await expectText(changed, '修改设置');
    await expectText(changed, '期限计算：工作日');
    expect(await changed.innerText()).not.toContain('筛选');
    expect((await round()).settings).toMatchObject({
      calendar: 'cn-workdays',
      workingHours: { from: '09:00', to: '18:00' },
      digest: { at: '09:00' },
      deadlines: { screening: 'P14D' },
    });
  });

  it('pauses the reminders and resumes them, each shown and recorded', async () => {
    await page.getByRole('button', { name: '暂停提醒' }).click();
    const confirm = page.locator('.ant-popconfirm');
    await visible(confirm);
    await confirm.getByRole('button', { name: '暂停提醒' }).click();
    await expectText(page.getByTestId('pause-state'), '提醒与升级已暂停');
    expect((await round()).pausedAt).not.toBeNull();
    await settle();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '恢复提醒' }).click();
    await expectText(page.getByTestId('pause-state'), '提醒与升级正常发送');
    expect((await round()).pausedAt).toBeNull();
    const rows = page.getByTestId('round-changes').locator('tbody tr');
    await waitForCount(rows, 3);
    await expectText(rows.nth(0), '恢复提醒');
    await expectText(rows.nth(1), '暂停提醒');
    await expectText(rows.nth(2), '浙江省市场监管局');
  });

  it("lets a body's person give a journey to one of the body's staff", async () => {
    const admin = stack.api();
    const body = await ok(
      admin.POST('/v1/certification-bodies', {
        body: { code: 'CNCA-R-2002-451', name: '浙江方圆检测认证有限公司', email: 'office@fangyuan.example' },
      }),
    );
    const lead = await ok(
      admin.POST('/v1/principals', {
        body: { role: 'certification_body', name: '李组长', email: BODY_EMAIL, certificationBodyId: body.id },
      }),
    );
    const auditor = await ok(
      admin.POST('/v1/principals', {
        body: {
          role: 'certification_body',
          name: '王审核员',
          email: 'wang@fangyuan.example',
          certificationBodyId: body.id,
        },
      }),
    );
    await acceptInvitation(stack, lead.id, BODY_EMAIL, PASSWORD);
    const id = `journey-${roundId}-${enterprise('330106', 7101).uscc}`;
    const regulator = stack.api(regulatorKey);
    await ok(
      regulator.POST('/v1/journeys/{id}/screening-decision', { ...byId(id), body: { decision: 'selected' } }),
    );
    await ok(
      regulator.POST('/v1/journeys/{id}/assignment', { ...byId(id), body: { certificationBodyId: body.id } }),
    );

    const bodyContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
    });
    try {
      const bodyPage = await bodyContext.newPage();
      await signIn(bodyPage, stack.baseUrl, BODY_EMAIL, PASSWORD);
      await bodyPage.goto(`${stack.baseUrl}/console/journeys/${id}`);
      const form = bodyPage.getByRole('form', { name: '指定负责人' });
      await visible(form);
      await expectText(bodyPage.getByTestId('current-assignee'), '不指定（发往机构邮箱）');
      await form.getByLabel('负责人', { exact: true }).click();
      await bodyPage.locator('.ant-select-item-option', { hasText: '王审核员' }).click();
      await form.getByRole('button', { name: '保存负责人' }).click();
      await expectText(bodyPage.getByTestId('current-assignee'), '王审核员');
      expect((await ok(stack.api(lead.apiKey!).GET('/v1/journeys/{id}', byId(id)))).assigneeId).toBe(
        auditor.id,
      );
      await bodyPage.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
      expect(await seriousA11yViolations(bodyPage)).toEqual([]);
    } finally {
      await bodyContext.close();
    }
  });

  it("sets the person's own notification mode from the header", async () => {
    await page.getByTestId('notification-mode').click();
    await page.getByRole('menuitem', { name: '每日汇总' }).click();
    for (let i = 0; i < 100; i++) {
      const { principal } = await ok(stack.api(regulatorKey).GET('/v1/sessions/current'));
      if (principal.notificationMode === 'digest') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await ok(stack.api(regulatorKey).GET('/v1/sessions/current'))).principal.notificationMode).toBe(
      'digest',
    );
    await expect(page.getByTestId('notification-mode').getAttribute('aria-label')).resolves.toContain(
      '每日汇总',
    );
  });
});
