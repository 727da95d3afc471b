import { GBT2260_DIVISIONS } from './data/gbt2260-divisions';
import { divisionFullName, divisionName } from './division-names';

describe('division names', () => {
  it('names a county from the top, province first', () => {
    expect(divisionFullName('330106')).toBe('浙江省杭州市西湖区');
    expect(divisionName('330106')).toBe('西湖区');
    expect(divisionFullName('330100')).toBe('浙江省杭州市');
    expect(divisionFullName('330000')).toBe('浙江省');
  });

  it('skips the prefecture the statistics do not have (a municipality’s districts)', () => {
    expect(divisionFullName('110101')).toBe('北京市东城区');
  });

  it('calls the national level 全国 and knows no name for a code that is no division', () => {
    expect(divisionFullName('000000')).toBe('全国');
    expect(divisionFullName('339999')).toBeNull();
    expect(divisionName('999999')).toBeNull();
  });

  it('has a name for every division the rules accept', () => {
    const codes = GBT2260_DIVISIONS.trim().split(/\s+/);
    expect(codes.length).toBe(3215);
    expect(codes.filter((c) => !divisionName(c))).toEqual([]);
  });
});
