import { isIsoDate } from './date';

describe('calendar dates (ISO 8601 YYYY-MM-DD)', () => {
  it.each(['2026-03-01', '2024-02-29', '2000-02-29', '1999-12-31'])('accepts %s', (text) => {
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    ['2025-02-29', 'not a leap year'],
    ['1900-02-29', 'a century that is not a leap year'],
    ['2026-13-01', 'month 13'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-00-10', 'month 0'],
    ['2026-3-1', 'unpadded'],
    ['2026-03-01T00:00:00Z', 'a timestamp, not a date'],
    ['01/03/2026', 'another notation'],
    ['', 'empty'],
  ])('refuses %p (%s)', (text) => {
    expect(isIsoDate(text)).toBe(false);
  });
});
