import { regulatorFigures, reportSummary, type SurveyJourney } from '@uplift/domain';
import { KNOWN, knownJourney } from '../support/known-answers';

/** The known-answer dataset (test/support/known-answers.ts) through the pure figures, before any server. */
describe("the regulator's figures of the known-answer dataset", () => {
  const journeys = Array.from({ length: KNOWN.journeys }, (_, i) => ({
    ...knownJourney(i),
    certificationBodyId: `body-${i % 3}`,
  })) as unknown as SurveyJourney[];
  const f = regulatorFigures(journeys, [3, 6, 12]);
  const all = f.latest.all;

  it('counts bodies, industries, enterprises assisted and certificates', () => {
    expect(f.counts).toEqual({
      journeys: 50,
      enterprisesAssisted: 48,
      bodies: 3,
      industries: 4,
      certificates: 30,
      enterprisesAnswered: 40,
    });
  });

  it('states the rates as the regulator does, with the not-asked answers left out', () => {
    expect(all.effectivenessRate).toEqual({ count: 36, of: 40, fraction: 0.9, percent: 90 });
    expect(all.satisfactionRate).toEqual({ count: 38, of: 40, fraction: 0.95, percent: 95 });
    expect(all.followUpSatisfactionRate).toEqual({ count: 12, of: 30, fraction: 0.4, percent: 40 });
    expect(all.improvements.areas.map((a) => [a.code, a.count, a.percent])).toEqual([
      ['quality_awareness', 27, 90],
      ['management_standardised', 26, 86.67],
      ['work_environment', 20, 66.67],
      ['process_optimised', 0, 0],
      ['cost_reduced', 9, 30],
      ['product_quality', 0, 0],
      ['business_performance', 0, 0],
      ['digital_level', 0, 0],
      ['innovation', 0, 0],
    ]);
    expect(all.problemsSolved).toEqual({ asked: 30, total: 43 });
  });

  it('gives per metric the enterprises improved, their average improvement, the mean change and the change of totals', () => {
    expect(all.metrics.firstPassYield).toEqual({
      direction: 'up',
      measured: 40,
      improved: 18,
      averageImprovement: 17.8,
      meanChange: 7.51,
      totalChange: 7.51,
    });
    expect(all.metrics.revenue).toMatchObject({
      improved: 10,
      averageImprovement: 10,
      meanChange: 2.5,
      totalChange: 4.55,
    });
    expect(all.metrics.qualityCostRate).toMatchObject({
      direction: 'down',
      improved: 8,
      averageImprovement: 20,
      meanChange: -3,
      totalChange: -3,
    });
    expect(all.metrics.repurchaseRate).toMatchObject({ measured: 10, improved: 10, averageImprovement: 10 });
    expect(all.metrics.overseasSales).toMatchObject({ measured: 0, improved: 0, averageImprovement: null });
  });

  it('keeps the waves and the sources apart', () => {
    expect(
      f.waves.map((w) => [w.n, w.months, w.all.answered, w.all.metrics.firstPassYield.improved]),
    ).toEqual([
      [1, 3, 40, 0],
      [2, 6, 20, 18],
      [3, 12, 0, 0],
    ]);
    expect(f.latest.link.answered).toBe(10);
    expect(f.latest.link.metrics.firstPassYield).toMatchObject({ improved: 5, averageImprovement: 16.24 });
    expect(f.latest.body.answered).toBe(30);
    expect(f.latest.body.metrics.firstPassYield).toMatchObject({ improved: 13, averageImprovement: 18.4 });
    expect(f.latest.body.effectivenessRate.percent).toBe(90);
  });

  it("writes the paragraph in the regulator's sentences, each number from a named field", () => {
    const s = reportSummary(f);
    expect(s.zh).toBe(
      '3家认证机构为4个行业的48家小微企业实施了精准帮扶，其中，90.00%的企业反馈提升成效“非常明显”或“比较明显”。' +
        '对提升行动表示满意或比较满意的有38家，占比达到95.00%。' +
        '对认证机构持续跟踪服务感到满意的企业占40.00%。' +
        '据跟踪评估，90.00%（27家）企业反馈“质量意识提升”，86.67%（26家）企业反馈“管理制度更加规范”，' +
        '66.67%（20家）企业反馈“工作环境更加整洁安全”，30.00%（9家）企业反馈“成本下降”。' +
        '10家企业营业收入提升（平均提升10%），8家企业质量成本率下降（平均下降20%），' +
        '18家企业产品一次合格率提升（平均提升17.8%），10家企业产品或服务回购率提升（平均提升10%）。' +
        '帮助小微企业有效解决质量问题43个。',
    );
    expect(s.en).toContain(
      '3 certification bodies gave targeted assistance to 48 small and micro enterprises in 4 industries; 90.00% of the enterprises',
    );
    expect(s.en).toContain('18 enterprises raised their first-pass yield (by 17.8% on average)');
    // Each number, in order, is the field it names.
    const report = { counts: f.counts, latest: f.latest } as Record<string, unknown>;
    const at = (path: string) =>
      path
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], report);
    let rest = s.zh;
    for (const { text, field } of s.numbers) {
      expect(Number(text)).toBeCloseTo(Number(at(field)), 2);
      const found = rest.indexOf(text);
      expect(found).toBeGreaterThanOrEqual(0);
      rest = rest.slice(found + text.length);
    }
    expect(s.numbers.find((x) => x.text === '17.8')?.field).toBe(
      'latest.all.metrics.firstPassYield.averageImprovement',
    );
  });
});
