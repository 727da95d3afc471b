import { industrySection } from './industry';
import { kpiRates } from './kpi';
import { candidateFromCells, mapCandidateHeaders } from './candidate-columns';

describe('campaign KPI formulas', () => {
  it('counts satisfied and fairly satisfied, very and fairly obvious, over enterprises that answered', () => {
    expect(
      kpiRates({
        assisted: 8,
        certified: 2,
        evaluated: 5,
        satisfied: 2,
        fairlySatisfied: 2,
        veryObvious: 1,
        fairlyObvious: 1,
      }),
    ).toEqual({ certifiedShare: 0.25, satisfactionRate: 0.8, effectivenessRate: 0.4 });
  });

  it('has no rate where nobody qualifies, rather than a misleading zero', () => {
    expect(
      kpiRates({
        assisted: 0,
        certified: 0,
        evaluated: 0,
        satisfied: 0,
        fairlySatisfied: 0,
        veryObvious: 0,
        fairlyObvious: 0,
      }),
    ).toEqual({
      certifiedShare: null,
      satisfactionRate: null,
      effectivenessRate: null,
    });
  });

  it('files an industry code under its GB/T 4754 section', () => {
    expect(industrySection('C3511')).toBe('C');
    expect(industrySection('3511')).toBe('C');
    expect(industrySection('5123')).toBe('F');
  });
});

describe('candidate files', () => {
  it('maps Chinese and English headers, ignoring a row-number column', () => {
    const { fields, unknown } = mapCandidateHeaders([
      '\uFEFF序号',
      '统一社会信用代码',
      '企业名称',
      'regionCode',
      '行业代码',
      '电子邮箱',
      '从业人数',
    ]);
    expect(unknown).toEqual([]);
    expect(fields).toEqual([null, 'uscc', 'name', 'regionCode', 'industryCode', 'email', 'employees']);
    expect(
      candidateFromCells(fields, [
        '1',
        ' 91350100m000100y43 ',
        '甲公司',
        '350102',
        'C3511',
        'a@x.example',
        '1,200',
      ]),
    ).toEqual({
      uscc: '91350100M000100Y43',
      name: '甲公司',
      regionCode: '350102',
      industryCode: 'C3511',
      email: 'a@x.example',
      employees: 1200,
    });
  });

  it('names columns it does not know', () => {
    expect(mapCandidateHeaders(['uscc', '注册资本']).unknown).toEqual(['注册资本']);
  });
});
