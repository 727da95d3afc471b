import { stringify } from 'csv-stringify/sync';

/**
 * What a spreadsheet (Excel, WPS, LibreOffice, Google Sheets) takes for the start of a formula when a
 * cell begins with it (OWASP, "CSV Injection"): `=`, `+`, `-`, `@`, tab and carriage return; NUL and
 * line feed too (ASVS 1.2.10), since some programs drop them and read what follows as the cell's start.
 */
const FORMULA_START = /^[=+\-@\t\r\n\0]/;

export type SpreadsheetCell = string | number | null | undefined;

/**
 * A cell as a spreadsheet must show it, never run it: text that would start a formula gets a leading
 * single quote, which spreadsheets read as "this is text" (OWASP's advice). Numbers stay numbers, so a
 * negative figure is still one; only text from people (names, codes) can carry a formula.
 */
export function spreadsheetCell(value: SpreadsheetCell): SpreadsheetCell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Every CSV people open in a spreadsheet is written here: each text cell neutralised and quoted (a
 * quote inside doubled, RFC 4180), so a separator or quote in a name cannot start a new cell either.
 * A byte-order mark first, so Excel on Chinese Windows reads the UTF-8 as UTF-8.
 */
export function spreadsheetCsv(rows: SpreadsheetCell[][]): string {
  return (
    '\uFEFF' +
    stringify(
      rows.map((row) => row.map(spreadsheetCell)),
      { quoted_string: true },
    )
  );
}
