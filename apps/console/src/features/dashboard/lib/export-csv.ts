import { spreadsheetCell, type SpreadsheetCell } from '@uplift/domain/spreadsheet-cell';

/** RFC 4180: every text cell quoted, a quote inside doubled, so no separator in a name starts a cell. */
function csvOf(rows: SpreadsheetCell[][]): string {
  return rows
    .map((row) =>
      row
        .map(spreadsheetCell)
        .map((v) =>
          v === null || v === undefined
            ? ''
            : typeof v === 'number'
              ? String(v)
              : `"${v.replace(/"/g, '""')}"`,
        )
        .join(','),
    )
    .join('\r\n');
}

/**
 * Downloads a table as a CSV spreadsheets open as they are: headers as shown (Chinese), a byte-order
 * mark so Excel on Chinese Windows reads UTF-8, and no cell that could run as a formula (the rule the
 * API's CSVs follow, libs/domain/src/spreadsheet-cell.ts).
 */
export function downloadCsv(fileName: string, header: string[], rows: SpreadsheetCell[][]): void {
  const blob = new Blob([`\uFEFF${csvOf([header, ...rows])}\r\n`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
