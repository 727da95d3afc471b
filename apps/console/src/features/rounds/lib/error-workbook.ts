import type { DuplicateRow, RowError } from '../api/import-candidates';

/** The import's errors as an .xlsx for the person who keeps the ledger: exceljs loads only when asked. */
export async function errorWorkbook(
  rejected: RowError[],
  duplicates: DuplicateRow[],
  words: {
    row: string;
    sheetRow: string;
    column: string;
    message: string;
    duplicateList: string;
    firstRow: string;
    alreadyInRound: string;
    errors: string;
  },
): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const errors = book.addWorksheet(words.errors);
  errors.columns = [
    { header: words.row, width: 10 },
    { header: words.sheetRow, width: 12 },
    { header: words.column, width: 22 },
    { header: words.message, width: 70 },
  ];
  // Text, never a formula: a cell written from a file someone sent starts with what they typed.
  for (const e of rejected)
    errors.addRow([e.row, e.row + 1, e.column ?? e.field, `${e.message}`.replace(/^[=+\-@]/, "'$&")]);
  errors.getRow(1).font = { bold: true };
  if (duplicates.length > 0) {
    const dup = book.addWorksheet(words.duplicateList);
    dup.columns = [
      { header: words.row, width: 10 },
      { header: words.sheetRow, width: 12 },
      { header: '统一社会信用代码', width: 24 },
      { header: words.firstRow, width: 18 },
    ];
    for (const d of duplicates) dup.addRow([d.row, d.row + 1, d.uscc, d.firstRow ?? words.alreadyInRound]);
    dup.getRow(1).font = { bold: true };
  }
  const bytes = await book.xlsx.writeBuffer();
  return new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
