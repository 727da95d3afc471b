import { checkSettingDuration, durationToMs, isIsoDuration } from './duration';

describe('ISO 8601 durations', () => {
  it.each([
    ['P14D', 14 * 86_400_000],
    ['PT30S', 30_000],
    ['PT1.5S', 1_500],
    ['P1W', 7 * 86_400_000],
    ['P1M', 30 * 86_400_000],
    ['P1Y', 365 * 86_400_000],
    ['P1DT2H3M4S', 86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4_000],
  ])('%s is %d ms', (text, ms) => {
    expect(isIsoDuration(text)).toBe(true);
    expect(durationToMs(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', '14D', 'P14', 'P-1D', 'PT5', 'p14d'])('refuses %p', (text) => {
    expect(isIsoDuration(text)).toBe(false);
    expect(() => durationToMs(text)).toThrow(RangeError);
  });
});

describe('durations as round settings', () => {
  it.each(['PT1S', 'PT0.5S', 'P30D', 'P10Y', 'P3650D'])('accepts %s', (text) => {
    expect(checkSettingDuration(text)).toBeNull();
  });

  it.each([
    ['30 days', 'ISO 8601'],
    ['PT0S', 'longer than zero'],
    ['P0D', 'longer than zero'],
    ['P10Y1D', 'at most P10Y'],
    ['P99999999999999999999Y', 'at most P10Y'],
  ])('refuses %p', (text, reason) => {
    expect(checkSettingDuration(text)).toContain(reason);
  });
});
