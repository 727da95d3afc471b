/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  launchChromium,
  seriousA11yViolations,
  signIn,
  acceptInvitation,
  visible,
  expectText,
  waitForCount,
} from '../support/browser';
import { ok } from '../support/api';
import { enterprise, withWrongCheck } from '../support/fixtures';
import { Stack } from '../support/stack';

const PASSWORD = 'Zhiliang-Tisheng-2026!';
const EMAIL = 'zj-round@samr.example';
const BODY_NAME = '浙江公正检验认证有限公司';

/**
 * A provincial bureau's launch day, end to end in one browser: it opens a round from the settings
 * form, uploads its ledger as Excel with mistakes in it, reads them, selects twenty enterprises in
 * bulk, screens and then assigns them as background batches it watches finish, and finds on the
 * round's dashboard the same figures the API gives.
 */
describe("a regulator's round in a real browser", () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let regulatorKey: string;
  let bodyId: string;
  let roundId: string;
  const good = Array.from({ length: 22 }, (_, i) =>
    enterprise(i % 2 ? '330106' : '330212', 6100 + i, { name: `浙江台账${i + 1}号制造有限公司` }),
  );
  const wrongCheck = enterprise('330106', 6190, { uscc: withWrongCheck(enterprise('330106', 6190).uscc) });
  const badEmail = enterprise('330106', 6191, { email: '不是邮箱' });

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;

    const admin = stack.api();
    bodyId = (
      await ok(
        admin.POST('/v1/certification-bodies', {
          body: { code: 'CNCA-R-2002-441', name: BODY_NAME, email: 'office@gongzheng.example' },
        }),
      )
    ).id;
    const regulator = await ok(
      admin.POST('/v1/principals', {
        body: { role: 'regulator', name: '浙江省市场监管局', email: EMAIL, regionCode: '330000' },
      }),
    );
    regulatorKey = regulator.apiKey!;
    await acceptInvitation(stack, regulator.id, EMAIL, PASSWORD);

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
  const journeyIds = (list: typeof good) => list.map((e) => `journey-${roundId}-${e.uscc}`);

  it('creates a round from the settings form with the demo preset', async () => {
    await page.goto(`${stack.baseUrl}/console/rounds`);
    await page.getByTestId('new-round').click();
    const form = page.getByRole('form', { name: '新建批次' });
    await visible(form);
    await form.getByLabel('批次名称').fill('2026年浙江省小微企业质量管理体系认证提升第一批');
    await form.getByLabel('行政区划代码').fill('330000');
    await form.getByText('演示（以分钟计）').click();
    await page.getByTestId('create-round').click();
    await page.waitForURL(/\/console\/rounds\/[0-9a-f-]+\/import$/, { timeout: 20_000 });
    roundId = /rounds\/([0-9a-f-]+)\/import/.exec(page.url())![1];
    const round = await ok(
      stack.api(regulatorKey).GET('/v1/rounds/{id}', { params: { path: { id: roundId } } }),
    );
    expect(round.regionCode).toBe('330000');
    expect(round.settings.deadlines.screening).toBe('PT30M');
  });

  it('uploads an .xlsx ledger with bad rows and shows each under its Chinese column', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('帮扶台账');
    sheet.addRow(['统一社会信用代码', '企业名称', '行政区划代码', '行业代码', '电子邮箱', '备注']);
    const line = (e: ReturnType<typeof enterprise>) => [
      e.uscc,
      e.name,
      e.regionCode,
      e.industryCode,
      e.email,
      null,
    ];
    good.slice(0, 10).forEach((e) => sheet.addRow(line(e)));
    sheet.addRow(line(wrongCheck));
    sheet.addRow([]);
    good.slice(10).forEach((e) => sheet.addRow(line(e)));
    sheet.addRow(line(badEmail));
    await page.getByTestId('import-upload').setInputFiles({
      name: '帮扶台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    await page.getByTestId('import-start').click();
    await visible(page.getByTestId('import-result'));
    await expectText(page.getByTestId('result-accepted'), '22');
    await expectText(page.getByTestId('result-rejected'), '2');
    await expectText(page.getByTestId('result-blank'), '1');

    const errors = page.getByTestId('error-table').locator('tbody tr');
    expect(await errors.count()).toBe(2);
    // Data row, the sheet's own row number (the header is row 1; the blank row keeps its number), column, message.
    expect(await errors.nth(0).innerText()).toMatch(/11\s+12\s+统一社会信用代码\s+.*校验/);
    expect(await errors.nth(1).innerText()).toMatch(/25\s+26\s+电子邮箱\s+\S/);
    await expectText(page.getByTestId('launch-progress'), '已启动 22 / 22');
    await settle();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('selects twenty in bulk and screens them in as a batch it watches finish', async () => {
    await page.goto(`${stack.baseUrl}/console/rounds/${roundId}/journeys`);
    const table = page.getByTestId('journeys-table');
    await waitForCount(page.getByTestId('journey-row'), 22);
    const twenty = good.slice(0, 20);
    for (const e of twenty)
      await page.getByTestId('journey-row').filter({ hasText: e.name }).getByRole('checkbox').check();
    await visible(table.page().getByText('已选择 20 家企业'));
    await runBatch('筛选决定', async () => undefined);
    await expectText(page.getByTestId('batch-progress'), '20 / 20');

    const reg = stack.api(regulatorKey);
    for (const id of journeyIds(twenty)) {
      const j = await ok(reg.GET('/v1/journeys/{id}', { params: { path: { id } } }));
      expect(j.stage).toBe('diagnosis');
    }
    for (const id of journeyIds(good.slice(20))) {
      const j = await ok(reg.GET('/v1/journeys/{id}', { params: { path: { id } } }));
      expect(j.stage).toBe('screening');
    }
  });

  it('filters the twenty screened in and not yet assigned, and assigns them to a body in one batch', async () => {
    await page.goto(
      `${stack.baseUrl}/console/rounds/${roundId}/journeys?stage=diagnosis&certificationBodyId=none`,
    );
    await waitForCount(page.getByTestId('journey-row'), 20);
    await page.getByTestId('journeys-table').getByRole('checkbox').first().check();
    await visible(page.getByText('已选择 20 家企业'));
    await runBatch('指派认证机构', async (dialog) => {
      await dialog.getByTestId('bulk-body').click();
      await page.locator('.ant-select-item-option', { hasText: BODY_NAME }).click();
    });
    await expectText(page.getByTestId('batch-progress'), '20 / 20');
    await settle();
    expect(await seriousA11yViolations(page)).toEqual([]);

    const batchId = /batches\/([^/?#]+)/.exec(page.url())![1];
    const batch = await ok(
      stack.api(regulatorKey).GET('/v1/batches/{id}', { params: { path: { id: batchId } } }),
    );
    expect(batch).toMatchObject({ status: 'done', total: 20, applied: 20, refused: 0 });
    expect(batch.items.map((i) => i.journeyId).sort()).toEqual(journeyIds(good.slice(0, 20)).sort());
    for (const id of journeyIds(good.slice(0, 20))) {
      const j = await ok(stack.api(regulatorKey).GET('/v1/journeys/{id}', { params: { path: { id } } }));
      expect(j.certificationBodyId).toBe(bodyId);
    }
  });

  it("shows on the round's dashboard the figures the API gives", async () => {
    const answer = await stack.request('GET', `/v1/rounds/${roundId}/dashboard`, { key: regulatorKey });
    expect(answer.status).toBe(200);
    const d = answer.body as {
      totals: { journeys: number; assisted: number; evaluationsAnswered: number };
      funnel: { stage: string; journeys: number }[];
      bodies: { name: string | null; journeys: number }[];
    };
    expect(d.totals.journeys).toBe(22);
    await page.goto(`${stack.baseUrl}/console/rounds/${roundId}`);
    await visible(page.getByTestId('funnel-table').locator('tbody tr.ant-table-row'));
    await expectText(page.getByTestId('kpi-assisted'), `${d.totals.assisted}`);
    await expectText(page.getByTestId('kpi-evaluations'), `${d.totals.evaluationsAnswered}`);
    const funnel = await rowsOf(page, 'funnel-table');
    expect(funnel.map((r) => r[1])).toEqual(d.funnel.map((s) => String(s.journeys)));
    expect(funnel.slice(0, 2).map((r) => r.slice(0, 2))).toEqual([
      ['筛选', '2'],
      ['诊断', '20'],
    ]);
    const bodies = await rowsOf(page, 'body-table');
    expect(bodies.map((r) => [r[0], r[2]])).toEqual(
      d.bodies.map((b) => [b.name ?? '尚未指派', String(b.journeys)]),
    );
    expect(bodies.find((r) => r[0] === BODY_NAME)?.[2]).toBe('20');
    await settle();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  /** Picks a bulk action, fills its dialog, submits, and waits on the batch's page until it is done. */
  async function runBatch(action: string, fill: (dialog: Locator) => Promise<void>): Promise<void> {
    await page.getByTestId('bulk-action').click();
    await page.locator('.ant-select-item-option', { hasText: action }).click();
    const dialog = page.getByRole('dialog');
    await visible(dialog);
    await fill(dialog);
    await page.getByTestId('bulk-submit').click();
    await page.waitForURL(/\/console\/batches\//);
    await visible(page.getByTestId('batch-progress'));
    await page.locator('[data-testid="batch-status"][data-status="done"]').waitFor({ timeout: 90_000 });
  }
});

function rowsOf(page: Page, testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('tbody tr.ant-table-row')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')),
    );
}
