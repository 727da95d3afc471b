import {
  assistancePlanSchema,
  amount,
  certificationSchema,
  createRoundSchema,
  diagnosisSchema,
  divisionCode,
  enterpriseDivision,
  emailAddress,
  enterpriseSchema,
  fieldErrors,
  isoDate,
  isoDuration,
  percentage,
  lineText,
  screeningDecisionSchema,
  uscc,
  usccAsIssued,
} from './schemas';
import { beijingDate, addDays } from './date';

const errorsOf = (
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
  value: unknown,
) => {
  const r = schema.safeParse(value);
  // Codes are asserted in messages.spec.ts; these tests say what the English message is.
  return r.success ? [] : fieldErrors(r.error as never).map(({ field, message }) => ({ field, message }));
};

describe('payload rules', () => {
  it('names each unknown field, nested ones with their path', () => {
    const errors = errorsOf(createRoundSchema, {
      name: 'r',
      regionCode: '330000',
      colour: 'red',
      settings: { reminders: { every: 'P1D', x: 1 } },
    });
    expect(errors).toHaveLength(2);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'is not a known field' },
        { field: 'settings.reminders.x', message: 'is not a known field' },
      ]),
    );
  });

  it('refuses a malformed duration in the settings by its path', () => {
    expect(
      errorsOf(createRoundSchema, {
        name: 'r',
        regionCode: '330000',
        settings: { deadlines: { diagnosis: '30 days' } },
      }),
    ).toEqual([{ field: 'settings.deadlines.diagnosis', message: expect.stringContaining('ISO 8601') }]);
  });

  it('needs a reason to reject a candidate', () => {
    expect(errorsOf(screeningDecisionSchema, { decision: 'rejected' })).toEqual([
      { field: 'reason', message: 'is required when the decision is rejected' },
    ]);
    expect(errorsOf(screeningDecisionSchema, { decision: 'selected' })).toEqual([]);
  });

  it('checks an enterprise row field by field', () => {
    const fields = errorsOf(enterpriseSchema, {
      uscc: '91350100M000100Y44',
      name: '',
      regionCode: '3501',
      industryCode: 'C01',
      email: 'not-an-email',
      employees: -1,
    }).map((e) => e.field);
    expect(fields).toEqual(['uscc', 'name', 'regionCode', 'industryCode', 'email', 'employees']);
  });
});

const messages = (schema: Parameters<typeof errorsOf>[0], value: unknown) =>
  errorsOf(schema, value).map((e) => e.message);

describe('reusable field rules', () => {
  it('takes percentages from 0 to 100 only', () => {
    for (const ok of [0, 45, 97.4, 100]) expect(messages(percentage, ok)).toEqual([]);
    expect(messages(percentage, -0.1)).toEqual(['must be between 0 and 100']);
    expect(messages(percentage, 100.5)).toEqual(['must be between 0 and 100']);
    expect(messages(percentage, '50')).toEqual(['must be a number']);
    expect(messages(percentage, Number.NaN)).toEqual(['must be a number']);
  });

  it('takes amounts of zero or more, finite', () => {
    for (const ok of [0, 1, 1234567.89]) expect(messages(amount, ok)).toEqual([]);
    expect(messages(amount, -1)).toEqual(['must be zero or more']);
    expect(messages(amount, 1e16)).toEqual(['must be less than 10^15']);
    expect(messages(amount, Number.POSITIVE_INFINITY)).not.toEqual([]);
  });

  it('takes calendar dates that exist', () => {
    expect(messages(isoDate, '2024-02-29')).toEqual([]);
    expect(messages(isoDate, '2025-02-29')).toEqual(['must be a date that exists, as YYYY-MM-DD']);
    expect(messages(isoDate, 20250101)).toEqual(['must be a date as YYYY-MM-DD']);
  });

  it('takes email addresses up to 254 characters', () => {
    expect(messages(emailAddress, 'zj@samr.example')).toEqual([]);
    expect(messages(emailAddress, 'not-an-email')).toEqual(['must be an email address']);
    expect(messages(emailAddress, `${'a'.repeat(64)}@${'b'.repeat(185)}.example`)).toEqual([
      'must be at most 254 characters',
    ]);
  });

  it('takes durations longer than zero and at most ten years', () => {
    expect(messages(isoDuration, 'PT30S')).toEqual([]);
    expect(messages(isoDuration, 'PT0S')).toEqual(['must be longer than zero']);
    expect(messages(isoDuration, 'P99999Y')).toEqual(['must be at most P10Y']);
    expect(
      errorsOf(createRoundSchema, {
        name: 'r',
        regionCode: '330000',
        settings: { reminders: { every: 'PT0S' } },
      }),
    ).toEqual([{ field: 'settings.reminders.every', message: 'must be longer than zero' }]);
  });

  it('accepts a USCC as issued only when its sole fault is the check character', () => {
    expect(messages(usccAsIssued, '91350100M000100Y40')).toEqual([]);
    expect(messages(usccAsIssued, '91350100M000100I43')[0]).toContain('outside GB 32100-2015');
  });
});

describe('identifiers checked against what exists', () => {
  it('takes only GB/T 2260 divisions that exist, naming the field', () => {
    for (const code of ['330000', '330100', '330106', '110101', '659001'])
      expect(errorsOf(enterpriseDivision, code)).toEqual([]);
    for (const code of ['339999', '330199', '999999', '330103'])
      expect(errorsOf(enterpriseDivision, code)).toEqual([
        { field: '(body)', message: 'is not a GB/T 2260 division that exists' },
      ]);
    expect(errorsOf(enterpriseDivision, '3301')).toEqual([
      { field: '(body)', message: 'must be a 6-digit GB/T 2260 division code' },
    ]);
    expect(
      errorsOf(enterpriseSchema, {
        uscc: '91350100M000100Y43',
        name: '某公司',
        regionCode: '339999',
        industryCode: 'C3511',
        email: 'a@b.example',
      }),
    ).toEqual([{ field: 'regionCode', message: 'is not a GB/T 2260 division that exists' }]);
  });

  it('lets the national level scope a round or a regulator, never place an enterprise', () => {
    expect(errorsOf(divisionCode, '000000')).toEqual([]);
    expect(errorsOf(divisionCode, '999999')).not.toEqual([]);
    expect(errorsOf(enterpriseDivision, '000000')).not.toEqual([]);
    expect(errorsOf(createRoundSchema, { name: 'r', regionCode: '330199' })).toEqual([
      { field: 'regionCode', message: 'is not a GB/T 2260 division that exists' },
    ]);
  });

  it('reads a USCC the same way, lowercase or full-width, strictly or as issued', () => {
    expect(uscc.parse('91350100m000100y43')).toBe('91350100M000100Y43');
    expect(uscc.parse(' ９１350100M000100Y43 ')).toBe('91350100M000100Y43');
    expect(usccAsIssued.parse('91350100m000100y40')).toBe('91350100M000100Y40');
    expect(messages(uscc, '91350100m000100y44')[0]).toContain('wrong check character');
  });
});

describe('email addresses within RFC 5321 lengths', () => {
  const at254 = `${'a'.repeat(64)}@${['b'.repeat(63), 'c'.repeat(63), 'd'.repeat(58)].join('.')}.cn`;

  it('takes an address of exactly 254 characters, with a 64-character local part and 63-character labels', () => {
    expect(at254).toHaveLength(254);
    expect(messages(emailAddress, at254)).toEqual([]);
  });

  it.each([
    [
      `${'a'.repeat(64)}@${['b'.repeat(63), 'c'.repeat(63), 'd'.repeat(59)].join('.')}.cn`,
      'at most 254 characters',
    ],
    [`${'a'.repeat(65)}@example.cn`, 'at most 64 characters before the @'],
    [`owner@${'b'.repeat(64)}.example.cn`, 'at most 63 characters in each label'],
  ])('refuses %s', (address, message) => {
    expect(messages(emailAddress, address)).toEqual([expect.stringContaining(message)]);
  });

  it('is the rule of the enterprise row', () => {
    expect(
      errorsOf(enterpriseSchema, {
        uscc: '91350100M000100Y43',
        name: '某公司',
        regionCode: '350100',
        industryCode: 'C3511',
        email: `${'a'.repeat(65)}@example.cn`,
      }),
    ).toEqual([{ field: 'email', message: expect.stringContaining('before the @') }]);
  });
});

describe('name-like texts on one line, with nothing invisible', () => {
  it('takes Chinese, Latin, inner spaces and punctuation, trimmed', () => {
    expect(lineText(200).parse('  杭州某某科技有限公司（分公司） A&B-1 ')).toBe(
      '杭州某某科技有限公司（分公司） A&B-1',
    );
  });

  it.each([
    ['ACME\r\nBcc: x@evil.example', 'U+000D'],
    ['ACME\n', 'U+000A'],
    ['A\tB', 'U+0009'],
    ['A\u2028B', 'U+2028'],
    ['A\u0085B', 'U+0085'],
    ['\u202Eevil.exe', 'U+202E'],
    ['A\u2066B\u2069', 'U+2066'],
    ['A\u200FB', 'U+200F'],
    ['A\u200BB', 'U+200B'],
    ['A\uFEFFB', 'U+FEFF'],
    ['A\u00ADB', 'U+00AD'],
  ])('refuses %j (%s), one message for the field', (text, codePoint) => {
    expect(messages(lineText(200), text)).toEqual([expect.stringContaining(codePoint)]);
  });

  it('guards every name of the payloads', () => {
    expect(
      errorsOf(enterpriseSchema, {
        uscc: '91350100M000100Y43',
        name: '某公司\n',
        regionCode: '350100',
        industryCode: 'C3511',
        email: 'a@b.example',
        contactName: '张\u202E三',
      }).map((e) => e.field),
    ).toEqual(['name', 'contactName']);
    expect(
      errorsOf(createRoundSchema, { name: '第一批\r', regionCode: '330000' }).map((e) => e.field),
    ).toEqual(['name']);
    const findings = [
      { dimension: 'quality_management', category: '文件\n控制', description: '第一行\n第二行' },
    ];
    expect(
      errorsOf(diagnosisSchema, {
        findings,
        baseline: { revenue: 1, sales: 1, profitMargin: 1, qualityCostRate: 1, firstPassYield: 1 },
      }),
    ).toEqual([{ field: 'findings.0.category', message: expect.stringContaining('single line') }]);
  });
});

describe('certificate dates', () => {
  const today = beijingDate(new Date());
  const certified = (dates: Record<string, string>) => ({
    outcome: 'certified',
    certificateNumber: '00126Q30001R0S',
    ...dates,
  });

  it('takes an issue date from 2000 to a week after today in Beijing, and an expiry up to three years on', () => {
    expect(errorsOf(certificationSchema, certified({ issuedOn: today }))).toEqual([]);
    expect(errorsOf(certificationSchema, certified({ issuedOn: '2000-01-01' }))).toEqual([]);
    expect(errorsOf(certificationSchema, certified({ issuedOn: addDays(today, 7) }))).toEqual([]);
    expect(
      errorsOf(certificationSchema, certified({ issuedOn: '2024-02-29', expiresOn: '2027-02-28' })),
    ).toEqual([]);
  });

  it.each([
    [{ issuedOn: '9999-12-31' }, 'issuedOn', /no later than/],
    [{ issuedOn: '1999-12-31' }, 'issuedOn', /2000-01-01 or later/],
    [{ issuedOn: '2026-01-10', expiresOn: '2026-01-10' }, 'expiresOn', /after issuedOn/],
    [{ issuedOn: '2026-01-10', expiresOn: '2029-01-11' }, 'expiresOn', /no later than 2029-01-10/],
    [{ issuedOn: '2024-02-29', expiresOn: '2027-03-01' }, 'expiresOn', /no later than 2027-02-28/],
  ])('refuses %j by %s', (dates, field, message) => {
    expect(errorsOf(certificationSchema, certified(dates))).toEqual([
      { field, message: expect.stringMatching(message) },
    ]);
  });
});

describe('an assistance plan', () => {
  const measure = (title: string) => ({ title, owner: '质量部', dueDate: '2026-12-31' });

  it('names each measure by its own title: progress names measures by title', () => {
    expect(
      errorsOf(assistancePlanSchema, { measures: [measure('培训内审员'), measure('建立目标体系')] }),
    ).toEqual([]);
    expect(
      errorsOf(assistancePlanSchema, {
        measures: [measure('培训内审员'), measure('建立目标体系'), measure('培训内审员')],
      }),
    ).toEqual([{ field: 'measures.2.title', message: expect.stringContaining('measure 1') }]);
  });
});
