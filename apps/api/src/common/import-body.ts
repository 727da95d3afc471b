/*
 * The candidate import's body as the HTTP edge reads it. Here, not in rounds/: the body parsers and
 * the body limits apply it before any handler (or module) is reached.
 */

/** A national import is tens of thousands of rows in one request: 60,000 rows of CSV are about 10 MB. */
export const IMPORT_LIMIT = 64 * 1024 * 1024;

/** The one route that takes a CSV body (and the larger body limit). */
export const IMPORT_ROUTE = '/v1/rounds/:id/candidates';

export const CSV_MEDIA_TYPES = ['text/csv', 'application/csv'];

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A workbook is compressed (about a tenth of its CSV) and read whole into memory to be unpacked, so it
 * gets a smaller limit than a CSV: 16 MB is a ledger of several hundred thousand rows.
 */
export const XLSX_LIMIT = 16 * 1024 * 1024;

/**
 * Charsets a CSV import may declare in its Content-Type. Without one the import reads UTF-8 (with or
 * without BOM), UTF-16 with a BOM, or else GB18030, which is what Excel on Chinese Windows writes.
 */
export const CSV_CHARSETS: readonly string[] = [
  'utf-8',
  'utf8',
  'us-ascii',
  'gb18030',
  'gbk',
  'gb2312',
  'utf-16',
  'utf-16le',
  'utf-16be',
];

export function acceptsCsv(routeUrl: string | undefined): boolean {
  return routeUrl === IMPORT_ROUTE;
}
