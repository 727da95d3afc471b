/**
 * What a spreadsheet (Excel, WPS, LibreOffice, Google Sheets) takes for the start of a formula when a
 * cell begins with it (OWASP, "CSV Injection"): `=`, `+`, `-`, `@`, tab and carriage return; NUL and
 * line feed too (ASVS 1.2.10), since some programs drop them and read what follows as the cell's start.
 * Apart from spreadsheet.ts so the console, which has no csv-stringify (it needs Node's Buffer), writes
 * its CSVs by the same rule.
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
