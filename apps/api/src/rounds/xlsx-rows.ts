import ExcelJS from 'exceljs';
import { fieldError, type FieldError } from '@uplift/domain';
import { MAX_IMPORT_ROWS } from './rounds.dto';
import { BlankRow, RejectedRow, bodyError, headerName, isBlank, sheetHeader, sheetRow } from './csv-rows';
import { MAX_UNPACKED_XLSX_BYTES, checkZipBudget } from './xlsx-guard';

/**
 * Fields that are text however they look: a USCC, a division or industry code, a name. Excel turns
 * text of digits into a number when the column is not formatted as text, and keeps 15 significant
 * digits of it, so an 18-digit USCC comes back with its last digits gone.
 */
const TEXT_FIELDS = new Set(['uscc', 'name', 'regionCode', 'industryCode', 'email', 'contactName']);

type CellValue = ExcelJS.CellValue;

/** A cell as the text a person sees in it: rich text joined, a formula's result, a date as a day. */
function cellText(value: CellValue): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // Excel keeps a date as a day without a zone; exceljs hands it over as that day at 00:00 UTC.
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as ExcelJS.CellFormulaValue).result as CellValue);
  if ('hyperlink' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text as CellValue);
  if ('error' in value) return String(value.error);
  return '';
}

/**
 * A number read back as the text it stands for, or the reason it cannot be: a USCC is never a number
 * (18 characters, beyond the digits a spreadsheet keeps), and a code longer than 15 digits may have
 * lost some.
 */
function numberAsText(field: string | null, n: number, column: string): string | FieldError {
  if (field === 'uscc' || (field && TEXT_FIELDS.has(field) && !(Number.isSafeInteger(n) && n < 1e15)))
    return fieldError(field, 'xlsx.number_cell', { column, value: String(n) });
  return String(n);
}

/**
 * Candidate rows of an Excel workbook (its first sheet), in the order and shapes of
 * `csvCandidateRows`: the SheetHeader, then one import row or BlankRow per sheet row. A file that is
 * not a workbook refuses the body; a sheet with no header or no data rows too.
 */
export async function* xlsxCandidateRows(bytes: Buffer, maxRows = MAX_IMPORT_ROWS): AsyncGenerator<unknown> {
  if (bytes.length === 0) throw bodyError('csv.empty');
  const verdict = await checkZipBudget(bytes);
  if (!verdict.ok)
    throw verdict.reason === 'too_large'
      ? bodyError('xlsx.too_large', { max: MAX_UNPACKED_XLSX_BYTES / 2 ** 20 })
      : bodyError('xlsx.unreadable', { reason: 'not a zip archive' });
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw bodyError('xlsx.unreadable', { reason: (err as Error).message.slice(0, 200) });
  }
  const sheet = workbook.worksheets.find((s) => s.rowCount > 0);
  if (!sheet) throw bodyError('csv.empty');
  if (sheet.rowCount > maxRows + 1) throw bodyError('csv.too_many_rows', { max: maxRows });
  const width = sheet.columnCount;
  const valuesOf = (r: number): (string | number)[] => {
    const row = sheet.getRow(r);
    return Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value));
  };
  let first = 1;
  while (first <= sheet.rowCount && isBlank(valuesOf(first).map(String))) first++;
  if (first > sheet.rowCount) throw bodyError('csv.no_header');
  const headerCells = valuesOf(first).map((v) => String(v));
  // Columns past the last header are trailing space people left, not data.
  let used = headerCells.length;
  while (used > 0 && headerCells[used - 1].trim() === '') used--;
  const header = sheetHeader(headerCells.slice(0, used));
  yield header;
  let data = 0;
  for (let r = first + 1; r <= sheet.rowCount; r++) {
    const values = valuesOf(r).slice(0, used);
    const errors: FieldError[] = [];
    const cells = values.map((v, i) => {
      if (typeof v === 'string') return v;
      const text = numberAsText(header.fields[i], v, headerName(header.headers[i]));
      if (typeof text === 'string') return text;
      errors.push(text);
      return '';
    });
    if (errors.length === 0 && isBlank(cells)) {
      yield new BlankRow();
      continue;
    }
    data++;
    yield errors.length > 0 ? new RejectedRow(errors) : sheetRow(header, cells);
    // Let other requests run between slices of a large sheet.
    if (r % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (data === 0) throw bodyError('csv.no_rows');
}
