import iconv from 'iconv-lite';
import { InvalidInputError } from '@uplift/domain';
import { BlankRow, csvCandidateRows, decodeCsv, RejectedRow, SheetHeader } from './csv-rows';
import { MAX_IMPORT_ROWS } from './rounds.dto';

const HEADER = 'uscc,name,regionCode,industryCode,email';
const ROW = '91330106MA27XL0Q9G,杭州茶叶有限公司,330106,C13,a@example.com';

async function read(body: Buffer | string, charset?: string, maxRows?: number): Promise<unknown[]> {
  const rows: unknown[] = [];
  for await (const row of csvCandidateRows(
    Buffer.isBuffer(body) ? body : Buffer.from(body),
    charset,
    maxRows,
  ))
    if (!(row instanceof SheetHeader)) rows.push(row);
  return rows;
}

/** What refused the body: each detail's field and English message (its code in `codes`). */
async function refusal(
  body: Buffer | string,
  charset?: string,
  maxRows?: number,
): Promise<{ details: { field: string; message: string }[]; codes: (string | undefined)[] }> {
  try {
    await read(body, charset, maxRows);
  } catch (err) {
    if (err instanceof InvalidInputError)
      return {
        details: err.details.map(({ field, message }) => ({ field, message })),
        codes: err.details.map((d) => d.code),
      };
    throw err;
  }
  throw new Error('the body was not refused');
}

describe('csvCandidateRows', () => {
  it('skips blank rows as BlankRow and lists the columns it does not read once', async () => {
    const rows: unknown[] = [];
    for await (const row of csvCandidateRows(
      Buffer.from(`序号,${HEADER},备注,颜色\n1,${ROW},x,红\n,,,,,,,\n\n2,${ROW.replace('杭州', '宁波')},,\n`),
      undefined,
    ))
      rows.push(row);
    expect(rows[0]).toBeInstanceOf(SheetHeader);
    expect((rows[0] as SheetHeader).ignoredColumns).toEqual(['序号', '备注', '颜色']);
    expect((rows[0] as SheetHeader).columnOf('uscc')).toBe('uscc');
    expect(rows.slice(1).map((r) => (r instanceof BlankRow ? 'blank' : 'row'))).toEqual([
      'row',
      'blank',
      'blank',
      'row',
    ]);
  });

  it('reads CRLF, a BOM and Chinese headers', async () => {
    const rows = await read(`\uFEFF统一社会信用代码,企业名称,行政区划代码,行业代码,电子邮箱\r\n${ROW}\r\n`);
    expect(rows).toEqual([
      {
        uscc: '91330106MA27XL0Q9G',
        name: '杭州茶叶有限公司',
        regionCode: '330106',
        industryCode: 'C13',
        email: 'a@example.com',
      },
    ]);
  });

  it('reads GB18030 when the bytes are not UTF-8, and a declared charset as declared', async () => {
    const bytes = iconv.encode(`${HEADER}\n${ROW}\n`, 'gb18030');
    expect(await read(bytes)).toEqual([expect.objectContaining({ name: '杭州茶叶有限公司' })]);
    expect(await read(bytes, 'gbk')).toEqual([expect.objectContaining({ name: '杭州茶叶有限公司' })]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`${HEADER}\n${ROW}\n`, 'utf-16le')]);
    expect(await read(utf16)).toEqual([expect.objectContaining({ name: '杭州茶叶有限公司' })]);
  });

  it('refuses bytes that are not valid in the declared charset', async () => {
    const bytes = iconv.encode(`${HEADER}\n${ROW}\n`, 'gb18030');
    expect((await refusal(bytes, 'utf-8')).details).toEqual([
      { field: '(body)', message: 'is not valid UTF-8' },
    ]);
    expect((await refusal(`${HEADER}\n${ROW}\n`, 'us-ascii')).details[0].message).toMatch(/US-ASCII/);
    expect(() => decodeCsv(Buffer.from([0x81, 0x20]), 'gb18030')).toThrow(InvalidInputError);
  });

  it.each([
    ['an empty body', '', /is empty/],
    ['a header only', `${HEADER}\r\n`, /no data rows/],
    ['blank lines only', '\n\n\n', /no header row/],
    ['an unclosed quote', `${HEADER}\n"91330106MA27XL0Q9G,x,330106,C13,a@example.com\n`, /quote/i],
  ])('refuses %s as a whole, naming the body', async (_name, body, message) => {
    const err = await refusal(body);
    expect(err.details).toEqual([{ field: '(body)', message: expect.stringMatching(message) }]);
  });

  it('refuses repeated and missing columns by header', async () => {
    expect((await refusal(`${HEADER},统一社会信用代码\n${ROW},x\n`)).details).toEqual([
      { field: 'header.统一社会信用代码', message: 'fills uscc, as column uscc already does' },
    ]);
    expect((await refusal(`name,email\nx,a@example.com\n`)).details).toEqual([
      { field: 'header.uscc', message: expect.stringContaining('required') },
    ]);
    expect((await refusal(`${HEADER},a\u0000b\n${ROW},x\n`)).details).toEqual([
      { field: 'header.a\\u0000b', message: 'contains a control character' },
    ]);
    // Each by its rule's code, whatever language it is told in.
    const codes = await Promise.all(
      [`${HEADER},统一社会信用代码\n${ROW},x\n`, `name,email\nx,a@example.com\n`, ''].map(
        async (body) => (await refusal(body)).codes,
      ),
    );
    expect(codes).toEqual([['csv.duplicate_column'], ['csv.uscc_column_required'], ['csv.empty']]);
  });

  it('refuses a row with a control character or the wrong number of cells by row and column', async () => {
    const rows = await read(
      [
        HEADER,
        ROW.replace('杭州', '杭\u0000州'),
        `${ROW},extra`,
        ROW.split(',').slice(0, 3).join(','),
        ROW,
      ].join('\n'),
    );
    expect(rows[0]).toEqual(
      new RejectedRow([
        {
          field: 'name',
          code: 'csv.cell_control_character',
          params: { column: 'name' },
          message: 'contains a control character (column name)',
        },
      ]),
    );
    expect(rows[1]).toEqual(
      new RejectedRow([
        {
          field: '(row)',
          code: 'csv.cell_count',
          params: { cells: 6, headers: 5 },
          message: 'has 6 cells where the header has 5',
        },
      ]),
    );
    expect(rows[2]).toEqual(
      new RejectedRow([
        {
          field: '(row)',
          code: 'csv.cell_count',
          params: { cells: 3, headers: 5 },
          message: 'has 3 cells where the header has 5',
        },
      ]),
    );
    expect(rows[3]).toMatchObject({ uscc: '91330106MA27XL0Q9G' });
  });

  it(`refuses more rows than the limit (${MAX_IMPORT_ROWS}), without reading on`, async () => {
    const body = `${HEADER}\n${`${ROW}\n`.repeat(4)}`;
    expect(await read(body, undefined, 4)).toHaveLength(4);
    expect((await refusal(body, undefined, 3)).details).toEqual([
      { field: '(body)', message: 'has more than 3 data rows; import it in parts' },
    ]);
  });
});
