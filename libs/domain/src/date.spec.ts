import { addDays, beijingDate, certificateExpiry, checkCertificateDates, isIsoDate } from './date';

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

describe('today in Beijing (UTC+8, no daylight saving)', () => {
  it('turns the date at 16:00 UTC', () => {
    expect(beijingDate(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(beijingDate(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });

  it('counts days across months and years', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('certificate expiry: three years after issue', () => {
  it.each([
    ['2026-11-20', '2029-11-20'],
    ['2026-01-01', '2029-01-01'],
    ['2025-12-31', '2028-12-31'],
    ['2024-02-29', '2027-02-28'],
    ['2000-02-29', '2003-02-28'],
    ['2025-02-28', '2028-02-28'],
    ['2025-03-01', '2028-03-01'],
  ])('%s expires on %s', (issuedOn, expiresOn) => {
    expect(certificateExpiry(issuedOn)).toBe(expiresOn);
  });

  it('refuses what is not a date instead of computing nonsense', () => {
    expect(() => certificateExpiry('2025-02-29')).toThrow(RangeError);
  });
});

describe('plausible certificate dates', () => {
  const now = new Date('2026-11-30T20:00:00Z'); // 1 December in Beijing

  it('takes issue dates from 2000-01-01 to a week after today in Beijing', () => {
    for (const issuedOn of ['2000-01-01', '2026-11-30', '2026-12-01', '2026-12-08'])
      expect(checkCertificateDates({ issuedOn }, now)).toEqual([]);
  });

  it.each([
    [{ issuedOn: '1999-12-31' }, 'issuedOn', 'must be 2000-01-01 or later'],
    [
      { issuedOn: '2026-12-09' },
      'issuedOn',
      'must be no later than 2026-12-08 (7 days after today in Beijing)',
    ],
    [
      { issuedOn: '9999-12-31' },
      'issuedOn',
      'must be no later than 2026-12-08 (7 days after today in Beijing)',
    ],
    [{ issuedOn: '2026-01-10', expiresOn: '2026-01-09' }, 'expiresOn', 'must be after issuedOn'],
    [{ issuedOn: '2026-01-10', expiresOn: '2026-01-10' }, 'expiresOn', 'must be after issuedOn'],
    [
      { issuedOn: '2026-01-10', expiresOn: '2029-01-11' },
      'expiresOn',
      'must be no later than 2029-01-10 (3 years after issuedOn)',
    ],
    [
      { issuedOn: '2024-02-29', expiresOn: '2027-03-01' },
      'expiresOn',
      'must be no later than 2027-02-28 (3 years after issuedOn)',
    ],
  ])('refuses %j by %s', (dates, field, message) => {
    expect(checkCertificateDates(dates, now)).toEqual([{ field, message }]);
  });

  it('takes an expiry up to three years after issue', () => {
    expect(checkCertificateDates({ issuedOn: '2024-02-29', expiresOn: '2027-02-28' }, now)).toEqual([]);
    expect(checkCertificateDates({ issuedOn: '2026-01-10', expiresOn: '2027-01-10' }, now)).toEqual([]);
  });
});
