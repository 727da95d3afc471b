import { formatBeijing } from '../../../lib/format';
import type { Locale } from '../../../lib/i18n';

/** Everyone reads Beijing time, wherever the browser is. */
const ZONE = 'Asia/Shanghai';

/** Beijing time, as the whole console shows it. */
export function dateTime(iso: string | null | undefined, _locale?: Locale): string {
  return formatBeijing(iso);
}

export function date(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  // A calendar date (YYYY-MM-DD) is the same day everywhere: shown as written.
  const value = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00+08:00`) : new Date(iso);
  return new Intl.DateTimeFormat(locale, {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(value);
}

export function number(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/** Whole days from now to `iso` (negative: past), counted in Beijing days. */
export function daysUntil(iso: string, now = new Date()): number {
  const day = (d: Date) => Math.floor((d.getTime() + 8 * 3600_000) / 86_400_000);
  return day(new Date(iso)) - day(now);
}
