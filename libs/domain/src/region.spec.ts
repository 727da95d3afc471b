import { divisionCovers, divisionPrefix, isDivisionCode } from './region';

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
