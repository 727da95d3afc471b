import {
  amount,
  createRoundSchema,
  emailAddress,
  enterpriseSchema,
  fieldErrors,
  isoDate,
  isoDuration,
  percentage,
  screeningDecisionSchema,
  usccAsIssued,
} from './schemas';

const errorsOf = (
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
  value: unknown,
) => {
  const r = schema.safeParse(value);
  return r.success ? [] : fieldErrors(r.error as never);
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

describe('reusable field rules', () => {
  const messages = (schema: Parameters<typeof errorsOf>[0], value: unknown) =>
    errorsOf(schema, value).map((e) => e.message);

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
