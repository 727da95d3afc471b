/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  seriousA11yViolations,
  sessionCookie,
  visible,
  expectText,
} from '../support/browser';
import { ok } from '../support/api';
import { enterprise, withWrongCheck } from '../support/fixtures';
import { Stack } from '../support/stack';
import { projectRoot } from '@uplift/config';

const PASSWORD = 'Zhiliang-Tisheng-2026!';
const SCREENSHOTS = join(projectRoot(), 'docs', 'screenshots');

/**
 * A provincial bureau opens a round from the console with the demo preset, uploads its ledger (帮扶台账)
 * as Excel with mistakes in it, and reads what went wrong under the file's own Chinese headers.
 */
describe('importing a ledger from the console in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let regulatorKey: string;
  const good = [enterprise('330106', 5101), enterprise('330102', 5102), enterprise('330106', 5103)];
  const wrongCheck = enterprise('330106', 5104, { uscc: withWrongCheck(enterprise('330106', 5104).uscc) });
  const badEmail = enterprise('330106', 5105, { email: '不是邮箱' });

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;
    const regulator = await ok(
      stack.api().POST('/v1/principals', {
        body: {
          role: 'regulator',
          name: '浙江省市场监管局',
          email: 'zj-import@samr.example',
          regionCode: '330000',
        },
      }),
    );
    regulatorKey = regulator.apiKey!;
    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
      acceptDownloads: true,
    });
    await context.addCookies([await sessionCookie(stack, regulator.id, 'zj-import@samr.example', PASSWORD)]);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('creates a round with the demo preset, imports an .xlsx with mistakes and shows them by row and Chinese column', async () => {
    await page.goto(`${stack.baseUrl}/console/rounds`);
    await page.getByTestId('new-round').click();
    const form = page.getByRole('form', { name: '新建批次' });
    await visible(form);
    await form.getByLabel('批次名称').fill('2026年浙江省演示批次');
    await form.getByLabel('行政区划代码').fill('330000');
    await form.getByText('演示（以分钟计）').click();
    await settle(page);
    expect(await seriousA11yViolations(page)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'new-round.png'), fullPage: true });
    await page.getByTestId('create-round').click();
    await page.waitForURL(/\/console\/rounds\/[0-9a-f-]+\/import$/, { timeout: 20_000 });
    const roundId = /rounds\/([0-9a-f-]+)\/import/.exec(page.url())![1];
    const round = await ok(
      stack.api(regulatorKey).GET('/v1/rounds/{id}', { params: { path: { id: roundId } } }),
    );
    // The demo preset, in minutes, reached the API as ISO durations.
    expect(round.settings.deadlines.screening).toBe('PT30M');
    expect(round.settings.reminders.every).toBe('PT5M');

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('帮扶台账');
    sheet.addRow([
      '统一社会信用代码',
      '企业名称',
      '行政区划代码',
      '行业代码',
      '电子邮箱',
      '从业人数',
      '备注',
    ]);
    const line = (e: ReturnType<typeof enterprise>, note: string | null = null) => [
      e.uscc,
      e.name,
      e.regionCode,
      e.industryCode,
      e.email,
      e.employees,
      note,
    ];
    sheet.addRow(line(good[0], '重点帮扶'));
    sheet.addRow(line(wrongCheck));
    sheet.addRow([]);
    sheet.addRow(line(good[1]));
    sheet.addRow(line(badEmail));
    sheet.addRow(line(good[2]));
    sheet.addRow(line(good[0], '重复录入'));
    const bytes = Buffer.from(await book.xlsx.writeBuffer());

    await page.getByTestId('import-upload').setInputFiles({
      name: '帮扶台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: bytes,
    });
    await page.getByTestId('import-start').click();
    const result = page.getByTestId('import-result');
    await visible(result);
    await expectText(page.getByTestId('result-accepted'), '3');
    await expectText(page.getByTestId('result-rejected'), '2');
    await expectText(page.getByTestId('result-duplicates'), '1');
    await expectText(page.getByTestId('result-blank'), '1');
    await expectText(page.getByTestId('result-ignored'), '备注');

    const errors = page.getByTestId('error-table');
    await visible(errors);
    const rows = errors.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/2\s+3\s+统一社会信用代码\s+.*校验/);
    expect(await rows.nth(1).innerText()).toMatch(/5\s+6\s+电子邮箱/);
    const duplicates = page.getByTestId('duplicate-table');
    expect(await duplicates.locator('tbody tr').first().innerText()).toMatch(
      new RegExp(`7\\s+8\\s+${good[0].uscc}\\s+1`),
    );

    // The launch runs while the page watches the round.
    await expectText(page.getByTestId('launch-progress'), '已启动 3 / 3');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-errors').click(),
    ]);
    expect(download.suggestedFilename()).toBe('import-errors.xlsx');
    const saved = new ExcelJS.Workbook();
    await saved.xlsx.load((await readFile((await download.path())!)) as never);
    const errorSheet = saved.worksheets[0];
    expect((errorSheet.getRow(1).values as string[]).slice(1)).toEqual(['数据行', '表格行号', '列', '问题']);
    expect(errorSheet.getRow(2).getCell(3).value).toBe('统一社会信用代码');
    expect(errorSheet.rowCount).toBe(3);

    await settle(page);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'import-result.png'), fullPage: true });
  });
});

async function settle(page: Page) {
  await page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
}
