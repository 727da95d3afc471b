import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import {
  ConflictError,
  DEFAULT_ROUND_SETTINGS,
  InvalidInputError,
  NotFoundError,
  StepRefusedError,
  checkStep,
  diagnosisSchema,
  fieldErrors,
  initialJourney,
} from '@uplift/domain';
import { toErrorBody } from './error.filter';
import { requestLocale, varyByLanguage } from './locale';

const BAD_DIAGNOSIS = {
  findings: [{ dimension: 'management', category: '', description: 'd' }],
  baseline: { revenue: -1, sales: 1, profitMargin: 1, qualityCostRate: 101, firstPassYield: 1 },
};

function invalidDiagnosis(): InvalidInputError {
  const parsed = diagnosisSchema.safeParse(BAD_DIAGNOSIS);
  if (parsed.success) throw new Error('the diagnosis was taken');
  return new InvalidInputError(fieldErrors(parsed.error), 'invalid body');
}

describe('error answers in the language asked for', () => {
  it('tells a 400 in Chinese, each detail with its code, and English as it always was', () => {
    const zh = toErrorBody(invalidDiagnosis(), 'zh-CN');
    expect(zh.message).toBe('请求体校验失败（4 处）');
    expect(zh.details).toHaveLength(4);
    expect(zh.details).toEqual(
      expect.arrayContaining([
        { field: 'findings.0.category', code: 'string.empty', message: '不能为空' },
        { field: 'baseline.revenue', code: 'number.amount_negative', message: '不能为负数' },
        { field: 'baseline.qualityCostRate', code: 'number.percentage', message: '应在 0 到 100 之间' },
      ]),
    );
    const en = toErrorBody(invalidDiagnosis());
    expect(en.message).toBe('invalid body');
    expect(en.details).toEqual(
      expect.arrayContaining([
        {
          field: 'baseline.qualityCostRate',
          code: 'number.percentage',
          message: 'must be between 0 and 100',
        },
      ]),
    );
    // The rule's parameters are for telling it; they are not part of the answer.
    for (const d of [...(zh.details as object[]), ...(en.details as object[])])
      expect(Object.keys(d).sort()).toEqual(['code', 'field', 'message']);
  });

  it('names the stage of a refused step by its Chinese label, and keeps the stage and code as data', () => {
    const journey = initialJourney(
      {
        id: 'journey-r1-91330106MA27XL0Q9G',
        roundId: 'r1',
        enterprise: {
          uscc: '91330106MA27XL0Q9G',
          name: '杭州茶叶有限公司',
          regionCode: '330106',
          industryCode: 'C13',
          email: 'a@example.com',
        },
        settings: DEFAULT_ROUND_SETTINGS,
      },
      new Date(),
    );
    const refusal = checkStep(journey, 'diagnosis', { role: 'admin', id: 'a' } as never);
    expect(refusal).not.toBeNull();
    const zh = toErrorBody(new StepRefusedError(refusal!), 'zh-CN');
    expect(zh).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: '该企业当前处于“筛选”阶段，不能提交“诊断”',
      details: { currentStage: 'screening', code: 'step.wrong_stage' },
    });
    expect(toErrorBody(new StepRefusedError(refusal!), 'en').message).toBe(
      'diagnosis is not allowed in stage screening',
    );
  });

  it('says 401, 403, 404 and 409 in Chinese, and keeps the English words', () => {
    const unauthenticated = new UnauthorizedException('missing, unknown or revoked API key');
    expect(toErrorBody(unauthenticated, 'zh-CN').message).toMatch(/未登录/);
    expect(toErrorBody(unauthenticated, 'en').message).toBe('missing, unknown or revoked API key');
    const role = new ForbiddenException('this route is for regulator or admin, not certification_body');
    expect(toErrorBody(role, 'zh-CN').message).toBe('此操作仅限监管部门或系统管理员，您的角色是认证机构');
    expect(toErrorBody(new NotFoundError('journey'), 'zh-CN').message).toBe('未找到该企业的帮扶记录');
    expect(toErrorBody(new NotFoundError('journey'), 'en').message).toBe('journey not found');
    const closed = ConflictError.of('round.closed', { round: 'r1' });
    expect(toErrorBody(closed, 'zh-CN').message).toBe('轮次 r1 已结束，不再接受操作');
    expect(toErrorBody(closed, 'en').message).toBe('round r1 is closed');
  });

  it('reads the language from the request, English without one', () => {
    expect(requestLocale({ headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } })).toBe('zh-CN');
    expect(requestLocale({ headers: { 'accept-language': 'en-GB' } })).toBe('en');
    expect(requestLocale({ headers: {} })).toBe('en');
  });

  it('adds Accept-Language to Vary once, beside what is there', () => {
    const headers = new Map<string, string>([['vary', 'Origin']]);
    const reply = {
      getHeader: (name: string) => headers.get(name),
      header: (name: string, value: string) => {
        headers.set(name, value);
        return reply;
      },
    };
    varyByLanguage(reply as never);
    varyByLanguage(reply as never);
    expect(headers.get('vary')).toBe('Origin, Accept-Language');
  });
});
