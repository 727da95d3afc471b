/** A national import is tens of thousands of rows in one request: 60,000 rows of CSV are about 10 MB. */
export const IMPORT_LIMIT = 64 * 1024 * 1024;
