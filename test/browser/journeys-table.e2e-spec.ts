/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '@uplift/config';
import { EXPORT_HEADERS } from '../../apps/api/src/journeys/journey-export';
import {
  launchChromium,
  seriousA11yViolations,
  sessionCookie,
  visible,
  waitForCount,
} from '../support/browser';
import { ok } from '../support/api';
import { enterprise } from '../support/fixtures';
import { Stack } from '../support/stack';

const PASSWORD = 'Zhiliang-Tisheng-2026!';
const SCREENSHOTS = join(projectRoot(), 'docs', 'screenshots');
const EMAIL = 'zj-table@samr.example';

/**
 * A regulator works a round's enterprises from the journeys table: filters them (the filter stays
 * in the URL), exports the filtered list, selects the rows and assigns them a body in one batch,
 * and watches the batch finish.
 */
describe('the journeys table in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let roundId: string;
  let bodyId: string;
  const selected = [1, 2, 3, 4].map((n) =>
    enterprise('330106', 4300 + n, { name: `杭州批量${n}号精密机械有限公司` }),
  );
  const waiting = [5, 6].map((n) => enterprise('330106', 4300 + n, { name: `宁波待筛${n}号电器有限公司` }));

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([Stack.start(), launchChromium()]);
    if (started.status === 'fulfilled') stack = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const r of [started, launched]) if (r.status === 'rejected') throw r.reason;

    const admin = stack.api();
    const body = await ok(
      admin.POST('/v1/certification-bodies', {
        body: { code: 'CNCA-R-2002-431', name: '浙江方圆检测认证有限公司', email: 'office@fangyuan.example' },
      }),
    );
    bodyId = body.id;
    const regulator = await ok(
      admin.POST('/v1/principals', {
        body: { role: 'regulator', name: '浙江省市场监管局', email: EMAIL, regionCode: '330000' },
      }),
    );
    const reg = stack.api(regulator.apiKey!);
    roundId = (
      await ok(reg.POST('/v1/rounds', { body: { name: '2026年浙江省第三批', regionCode: '330000' } }), 201)
    ).id;
    await ok(
      reg.POST('/v1/rounds/{id}/candidates', {
        params: { path: { id: roundId } },
        body: { enterprises: [...selected, ...waiting] },
      }),
    );
    await stack.waitForLaunch(roundId, regulator.apiKey!);
    for (const e of selected)
      await ok(
        reg.POST('/v1/journeys/{id}/screening-decision', {
          params: { path: { id: `journey-${roundId}-${e.uscc}` } },
          body: { decision: 'selected' },
        }),
      );

    context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
      acceptDownloads: true,
    });
    await context.addCookies([await sessionCookie(stack, regulator.id, EMAIL, PASSWORD)]);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  const rows = () => page.getByTestId('journey-row');
  const settle = () => page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));

  it('filters the list, keeping the filter in the URL', async () => {
    await page.goto(`${stack.baseUrl}/console/rounds/${roundId}/journeys`);
    await visible(page.getByTestId('journeys-table'));
    await waitForCount(rows(), 6);
    await settle();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByPlaceholder('企业名称或统一社会信用代码').fill('批量');
    await page.getByPlaceholder('企业名称或统一社会信用代码').press('Enter');
    await waitForCount(rows(), 4);
    expect(new URL(page.url()).searchParams.get('q')).toBe('批量');
    // Reloading keeps the filter: it is in the URL.
    await page.reload();
    await waitForCount(rows(), 4);
    await visible(page.getByText('已加载 4 家，共 4 家'));
  });

  it('exports the filtered list as CSV with Chinese headers', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...data] = parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) as string[][];
    expect(header).toEqual(EXPORT_HEADERS);
    expect(data.map((r) => r[0]).sort()).toEqual(selected.map((e) => e.name).sort());
  });

  it('assigns the selection to a body in one batch and shows the batch finish', async () => {
    await page.getByTestId('journeys-table').getByRole('checkbox').first().check();
    await visible(page.getByText('已选择 4 家企业'));
    await page.getByTestId('bulk-action').click();
    await page.locator('.ant-select-item-option', { hasText: '指派认证机构' }).click();
    const dialog = page.getByRole('dialog');
    await visible(dialog);
    await dialog.getByTestId('bulk-body').click();
    await page.locator('.ant-select-item-option', { hasText: '浙江方圆检测认证有限公司' }).click();
    await settle();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'journeys-bulk.png') });

    await page.getByTestId('bulk-submit').click();
    await page.waitForURL(/\/console\/batches\//);
    await visible(page.getByTestId('batch-progress'));
    await page.locator('[data-testid="batch-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('batch-progress').innerText()).resolves.toMatch(/4\s*\/\s*4/);
    await settle();
    expect(await seriousA11yViolations(page)).toEqual([]);

    for (const e of selected) {
      const journey = await ok(
        stack.api().GET('/v1/journeys/{id}', { params: { path: { id: `journey-${roundId}-${e.uscc}` } } }),
      );
      expect(journey.certificationBodyId).toBe(bodyId);
    }
  });
});
