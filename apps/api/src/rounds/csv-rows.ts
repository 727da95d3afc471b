import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { Readable, pipeline } from 'node:stream';
import {
  InvalidInputError,
  candidateFromCells,
  mapCandidateHeaders,
  type FieldError,
  fieldError,
  type MessageCode,
  type MessageParams,
  escapeUnsafeCharacters,
  hasUnsafeCharacters,
} from '@uplift/domain';
import { MAX_IMPORT_ROWS } from './rounds.dto';

/** A data row refused before its fields are read (a control character, a wrong number of cells). */
export class RejectedRow {
  constructor(readonly errors: FieldError[]) {}
}

export const bodyError = (code: MessageCode, params?: MessageParams) =>
  new InvalidInputError([fieldError('(body)', code, params)], 'malformed CSV');

/** A header as an error names it: control characters visible, and short. */
export function headerName(h: string): string {
  const visible = escapeUnsafeCharacters(h.trim());
  return visible.length > 64 ? `${visible.slice(0, 64)}…` : visible;
}

/**
 * The body as text. A declared charset is read as declared; without one, UTF-8 (with or without
 * BOM), UTF-16 with its BOM, or else GB18030, which is what Excel on Chinese Windows writes. Bytes
 * that are not valid in the charset refuse the body rather than turn into U+FFFD in a stored name.
 */
export function decodeCsv(bytes: Buffer, declared: string | undefined): string {
  let charset = declared;
  if (!charset) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) charset = 'utf-16le';
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) charset = 'utf-16be';
    else {
      try {
        return stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        charset = 'gb18030';
      }
    }
  }
  if (charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii') {
    if (charset === 'us-ascii' && bytes.some((b) => b > 0x7f)) throw bodyError('csv.not_ascii');
    try {
      return stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw bodyError('body.not_utf8');
    }
  }
  const text = iconv.decode(bytes, charset, { stripBOM: true });
  if (text.includes('\uFFFD'))
    throw declared
      ? bodyError('csv.bad_charset', { charset: charset.toUpperCase() })
      : bodyError('csv.undetected_charset', { charset: charset.toUpperCase() });
  return text;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The text in slices, so parsing a large file lets other requests run between them. */
function* slices(text: string, size = 256 * 1024): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/**
 * Candidate rows of a CSV body, already read whole: the SheetHeader first, then one import row per
 * record (a BlankRow for an empty one). Header names in English or Chinese. Whatever is wrong with
 * the file as a whole (no header, a repeated column, an unclosed quote, no data rows, too many)
 * refuses it before any row is used; what is wrong with one row (a control character, a wrong
 * number of cells) refuses that row, by row and column.
 */
export async function* csvCandidateRows(
  bytes: Buffer,
  charset: string | undefined,
  maxRows = MAX_IMPORT_ROWS,
): AsyncGenerator<unknown> {
  if (bytes.length === 0) throw bodyError('csv.empty');
  const text = decodeCsv(bytes, charset);
  // Empty lines are rows too: they keep row numbers those of the file, and count as skipped.
  const parser = parse({ relax_column_count: true, relax_quotes: true });
  // pipeline: an error of either stream destroys both and ends the loop below; none is left unheard.
  const records = pipeline(Readable.from(slices(text)), parser, () => undefined);
  let header: SheetHeader | null = null;
  let rows = 0;
  let data = 0;
  try {
    for await (const cells of records as AsyncIterable<string[]>) {
      if (!header) {
        if (isBlank(cells)) continue;
        header = sheetHeader(cells);
        yield header;
        continue;
      }
      if (++rows > maxRows) throw bodyError('csv.too_many_rows', { max: maxRows });
      if (isBlank(cells)) {
        yield new BlankRow();
        continue;
      }
      data++;
      yield sheetRow(header, cells);
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      const reason = `${err.message}${line && !err.message.includes('line') ? ` (line ${line})` : ''}`;
      throw bodyError('csv.malformed', { reason });
    }
    throw err;
  } finally {
    records.destroy();
  }
  if (!header) throw bodyError('csv.no_header');
  if (data === 0) throw bodyError('csv.no_rows');
}

/**
 * What the header row says: the field each column fills, the header each field was read under (so a
 * row's error names the column as the file wrote it), and the columns the import does not read.
 */
export class SheetHeader {
  constructor(
    readonly headers: string[],
    readonly fields: (string | null)[],
    readonly ignoredColumns: string[],
  ) {}

  /** The header the file gave the column that fills `field`. */
  columnOf(field: string): string | undefined {
    const i = this.fields.indexOf(field);
    return i < 0 ? undefined : headerName(this.headers[i]);
  }
}

/** A row with nothing in it (Excel leaves them behind): skipped and counted, never an error. */
export class BlankRow {}

/**
 * The field each column fills. A column nobody knows (备注, 注册资本) is read as nothing and listed
 * once; two columns filling one field, or no USCC column, refuse the file.
 */
export function sheetHeader(cells: string[]): SheetHeader {
  const unsafe = cells.filter((h) => hasUnsafeCharacters(h));
  if (unsafe.length > 0)
    throw new InvalidInputError(
      unsafe.slice(0, 20).map((h) => fieldError(`header.${headerName(h)}`, 'input.control_character')),
      'malformed CSV',
    );
  const mapped = mapCandidateHeaders(cells);
  const errors: FieldError[] = [];
  const first = new Map<string, string>();
  mapped.fields.forEach((field, i) => {
    if (!field) return;
    const earlier = first.get(field);
    if (earlier === undefined) first.set(field, cells[i]);
    else
      errors.push(
        fieldError(`header.${headerName(cells[i])}`, 'csv.duplicate_column', {
          field,
          column: headerName(earlier),
        }),
      );
  });
  if (errors.length > 0) throw new InvalidInputError(errors.slice(0, 20));
  if (!mapped.fields.includes('uscc')) {
    throw new InvalidInputError([fieldError('header.uscc', 'csv.uscc_column_required')]);
  }
  const ignored = cells
    .filter((h, i) => mapped.fields[i] === null && h.trim() !== '')
    .map((h) => headerName(h));
  return new SheetHeader(cells, mapped.fields, [...new Set(ignored)]);
}

/** Whether every cell of a row is empty or space. */
export function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** One data row as the JSON form's row, or its refusal naming each column at fault. */
export function sheetRow(header: SheetHeader, cells: string[]): unknown {
  const { headers, fields } = header;
  if (cells.length !== headers.length)
    return new RejectedRow([
      fieldError('(row)', 'csv.cell_count', { cells: cells.length, headers: headers.length }),
    ]);
  const unsafe: FieldError[] = [];
  cells.forEach((cell, i) => {
    if (!hasUnsafeCharacters(cell)) return;
    unsafe.push(
      fieldError(fields[i] ?? headerName(headers[i]), 'csv.cell_control_character', {
        column: headerName(headers[i]),
      }),
    );
  });
  if (unsafe.length > 0) return new RejectedRow(unsafe);
  return candidateFromCells(fields, cells);
}
