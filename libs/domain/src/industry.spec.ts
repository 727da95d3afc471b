import { checkIndustryCode } from './industry';

describe('industry codes (GB/T 4754-2017)', () => {
  it.each(['C', 'C35', 'C351', 'C3511', '3511', 'A01', 'T97'])('accepts %s', (code) => {
    expect(checkIndustryCode(code)).toEqual({ ok: true });
  });

  it.each([
    ['U', 'must be'],
    ['C01', 'belongs to section A'],
    ['98', 'does not exist'],
    ['C35111', 'must be'],
    ['', 'must be'],
  ])('refuses %p', (code, reason) => {
    expect(checkIndustryCode(code)).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });
});
