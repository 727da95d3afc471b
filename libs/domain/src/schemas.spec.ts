import { createRoundSchema, enterpriseSchema, fieldErrors, screeningDecisionSchema } from './schemas';

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
