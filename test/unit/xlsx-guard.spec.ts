import ExcelJS from 'exceljs';
import { InvalidInputError } from '@uplift/domain';
import { checkZipBudget } from '../../apps/api/src/rounds/xlsx-guard';
import { xlsxCandidateRows } from '../../apps/api/src/rounds/xlsx-rows';
import { zip } from '../support/zip';

async function ledger(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('帮扶台账');
  sheet.addRow(['统一社会信用代码', '企业名称']);
  sheet.addRow(['91330106MA2B3C4D5E', '杭州西湖精密机械有限公司']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function refusal(bytes: Buffer): Promise<InvalidInputError> {
  try {
    for await (const row of xlsxCandidateRows(bytes)) void row;
  } catch (err) {
    if (err instanceof InvalidInputError) return err;
    throw err;
  }
  throw new Error('the workbook was read');
}

describe('an uploaded workbook is measured before it is unpacked', () => {
  it('lets a workbook Excel would write through, with what it unpacks to', async () => {
    const verdict = await checkZipBudget(await ledger());
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && verdict.unpackedBytes).toBeGreaterThan(1000);
  });

  it('refuses parts whose declared sizes add up past the budget, before inflating any', async () => {
    const parts = [1, 2, 3].map((i) => ({
      name: `xl/worksheets/sheet${i}.xml`,
      data: Buffer.alloc(10),
      declaredSize: 50 << 20,
    }));
    expect(await checkZipBudget(zip(parts))).toEqual({ ok: false, reason: 'too_large' });
    // The budget is the caller's: under one that covers them, the same parts pass.
    expect(await checkZipBudget(zip(parts), 200 << 20)).toEqual({ ok: true, unpackedBytes: 150 << 20 });
  });

  it('stops inflating a part that lies about its size, and names the body in the refusal', async () => {
    // 64 MB of zeros deflate to about 64 KB: a bomb declaring one kilobyte.
    const bomb = zip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 << 20), declaredSize: 1024 },
    ]);
    expect(bomb.length).toBeLessThan(1 << 20);
    expect(await checkZipBudget(bomb)).toEqual({ ok: false, reason: 'too_large' });
    const err = await refusal(bomb);
    expect(err.details).toEqual([expect.objectContaining({ field: '(body)', code: 'xlsx.too_large' })]);
    expect(err.details[0].message).toContain('128 MB');
  });

  it('refuses what is not a zip archive as an unreadable workbook', async () => {
    const err = await refusal(Buffer.from('统一社会信用代码,企业名称\n'));
    expect(err.details).toEqual([expect.objectContaining({ field: '(body)', code: 'xlsx.unreadable' })]);
  });
});
