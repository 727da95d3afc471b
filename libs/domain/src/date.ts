import { englishMessage, type MessageCode, type MessageParams } from './messages';

/** Calendar dates as ISO 8601 `YYYY-MM-DD` (certificate issue and expiry, measure due dates). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is `YYYY-MM-DD` and names a day that exists (no 2025-02-29, no 2025-13-01). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/** China keeps one time zone, UTC+8, with no daylight saving: "today" for a certificate is Beijing's. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar date in Beijing at `now`, as YYYY-MM-DD. */
export function beijingDate(now: Date): string {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` moved by `days` (negative: earlier), as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A quality-management certificate is valid for three years at most (CNCA's certification rules). */
export const CERTIFICATE_YEARS = 3;
/** No certificate of the campaign was issued before this day; an earlier one is a typing error. */
export const EARLIEST_CERTIFICATE_ISSUE = '2000-01-01';
/** How far past today (in Beijing) an issue date may lie: a body may record a certificate dated this week. */
export const CERTIFICATE_ISSUE_MARGIN_DAYS = 7;

/**
 * The day a certificate issued on `issuedOn` expires: three years later, the same month and day, and
 * 28 February for one issued on 29 February (three years after a leap year is never one).
 */
export function certificateExpiry(issuedOn: string): string {
  if (!isIsoDate(issuedOn)) throw new RangeError(`not a date: ${issuedOn}`);
  const year = Number(issuedOn.slice(0, 4)) + CERTIFICATE_YEARS;
  const monthDay = issuedOn.slice(5);
  const candidate = `${String(year).padStart(4, '0')}-${monthDay}`;
  return isIsoDate(candidate) ? candidate : `${candidate.slice(0, 8)}28`;
}

/**
 * Why a certificate's dates are not plausible, by field: issued from EARLIEST_CERTIFICATE_ISSUE to
 * CERTIFICATE_ISSUE_MARGIN_DAYS after today in Beijing; expiring after its issue and no later than
 * `certificateExpiry(issuedOn)`. Dates that are not dates are the date schema's to report.
 */
export function checkCertificateDates(
  dates: { issuedOn?: string; expiresOn?: string },
  now: Date,
): { field: 'issuedOn' | 'expiresOn'; message: string }[] {
  return certificateDateProblems(dates, now).map(({ field, code, params }) => ({
    field,
    message: englishMessage(code, params),
  }));
}

/** The same rules as `checkCertificateDates`, each by its message code and parameters. */
export function certificateDateProblems(
  dates: { issuedOn?: string; expiresOn?: string },
  now: Date,
): { field: 'issuedOn' | 'expiresOn'; code: MessageCode; params: MessageParams }[] {
  const { issuedOn, expiresOn } = dates;
  if (issuedOn === undefined || !isIsoDate(issuedOn)) return [];
  const latest = addDays(beijingDate(now), CERTIFICATE_ISSUE_MARGIN_DAYS);
  if (issuedOn < EARLIEST_CERTIFICATE_ISSUE)
    return [
      {
        field: 'issuedOn',
        code: 'certificate.issued_too_early',
        params: { earliest: EARLIEST_CERTIFICATE_ISSUE },
      },
    ];
  if (issuedOn > latest)
    return [
      {
        field: 'issuedOn',
        code: 'certificate.issued_too_late',
        params: { latest, days: CERTIFICATE_ISSUE_MARGIN_DAYS },
      },
    ];
  if (expiresOn === undefined || !isIsoDate(expiresOn)) return [];
  if (expiresOn <= issuedOn)
    return [{ field: 'expiresOn', code: 'certificate.expires_before_issue', params: {} }];
  const longest = certificateExpiry(issuedOn);
  if (expiresOn > longest)
    return [
      {
        field: 'expiresOn',
        code: 'certificate.expires_too_late',
        params: { latest: longest, years: CERTIFICATE_YEARS },
      },
    ];
  return [];
}
