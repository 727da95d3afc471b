import { stringify } from 'csv-stringify/sync';

import { spreadsheetCell, type SpreadsheetCell } from './spreadsheet-cell';

export { spreadsheetCell, type SpreadsheetCell };

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
