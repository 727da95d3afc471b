import { enterprise, withWrongCheck } from '../support/fixtures';
import { Stack, type HttpAnswer } from '../support/stack';
import { SELECTED, World } from '../support/world';

/**
 * Issue 4, "Identifiers validated by their standards": each refusal names the field and why, and
 * changes nothing. Import rows are refused one by one in the 200's `rejected` (the contract's
 * per-row errors), every other body or query with a 400 whose `details` name the fields.
 */
describe('input validated by its standards', () => {
  let stack: Stack;
  let w: World;
  let screeningJourney: string;
  let diagnosisJourney: string;

  beforeAll(async () => {
    stack = await Stack.start();
    w = await World.create(stack);
    screeningJourney = await w.journey();
    diagnosisJourney = await w.journey(SELECTED);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Everything a refused request must leave as it was. */
  const snapshot = async () => ({
    settled: await stack.journeysSettled(),
    tables: await stack.query(
      `SELECT (SELECT count(*) FROM rounds)::int AS rounds, (SELECT count(*) FROM journeys)::int AS journeys,
              (SELECT count(*) FROM principals)::int AS principals,
              (SELECT count(*) FROM certification_bodies)::int AS bodies,
              (SELECT coalesce(sum(version), 0)::int FROM journeys) AS versions`,
    ),
    screening: (await w.request('admin', 'GET', `/v1/journeys/${screeningJourney}`)).body,
    diagnosis: (await w.request('admin', 'GET', `/v1/journeys/${diagnosisJourney}`)).body,
  });

  describe('import rows refused one by one, the others accepted', () => {
    const good = () => w.enterprise();
    const rowCases: [string, () => Record<string, unknown>, string, RegExp][] = [
      [
        'a USCC with a wrong check character',
        () => {
          const e = w.enterprise();
          return { ...e, uscc: withWrongCheck(e.uscc) };
        },
        'uscc',
        /wrong check character: expected [0-9A-Y]/,
      ],
      ['a USCC of 17 characters', () => w.enterprise({ uscc: '91330106MA0000001' }), 'uscc', /18 characters/],
      [
        'a region code outside the round',
        () => enterprise('330203', 5_000),
        'regionCode',
        /outside the round's region 330100/,
      ],
      ['a region code of 5 digits', () => w.enterprise({ regionCode: '33010' }), 'regionCode', /6-digit/],
      [
        'an industry code of another section',
        () => w.enterprise({ industryCode: 'C01' }),
        'industryCode',
        /section A/,
      ],
      [
        'an industry division that does not exist',
        () => w.enterprise({ industryCode: '98' }),
        'industryCode',
        /does not exist/,
      ],
      ['an email that is not one', () => w.enterprise({ email: 'owner-at-example' }), 'email', /email/i],
      ['a negative headcount', () => w.enterprise({ employees: -3 }), 'employees', /.+/],
      ['an unknown field', () => w.enterprise({ colour: 'red' }), 'colour', /is not a known field/],
    ];

    it.each(rowCases)('refuses %s by its field', async (_name, row, field, message) => {
      const answer = await w.request('regulatorInScope', 'POST', `/v1/rounds/${w.ids.round}/candidates`, {
        enterprises: [good(), row()],
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ accepted: 1, duplicates: 0 });
      expect(answer.body.rejected).toEqual([
        { row: 2, code: expect.any(String), field, message: expect.stringMatching(message) },
      ]);
    });
  });

  describe('bodies and queries refused with a 400 naming each field', () => {
    const cases: [string, () => Promise<HttpAnswer>, { field: string; message: RegExp }[]][] = [
      [
        'a malformed duration',
        () =>
          w.request('regulatorInScope', 'POST', '/v1/rounds', {
            name: 'r',
            regionCode: '330100',
            settings: { deadlines: { diagnosis: '30 days' }, escalateAfter: 'P2W3' },
          }),
        [
          { field: 'settings.deadlines.diagnosis', message: /ISO 8601/ },
          { field: 'settings.escalateAfter', message: /ISO 8601/ },
        ],
      ],
      [
        'a duration of zero',
        () =>
          w.request('regulatorInScope', 'POST', '/v1/rounds', {
            name: 'r',
            regionCode: '330100',
            settings: { reminders: { every: 'PT0S' } },
          }),
        [{ field: 'settings.reminders.every', message: /longer than zero/ }],
      ],
      [
        'a duration beyond ten years',
        () =>
          w.request('regulatorInScope', 'POST', '/v1/rounds', {
            name: 'r',
            regionCode: '330100',
            settings: { evaluationOffsets: ['P90D', 'P99999999999Y'] },
          }),
        [{ field: 'settings.evaluationOffsets.1', message: /at most P10Y/ }],
      ],
      [
        'a division code of 4 digits',
        () => w.request('regulatorInScope', 'POST', '/v1/rounds', { name: 'r', regionCode: '3301' }),
        [{ field: 'regionCode', message: /6-digit/ }],
      ],
      [
        "a round outside the regulator's division",
        () => w.request('regulatorOutOfScope', 'POST', '/v1/rounds', { name: 'r', regionCode: '330100' }),
        [{ field: 'regionCode', message: /outside your division 330200/ }],
      ],
      [
        'unknown fields, nested ones by their path',
        () =>
          w.request('regulatorInScope', 'POST', '/v1/rounds', {
            name: 'r',
            regionCode: '330100',
            budget: 1,
            settings: { reminders: { every: 'P1D', channel: 'sms' } },
          }),
        [
          { field: 'budget', message: /is not a known field/ },
          { field: 'settings.reminders.channel', message: /is not a known field/ },
        ],
      ],
      [
        'an unknown field beside the rows of an import',
        () =>
          w.request('regulatorInScope', 'POST', `/v1/rounds/${w.ids.round}/candidates`, {
            enterprises: [w.enterprise()],
            source: 'excel',
          }),
        [{ field: 'source', message: /is not a known field/ }],
      ],
      [
        'an email that is not one',
        () =>
          w.request('admin', 'POST', '/v1/principals', {
            role: 'admin',
            name: 'ops',
            email: 'ops@localhost',
          }),
        [{ field: 'email', message: /email/i }],
      ],
      [
        'a regulator without its division',
        () =>
          w.request('admin', 'POST', '/v1/principals', {
            role: 'regulator',
            name: 'r',
            email: 'r@samr.example',
          }),
        [{ field: 'regionCode', message: /required for a regulator/ }],
      ],
      [
        'an unknown field in a step',
        () =>
          w.request('regulatorInScope', 'POST', `/v1/journeys/${screeningJourney}/screening-decision`, {
            decision: 'selected',
            priority: 'high',
          }),
        [{ field: 'priority', message: /is not a known field/ }],
      ],
      [
        'a rejection without its reason',
        () =>
          w.request('regulatorInScope', 'POST', `/v1/journeys/${screeningJourney}/screening-decision`, {
            decision: 'rejected',
          }),
        [{ field: 'reason', message: /required when the decision is rejected/ }],
      ],
      [
        'a certification body id that is not a UUID',
        () =>
          w.request('regulatorInScope', 'POST', `/v1/journeys/${diagnosisJourney}/assignment`, {
            certificationBodyId: 'CNCA-R-2002-001',
          }),
        [{ field: 'certificationBodyId', message: /UUID/i }],
      ],
      [
        'a certification body that does not exist',
        () =>
          w.request('regulatorInScope', 'POST', `/v1/journeys/${diagnosisJourney}/assignment`, {
            certificationBodyId: w.missing.round,
          }),
        [{ field: 'certificationBodyId', message: /no certification body has this id/ }],
      ],
      [
        'a control character in a text',
        () =>
          w.request('regulatorInScope', 'POST', `/v1/journeys/${screeningJourney}/screening-decision`, {
            decision: 'rejected',
            reason: '意愿\u0000不强',
          }),
        [{ field: 'reason', message: /control character/ }],
      ],
      [
        'a malformed USCC filter and an unknown query parameter',
        () => w.request('regulatorInScope', 'GET', '/v1/journeys?uscc=91330106&colour=red'),
        [
          { field: 'query.uscc', message: /18 characters/ },
          { field: 'query.colour', message: /is not a known field/ },
        ],
      ],
      [
        'an override flag that is not a boolean',
        () =>
          w.request('admin', 'POST', `/v1/rounds/${w.ids.round}/candidates?acceptInvalidCheckCharacter=yes`, {
            enterprises: [w.enterprise()],
          }),
        [{ field: 'query.acceptInvalidCheckCharacter', message: /true or false/ }],
      ],
      [
        'an Idempotency-Key with spaces',
        () =>
          stack.request('POST', `/v1/journeys/${screeningJourney}/screening-decision`, {
            key: w.keys.regulatorInScope,
            body: { decision: 'selected' },
            headers: { 'idempotency-key': 'not a key' },
          }),
        [{ field: 'header.idempotency-key', message: /visible ASCII/ }],
      ],
    ];

    it.each(cases)('refuses %s', async (_name, send, fields) => {
      const before = await snapshot();
      const answer = await send();
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.any(String),
      });
      expect(answer.body.details).toHaveLength(fields.length);
      expect(answer.body.details).toEqual(
        expect.arrayContaining(
          fields.map((f) => ({
            field: f.field,
            code: expect.any(String),
            message: expect.stringMatching(f.message),
          })),
        ),
      );
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('codes from early pilot regions that fail their check character', () => {
    const pilot = () => {
      const e = w.enterprise();
      return { ...e, uscc: withWrongCheck(e.uscc) };
    };

    it('lets no regulator accept them, changing nothing', async () => {
      const before = await snapshot();
      const answer = await w.request(
        'regulatorInScope',
        'POST',
        `/v1/rounds/${w.ids.round}/candidates?acceptInvalidCheckCharacter=true`,
        { enterprises: [pilot()] },
      );
      expect(answer.status).toBe(403);
      expect(answer.body.message).toContain('only an admin');
      expect(await snapshot()).toEqual(before);
    });

    it('lets an admin accept them explicitly, and the audit records which', async () => {
      const accepted = pilot();
      // A lowercase code is read as its capitals (normaliseUscc); a letter the standard leaves out is not.
      const other = pilot();
      const misshapen = { ...other, uscc: `${other.uscc.slice(0, 10)}O${other.uscc.slice(11)}` };
      const valid = w.enterprise();
      const answer = await w.request(
        'admin',
        'POST',
        `/v1/rounds/${w.ids.round}/candidates?acceptInvalidCheckCharacter=true`,
        {
          enterprises: [accepted, misshapen, valid],
        },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        accepted: 2,
        duplicates: 0,
        rejected: [
          {
            row: 2,
            code: expect.any(String),
            field: 'uscc',
            message: expect.stringContaining('outside GB 32100-2015'),
          },
        ],
        rows: 3,
        rejectedRows: 1,
        duplicateRows: [],
        acceptedInvalidCheckCharacter: [{ row: 1, uscc: accepted.uscc }],
      });
      const journey = await w.request('admin', 'GET', `/v1/journeys?uscc=${accepted.uscc}`);
      expect(journey.body.items).toHaveLength(1);

      const audit = await w.request(
        'admin',
        'GET',
        `/v1/audit?route=${encodeURIComponent('/v1/rounds/:id/candidates')}&targetId=${w.ids.round}&limit=1`,
      );
      expect(audit.body.items[0]).toMatchObject({
        principalId: w.principals.admin,
        method: 'POST',
        statusCode: 200,
        outcome: 'succeeded',
        requestId: answer.headers.get('x-request-id'),
        details: { acceptInvalidCheckCharacter: true, usccs: [accepted.uscc] },
      });
    });

    it('refuses them by default, also for an admin', async () => {
      const row = pilot();
      const answer = await w.request('admin', 'POST', `/v1/rounds/${w.ids.round}/candidates`, {
        enterprises: [row],
      });
      expect(answer.body).toEqual({
        accepted: 0,
        duplicates: 0,
        rejected: [
          {
            row: 1,
            code: expect.any(String),
            field: 'uscc',
            message: expect.stringContaining('wrong check character'),
          },
        ],
        rows: 1,
        rejectedRows: 1,
        duplicateRows: [],
      });
    });
  });
});
