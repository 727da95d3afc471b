import { parse } from 'csv-parse/sync';
import { spreadsheetCell, spreadsheetCsv } from './spreadsheet';

describe('spreadsheet output (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ['+1+cmd', `'+1+cmd`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
  ])('neutralises %j', (cell, expected) => {
    expect(spreadsheetCell(cell)).toBe(expected);
  });

  it('leaves other text, numbers (negative ones too) and blanks as they are', () => {
    expect(spreadsheetCell('杭州某某科技有限公司')).toBe('杭州某某科技有限公司');
    expect(spreadsheetCell('a=b')).toBe('a=b');
    expect(spreadsheetCell(-12.5)).toBe(-12.5);
    expect(spreadsheetCell(0)).toBe(0);
    expect(spreadsheetCell(null)).toBeNull();
    expect(spreadsheetCell('')).toBe('');
  });

  it('writes a CSV whose text cells are quoted, neutralised and read back as written', () => {
    const csv = spreadsheetCsv([
      ['dimension', 'label', 'value'],
      ['certification_body', '=1+1', -3],
      ['certification_body', 'A "quoted", name\nwith a line', 4],
      ['certification_body', null, 5],
    ]);
    expect(csv.startsWith('\uFEFF"dimension","label","value"\n')).toBe(true);
    expect(csv).toContain(`"certification_body","'=1+1",-3\n`);
    const rows = parse(csv.slice(1)) as string[][];
    expect(rows[1]).toEqual(['certification_body', "'=1+1", '-3']);
    expect(rows[2]).toEqual(['certification_body', 'A "quoted", name\nwith a line', '4']);
    expect(rows[3]).toEqual(['certification_body', '', '5']);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]/);
  });
});
