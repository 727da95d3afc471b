import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Locale } from './i18n';

dayjs.extend(utc);
dayjs.extend(timezone);

/** People read Beijing time, whatever the browser's zone. */
export const BEIJING = 'Asia/Shanghai';

/** `2026-12-01 12:30` in Beijing time; an empty value reads as a dash. */
export function formatBeijing(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).tz(BEIJING).format('YYYY-MM-DD HH:mm');
}

/** `2026-12-01` in Beijing time. */
export function formatBeijingDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).tz(BEIJING).format('YYYY-MM-DD');
}

/** "逾期 3 天" / "3 days overdue"; less than a whole day: "已逾期" / "overdue". */
export function formatOverdue(days: number, locale: Locale): string {
  if (locale === 'en') return days <= 0 ? 'overdue' : days === 1 ? '1 day overdue' : `${days} days overdue`;
  return days <= 0 ? '已逾期' : `逾期 ${days} 天`;
}

/** Amounts in yuan shown in 万元 (ten thousand yuan), as the campaign's forms count them. */
export function formatWan(yuan: number | null | undefined, locale: Locale): string {
  if (yuan === null || yuan === undefined) return '—';
  const wan = (yuan / 10_000).toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN', {
    maximumFractionDigits: 2,
  });
  return locale === 'en' ? `${wan} × 10k CNY` : `${wan} 万元`;
}

/** A rate between 0 and 1 as a percentage: 0.853 → "85.3%". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

/** A figure the API already gives in percent (the regulator's figures: 17.8 → "17.80%"), as its notices print it. */
export function formatPercent(percent: number | null | undefined): string {
  return percent === null || percent === undefined ? '—' : `${percent.toFixed(2)}%`;
}

/** Minutes (rounded up) until a moment `seconds` from now, for lockout messages. */
export function minutesFromSeconds(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
