import { evaluationSchema } from './schemas';
import { surveyAnswers } from './kpi';
import type { EvaluationRecord } from './journey';
import { industryDivision, industryName } from './industry-names';

const metrics = { revenue: 100, sales: 90, profitMargin: 5, qualityCostRate: 3, firstPassYield: 90 };

describe('the evaluation questionnaire', () => {
  it('takes the survey questions, each optional, and refuses an unknown area or a repeated one', () => {
    expect(
      evaluationSchema.safeParse({ satisfaction: 'satisfied', effectiveness: 'very_obvious', metrics })
        .success,
    ).toBe(true);
    const full = {
      satisfaction: 'satisfied',
      effectiveness: 'very_obvious',
      followUpSatisfaction: 'neutral',
      improvements: ['quality_awareness', 'innovation'],
      problemsSolved: 3,
      metrics: { ...metrics, repurchaseRate: 40, overseasSales: 12 },
    };
    expect(evaluationSchema.safeParse(full).success).toBe(true);
    expect(evaluationSchema.safeParse({ ...full, improvements: ['luck'] }).success).toBe(false);
    expect(evaluationSchema.safeParse({ ...full, improvements: ['innovation', 'innovation'] }).success).toBe(
      false,
    );
    expect(evaluationSchema.safeParse({ ...full, problemsSolved: 1.5 }).success).toBe(false);
    expect(
      evaluationSchema.safeParse({ ...full, metrics: { ...metrics, repurchaseRate: 101 } }).success,
    ).toBe(false);
  });

  it('reads an answer given before the survey questions as "not asked", never "no"', () => {
    const at = '2026-01-01T00:00:00Z';
    const evaluations: EvaluationRecord[] = [
      {
        n: 2,
        dueAt: at,
        openedAt: at,
        answeredAt: at,
        via: 'link',
        by: null,
        answer: {
          satisfaction: 'satisfied',
          effectiveness: 'very_obvious',
          metrics,
          improvements: [],
          problemsSolved: 0,
          followUpSatisfaction: 'dissatisfied',
        },
      },
      {
        n: 1,
        dueAt: at,
        openedAt: at,
        answeredAt: at,
        via: 'api',
        by: null,
        answer: { satisfaction: 'neutral', effectiveness: 'not_obvious', metrics },
      },
      { n: 3, dueAt: at, openedAt: null, answeredAt: null, via: null, by: null, answer: null },
    ];
    expect(surveyAnswers(evaluations)).toEqual([
      {
        n: 1,
        via: 'api',
        satisfaction: 'neutral',
        effectiveness: 'not_obvious',
        followUpSatisfaction: null,
        improvements: null,
        problemsSolved: null,
        metrics,
      },
      {
        n: 2,
        via: 'link',
        satisfaction: 'satisfied',
        effectiveness: 'very_obvious',
        followUpSatisfaction: 'dissatisfied',
        improvements: [],
        problemsSolved: 0,
        metrics,
      },
    ]);
  });
});

describe('GB/T 4754 names', () => {
  it('names divisions and sections, and finds the division of any code', () => {
    expect(industryDivision('C3511')).toBe('35');
    expect(industryDivision('3511')).toBe('35');
    expect(industryDivision('C')).toBe('C');
    expect(industryName('35')).toEqual({
      zh: '专用设备制造业',
      en: 'Manufacture of special-purpose machinery',
    });
    expect(industryName('C')?.zh).toBe('制造业');
    expect(industryName('98')).toBeNull();
  });
});
