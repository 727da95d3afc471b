/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '@uplift/config';
import { launchChromium, seriousA11yViolations, sessionCookie, visible, hasText } from '../support/browser';
import { ok } from '../support/api';
import { enterprise } from '../support/fixtures';
import { Stack } from '../support/stack';

const SCREENSHOTS = join(projectRoot(), 'docs', 'screenshots');
const PASSWORD = 'Zhiliang-Tisheng-2026!';

/**
 * A certification body's auditor signs in, opens a journey at diagnosis from its page, and takes the
 * steps due through the page's forms: the rules the client checks and those only the API checks land
 * on the field they concern, in Chinese; the stepper moves on; a double click applies once; a journey
 * withdrawn meanwhile says where it is now; and each form open passes axe's WCAG 2 A/AA rules.
 */
describe('the journey page in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let journeyId: string;
  let regulatorKey: string;
  const enterpriseData = enterprise('330106', 4101, {
    name: '杭州西湖精密机械有限公司',
    contactName: '王建国',
  });

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;

    const admin = stack.api();
    const body = await ok(
      admin.POST('/v1/certification-bodies', {
        body: { code: 'CNCA-R-2002-411', name: '浙江方圆检测认证有限公司', email: 'office@fangyuan.example' },
      }),
    );
    const auditor = await ok(
      admin.POST('/v1/principals', {
        body: {
          role: 'certification_body',
          name: '李审核',
          email: 'li.auditor@fangyuan.example',
          certificationBodyId: body.id,
        },
      }),
    );
    const regulator = await ok(
      admin.POST('/v1/principals', {
        body: { role: 'regulator', name: '浙江省市场监管局', email: 'zj@samr.example', regionCode: '330000' },
      }),
    );
    regulatorKey = regulator.apiKey!;
    const reg = stack.api(regulatorKey);
    const round = await ok(
      reg.POST('/v1/rounds', { body: { name: '2026年浙江省第一批', regionCode: '330000' } }),
      201,
    );
    await ok(
      reg.POST('/v1/rounds/{id}/candidates', {
        params: { path: { id: round.id } },
        body: { enterprises: [enterpriseData] },
      }),
      200,
    );
    await stack.waitForLaunch(round.id, regulatorKey);
    journeyId = `journey-${round.id}-${enterpriseData.uscc}`;
    const inJourney = { params: { path: { id: journeyId } } };
    await ok(
      reg.POST('/v1/journeys/{id}/screening-decision', { ...inJourney, body: { decision: 'selected' } }),
    );
    await ok(
      reg.POST('/v1/journeys/{id}/assignment', { ...inJourney, body: { certificationBodyId: body.id } }),
    );

    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      // Pages read at rest: the console turns Ant Design's motion off for reduced motion.
      reducedMotion: 'reduce',
    });
    await context.addCookies([
      await sessionCookie(stack, auditor.id, 'li.auditor@fangyuan.example', PASSWORD),
    ]);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  const form = (name: string) => page.getByRole('form', { name });
  /** The error antd shows under the field labelled `label`. */
  const fieldError = (label: string) =>
    page
      .locator('.ant-form-item', { has: page.getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain-error');
  // The stage path is its own labelled region: the timeline below is drawn with the same Steps parts.
  const currentStage = () =>
    page.getByRole('region', { name: '当前阶段' }).locator('.ant-steps-item-active .ant-steps-item-title');
  const stepsOf = async (step: string) => {
    const history = await ok(
      stack.api(regulatorKey).GET('/v1/journeys/{id}/history', { params: { path: { id: journeyId } } }),
    );
    return history.events.filter((e) => e.type === 'step' && e.details.step === step);
  };

  async function expectNoSeriousViolations(what: string) {
    // Colours read at rest, not halfway through a transition of a form that just appeared.
    await page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
    expect({ what, violations: await seriousA11yViolations(page) }).toEqual({
      what,
      violations: [],
    });
  }

  it('shows the journey at diagnosis in Chinese, with the diagnosis form, at desktop and phone widths', async () => {
    await page.goto(`${stack.baseUrl}/console/journeys/${journeyId}`);
    await visible(page.getByRole('heading', { level: 1, name: enterpriseData.name }));
    expect(await currentStage().textContent()).toBe('诊断');
    await visible(page.getByText(enterpriseData.uscc));
    await visible(page.getByText('浙江方圆检测认证有限公司').first());
    await visible(form('诊断'));
    await visible(page.getByLabel('营业收入（万元）'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'journey-page-zh-CN-1440.png'), fullPage: true });
    await form('诊断').screenshot({ path: join(SCREENSHOTS, 'diagnosis-form-zh-CN-1440.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOTS, 'journey-page-zh-CN-390.png'), fullPage: true });
    await form('诊断').screenshot({ path: join(SCREENSHOTS, 'diagnosis-form-zh-CN-390.png') });
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1440, height: 900 });

    await expectNoSeriousViolations('journey page with the diagnosis form');
    // The timeline, in Chinese: the assignment step by the regulator's name.
    await visible(page.locator('section[aria-labelledby="timeline"]').getByText('指派认证机构'));
    await visible(page.locator('section[aria-labelledby="timeline"]').getByText(/浙江省市场监管局/));
  });

  it('puts what the client and the API refuse on its field, in Chinese, then moves the stepper on', async () => {
    const diagnosis = form('诊断');
    await diagnosis.getByLabel('维度').click();
    await page.locator('.ant-select-item-option', { hasText: '质量管理' }).click();
    await diagnosis.getByLabel('问题类别').fill('标准难理解');
    // A control character: only the API checks for one.
    await diagnosis.getByLabel('问题描述').fill('质量手册与实际运行脱节\u0007');
    await diagnosis.getByLabel('营业收入（万元）').fill('1200');
    await diagnosis.getByLabel('销售额（万元）').fill('1100');
    await diagnosis.getByLabel('利润率（%）').fill('6.5');
    await diagnosis.getByLabel('质量成本率（%）').fill('4.2');
    // Out of range: the domain's schema, in the browser, refuses it before anything is sent.
    await diagnosis.getByLabel('一次合格率（%）').fill('120');

    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/v1/journeys/')) sent.push(r.url());
    });
    await diagnosis.getByRole('button', { name: '提交诊断' }).click();
    await hasText(fieldError('一次合格率（%）'), '应在 0 到 100 之间');
    expect(sent).toEqual([]);

    await diagnosis.getByLabel('一次合格率（%）').fill('93.5');
    await diagnosis.getByRole('button', { name: '提交诊断' }).click();
    await hasText(fieldError('问题描述'), /控制字符/);
    expect(sent).toHaveLength(1);
    await visible(page.getByRole('alert').filter({ hasText: '请修改标出的字段' }));

    await diagnosis.getByLabel('问题描述').fill('质量手册与实际运行脱节');
    await diagnosis.getByRole('button', { name: '提交诊断' }).click();
    await visible(page.getByText('提交成功'));
    await hasText(currentStage(), '帮扶');
    // What was recorded reads back grouped by dimension, with units.
    const records = page.locator('section[aria-labelledby="record-diagnosis"]');
    await visible(records.getByText('质量管理'));
    await visible(records.getByText('93.5 %'));
    await visible(records.getByText('1,200 万元'));
  });

  it('takes the assistance plan once however often its button is clicked', async () => {
    const plan = form('帮扶方案（一企一策）');
    await visible(plan);
    await expectNoSeriousViolations('journey page with the assistance plan form');
    await plan.getByLabel('措施 1').fill('建立质量目标分解体系');
    await plan.getByLabel('责任人').fill('质量部 王工');
    await plan.getByLabel('完成期限').click();
    await plan.getByLabel('完成期限').fill('2026-12-31');
    // The typed date shows in the panel; choosing it there (Enter would submit the form).
    await page.locator('.ant-picker-cell[title="2026-12-31"]').click();
    await plan.getByRole('button', { name: '提交帮扶方案' }).dblclick();
    await visible(page.getByText('提交成功').first());
    await visible(page.locator('section[aria-labelledby="record-plan"]').getByText('建立质量目标分解体系'));
    expect(await stepsOf('assistance-plan')).toHaveLength(1);
    // Now progress and completion are due, and the diagnosis and plan may be amended.
    await visible(form('帮扶总结'));
    await visible(page.getByText('修改帮扶方案（提交后生成新版本）'));
    await expectNoSeriousViolations('journey page with the progress and completion forms');
  });

  it('says which stage a journey withdrawn meanwhile is in, and shows it so', async () => {
    await ok(
      stack.api(regulatorKey).POST('/v1/journeys/{id}/withdrawal', {
        params: { path: { id: journeyId } },
        body: { reason: '企业主动申请退出' },
      }),
    );
    const completion = form('帮扶总结');
    await completion.getByLabel('帮扶总结').fill('完成体系文件编写和内审员培训');
    await completion.getByRole('button', { name: '提交帮扶总结' }).click();
    await visible(page.getByRole('alert').filter({ hasText: '该企业当前处于“已退出”阶段' }));
    // The journey is read again: the page shows it ended, and no form is offered.
    await visible(page.getByText('本次帮扶已结束：已退出'));
    await visible(page.getByText('企业主动申请退出', { exact: false }).first());
    await form('帮扶总结').waitFor({ state: 'detached' });
  });
});
