import { parse } from 'csv-parse/sync';
import { regulatorReport } from './regulator-report';
import { reportCsv } from './report-files';

describe("the regulator's report as CSV", () => {
  it('writes Chinese headers after a BOM, and a name from people never as a formula', () => {
    const report = regulatorReport(
      [
        {
          regionCode: '330106',
          industryCode: 'C3511',
          certificationBodyId: 'b1',
          assisted: true,
          certified: true,
          baseline: null,
          answers: [],
        },
      ],
      {
        regionCode: '330000',
        waveMonths: [],
        bodies: new Map([['b1', { code: 'B1', name: '=HYPERLINK("x")' }]]),
      },
    );
    const csv = reportCsv(report, '批次');
    expect(csv.startsWith('\uFEFF维度,')).toBe(false); // quoted
    expect(csv.startsWith('\uFEFF"维度"')).toBe(true);
    const rows = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r['维度'] === '认证机构')).toMatchObject({
      代码: 'B1',
      名称: `'=HYPERLINK("x")`,
    });
    expect(rows[0]).toMatchObject({
      维度: '总计（最近一次评估）',
      帮扶企业数: '1',
      评估企业数: '0',
      '满意率(%)': '',
    });
  });
});
