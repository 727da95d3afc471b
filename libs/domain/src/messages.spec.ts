import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import {
  MESSAGES,
  MESSAGE_LOCALES,
  fieldError,
  localiseDetail,
  messageParameters,
  negotiateLocale,
  renderMessage,
  zodErrorDetails,
  type MessageCode,
} from './messages';
import {
  assistancePlanSchema,
  certificationSchema,
  createRoundSchema,
  diagnosisSchema,
  enterpriseSchema,
  evaluationSchema,
  screeningDecisionSchema,
} from './schemas';
import { checkInputText } from './text';

const CODES = Object.keys(MESSAGES) as MessageCode[];

describe('the message catalog', () => {
  it.each(CODES)('says %s in every locale, with the same parameters', (code) => {
    const [zh, en] = [MESSAGES[code]['zh-CN'], MESSAGES[code].en];
    expect(zh.trim()).not.toBe('');
    expect(en.trim()).not.toBe('');
    // The one exception: a summary's count, which English leaves out as it always did.
    const zhParams = messageParameters(zh).filter((p) => !(code.startsWith('request.') && p === 'count'));
    expect(zhParams.sort()).toEqual(messageParameters(en).sort());
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(MESSAGE_LOCALES).toEqual(['zh-CN', 'en']);
  });

  it('fills parameters and leaves one it was not given visible', () => {
    expect(renderMessage('string.too_long', 'zh-CN', { max: 200 })).toBe('最多 200 个字符');
    expect(renderMessage('string.too_long', 'en', { max: 200 })).toBe('must be at most 200 characters');
    expect(renderMessage('string.too_long', 'en')).toBe('must be at most {max} characters');
  });

  it('re-tells a detail in another language by its code and parameters', () => {
    const detail = fieldError('uscc', 'uscc.check_character', { expected: 'X' });
    expect(detail.message).toBe(
      'is not a valid unified social credit code: wrong check character: expected X',
    );
    expect(localiseDetail(detail, 'zh-CN')).toEqual({
      field: 'uscc',
      code: 'uscc.check_character',
      message: '统一社会信用代码校验位错误，应为 X',
    });
    // A detail someone made by hand without a code keeps its words.
    expect(localiseDetail({ field: 'x', message: 'odd' }, 'zh-CN')).toEqual({
      field: 'x',
      code: 'invalid',
      message: 'odd',
    });
  });
});

const NOW = new Date();
const VALID_METRICS = { revenue: 1, sales: 1, profitMargin: 1, qualityCostRate: 1, firstPassYield: 1 };

/** Bad payloads that break, between them, every rule the domain's step and input schemas apply. */
const BAD: [string, z.ZodType, unknown][] = [
  [
    'a round',
    createRoundSchema,
    { name: ' ', regionCode: '99999', settings: { escalateAfter: 'P0D', x: 1 } },
  ],
  ['a round, out of the list', createRoundSchema, { name: 'a\nb', regionCode: '999999' }],
  [
    'a round with long durations',
    createRoundSchema,
    {
      name: 'r',
      regionCode: '000000',
      settings: {
        reminders: { every: 'P11Y', max: 21 },
        evaluationOffsets: [],
        deadlines: { diagnosis: 'x' },
      },
    },
  ],
  [
    'an enterprise',
    enterpriseSchema,
    {
      uscc: '91350100M000100Y40',
      name: 'a\u200Db',
      regionCode: '000000',
      industryCode: 'A13',
      email: `${'a'.repeat(65)}@example.cn`,
      employees: 1.5,
      annualRevenue: -1,
    },
  ],
  [
    'an enterprise, otherwise wrong',
    enterpriseSchema,
    {
      uscc: '91350100M000100I43',
      name: 'a\u0000',
      regionCode: 'abc',
      industryCode: 'C01',
      email: `a@${'b'.repeat(64)}.cn`,
    },
  ],
  [
    'an enterprise, wrong again',
    enterpriseSchema,
    { uscc: '9135', name: 'x'.repeat(201), industryCode: '99', email: 'nope', regionCode: 330106 },
  ],
  ['a rejection without a reason', screeningDecisionSchema, { decision: 'rejected' }],
  ['a screening decision', screeningDecisionSchema, { decision: 'maybe', reason: '' }],
  [
    'a diagnosis',
    diagnosisSchema,
    {
      findings: [{ dimension: 'nope', category: '', description: 'd' }],
      baseline: { ...VALID_METRICS, qualityCostRate: 101, revenue: 1e16, sales: -1, profitMargin: -101 },
    },
  ],
  ['an empty diagnosis', diagnosisSchema, { findings: [], baseline: null }],
  ['an odd industry', enterpriseSchema, { industryCode: '!' }],
  [
    'a long diagnosis',
    diagnosisSchema,
    {
      findings: Array.from({ length: 101 }, () => ({ dimension: 'x', category: 'c', description: 'd' })),
      baseline: VALID_METRICS,
    },
  ],
  [
    'a plan',
    assistancePlanSchema,
    {
      measures: [
        { title: 't', owner: 'o', dueDate: '2025-02-29' },
        { title: 't', owner: 'o', dueDate: 1 },
      ],
    },
  ],
  ['a certification', certificationSchema, { outcome: 'certified', expiresOn: '2026-01-01' }],
  ['a refusal that is not one', certificationSchema, { outcome: 'declined', standard: 'ISO 9001' }],
  ['a failed certification', certificationSchema, { outcome: 'not_certified' }],
  [
    'certificate dates',
    certificationSchema,
    { outcome: 'certified', certificateNumber: 'n', issuedOn: '1999-01-01' },
  ],
  [
    'certificate dates in the future',
    certificationSchema,
    { outcome: 'certified', certificateNumber: 'n', issuedOn: '9999-01-01' },
  ],
  [
    'an expiry before the issue',
    certificationSchema,
    { outcome: 'certified', certificateNumber: 'n', issuedOn: '2026-01-10', expiresOn: '2026-01-09' },
  ],
  [
    'an expiry too late',
    certificationSchema,
    { outcome: 'certified', certificateNumber: 'n', issuedOn: '2025-01-10', expiresOn: '2029-01-09' },
  ],
  ['an evaluation', evaluationSchema, { satisfaction: 'x', effectiveness: 'y', metrics: VALID_METRICS }],
];

describe('zod problems as details', () => {
  const seen = new Set<MessageCode>();
  afterAll(() => {
    // Each rule of the domain was met by at least one of the bad payloads above.
    const rules = CODES.filter((c) =>
      /^(uscc|division\.(format|unknown)|industry|duration|certificate|certification\\.|screening|text|email|date|number\.(percentage|amount))/.test(
        c,
      ),
    );
    expect(rules.filter((c) => !seen.has(c))).toEqual([]);
  });

  it.each(BAD)('gives %s a code and a Chinese message for every problem', (_what, schema, value) => {
    void NOW;
    const parsed = schema.safeParse(value);
    expect(parsed.success).toBe(false);
    const zh = zodErrorDetails(parsed.error!, 'zh-CN');
    const en = zodErrorDetails(parsed.error!, 'en');
    expect(zh.length).toBeGreaterThan(0);
    expect(zh.map((d) => [d.field, d.code])).toEqual(en.map((d) => [d.field, d.code]));
    for (const d of zh) {
      seen.add(d.code);
      expect(Object.keys(d).sort()).toEqual(['code', 'field', 'message']);
      // Every problem is a rule of the catalog, said in full: no fallback, no parameter left unfilled.
      expect(d.code).not.toBe('invalid');
      expect(d.message).toMatch(/[\u4e00-\u9fff]/);
      expect(d.message).not.toMatch(/\{\w+\}/);
    }
  });

  it('names the code of the usual zod issues', () => {
    const schema = z.strictObject({
      name: z.string().max(3),
      count: z.number().int().min(1),
      id: z.uuid(),
      kind: z.enum(['a', 'b']),
      list: z.array(z.string()).max(1),
      on: z.boolean(),
      needed: z.string(),
    });
    const parsed = schema.safeParse(
      { name: 'abcd', count: 0.5, id: 'x', kind: 'c', list: ['a', 'b'], on: 'yes', extra: 1 },
      { reportInput: true },
    );
    const details = zodErrorDetails(parsed.error!, 'zh-CN', 'query');
    expect(details).toEqual(
      expect.arrayContaining([
        { field: 'query.name', code: 'string.too_long', message: '最多 3 个字符' },
        { field: 'query.count', code: 'type.integer', message: '应为整数' },
        { field: 'query.id', code: 'format.uuid', message: '应为 UUID' },
        { field: 'query.kind', code: 'enum', message: '应为以下之一：a, b' },
        { field: 'query.list', code: 'array.too_long', message: '最多 1 项' },
        { field: 'query.on', code: 'type.boolean', message: '应为 true 或 false' },
        { field: 'query.needed', code: 'required', message: '必填' },
        { field: 'query.extra', code: 'unknown_field', message: '不是可接受的字段' },
      ]),
    );
    // Without the input reported, a missing field is still told from a wrong one.
    const plain = schema.safeParse({
      name: 'a',
      count: 1,
      id: crypto.randomUUID(),
      kind: 'a',
      list: [],
      on: true,
    });
    expect(zodErrorDetails(plain.error!, 'en')).toEqual([
      { field: 'needed', code: 'required', message: 'is required' },
    ]);
  });

  it('gives the same details for the text every input is checked for', () => {
    const details = checkInputText({ reason: 'a\u0000' }).map((d) => localiseDetail(d, 'zh-CN'));
    expect(details).toEqual([{ field: 'reason', code: 'input.control_character', message: '含有控制字符' }]);
  });
});

/** Source files whose rules reach a client: the domain's, and the API's. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) ? [path] : [];
  });
}

describe('every rule has a code', () => {
  const root = join(__dirname, '..', '..', '..');
  const files = [join(root, 'libs', 'domain', 'src'), join(root, 'apps', 'api', 'src')].flatMap(sources);
  // Written any of these ways, a rule's words would reach a client without a code.
  const UNCODED = [
    { pattern: /addIssue\(\s*\{/, use: 'ctx.addIssue(ruleIssue(code, params))' },
    { pattern: /\{\s*(error|message):\s*['"`]/, use: '{ ...ruleMessage(code) } or ruleIssue' },
    { pattern: /\.(refine|min|max|length)\([^()]*,\s*['"`]/, use: 'ruleMessage(code)' },
    { pattern: /\bfield:\s*[^,{}]+,\s*message:/, use: 'fieldError(field, code, params)' },
  ];

  it('finds the rules it scans for', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(UNCODED[0].pattern.test("ctx.addIssue({ code: 'custom', message: 'x' })")).toBe(true);
    expect(UNCODED[1].pattern.test(".min(0, { error: 'must be' })")).toBe(true);
    expect(UNCODED[2].pattern.test(".refine(isIsoDate, 'must be')")).toBe(true);
    expect(UNCODED[3].pattern.test("{ field: 'x', message: 'y' }")).toBe(true);
  });

  it('is written with its code in every source file', () => {
    const found = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8').replace(/\s+/g, ' ');
      return UNCODED.filter((u) => u.pattern.test(text)).map(
        (u) => `${relative(root, file)}: ${u.pattern.source} (use ${u.use})`,
      );
    });
    expect(found).toEqual([]);
  });
});

describe('Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN,zh;q=0.9', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR, de;q=0.8', 'en'],
    ['fr-FR, zh;q=0.5', 'zh-CN'],
    ['en;q=0.4, zh-CN;q=0.8', 'zh-CN'],
    ['zh-CN;q=0.4, en;q=0.8', 'en'],
    ['zh-CN;q=0, en;q=0.1', 'en'],
    ['zh-CN;q=0', 'en'],
    ['*', 'en'],
    ['zh-CN, en', 'zh-CN'],
    ['en, zh-CN', 'en'],
    ['zhx, enx', 'en'],
    ['zh-CN;q=2', 'en'],
  ])('reads %p as %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it('falls back to what the caller says when nothing it speaks is asked for', () => {
    expect(negotiateLocale(undefined, 'zh-CN')).toBe('zh-CN');
    expect(negotiateLocale('*', 'zh-CN')).toBe('zh-CN');
    expect(negotiateLocale(['fr', 'zh-TW;q=0.5'])).toBe('zh-CN');
  });
});
