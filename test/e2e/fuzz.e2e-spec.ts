import fc from 'fast-check';
import { Stack, type HttpAnswer } from '../support/stack';
import { SELECTED, World } from '../support/world';

/**
 * Issue 4, "Fuzzing": random and hostile bodies, headers and paths against the step routes, the
 * candidate import and round creation of the real stack. Whatever arrives, the answer is never a
 * 5xx, an error has the documented shape and leaks nothing internal, and no error changes any state
 * (the journeys' read model, the rounds and their counts). Fixed seed, bounded runs.
 */
const SEED = 4_242_026;

/** Strings that have broken servers before. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff x',
  '\u202e\u0644\u0627',
  '🙂'.repeat(50),
  '\u001b[2J',
  "' OR '1'='1' --",
  '"; DROP TABLE journeys; --',
  '../../../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  '-1',
  '1e309',
  'null',
  'P99999999999999999999Y',
  'PT0S',
  'x'.repeat(5000),
];

const hostileString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
/** A field's value: usually the one given, sometimes anything. */
const mostly = <T>(...good: T[]) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: hostileValue });
/** Fields nobody asked for, hostile names included. */
const extraFields = fc.dictionary(
  fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor')),
  hostileValue,
  {
    maxKeys: 2,
  },
);

/** Percent-encodes anything, a lone surrogate as the invalid UTF-8 bytes it would be (WTF-8). */
function encodeHostile(text: string): string {
  return text.replace(/[\s\S]/gu, (c) => {
    if (c.length === 2 || !/[\ud800-\udfff]/.test(c)) return encodeURIComponent(c);
    const u = c.charCodeAt(0);
    return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
      .map((b) => `%${b.toString(16).toUpperCase()}`)
      .join('');
  });
}

/** A body as sent: a JSON value, hostile raw text, or deep nesting. */
function bodyFrom(near: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: near },
    { weight: 2, arbitrary: fc.tuple(near, extraFields).map(([b, extra]) => ({ ...extra, ...b })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(hostileString, fc.constantFrom('{', '{"a":', '[1,]', '{"__proto__":{"x":1}}'))
        .map((raw) => ({ raw })),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 33, max: 20_000 })
        .map((depth) => ({ raw: '['.repeat(depth) + ']'.repeat(depth) })),
    },
  );
}

const headerValue = fc
  .string({ unit: 'grapheme-ascii', maxLength: 80 })
  .map((s) => s.replace(/[^\x20-\x7e]/g, '').trim());
const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'text/plain',
      'text/csv',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      '',
    ),
  },
);

interface SentHeaders {
  contentType: string;
  idempotencyKey?: string;
  requestId?: string;
  authorization?: string;
  accept?: string;
}

type KeyChoice = 'admin' | 'regulatorInScope' | 'regulatorOutOfScope' | 'bodyAssigned' | 'garbage' | 'none';
const keyChoice = fc.constantFrom<KeyChoice>(
  'admin',
  'admin',
  'regulatorInScope',
  'regulatorInScope',
  'regulatorInScope',
  'regulatorInScope',
  'regulatorOutOfScope',
  'bodyAssigned',
  'garbage',
  'none',
);
/** Present now and then: most requests look like ordinary ones, so they reach the routes' rules. */
const sometimes = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const headers: fc.Arbitrary<SentHeaders> = fc.record({
  contentType,
  idempotencyKey: sometimes(fc.oneof(headerValue, fc.constantFrom('k1', 'k2', 'k3'))),
  requestId: sometimes(headerValue),
  authorization: sometimes(
    fc.constantFrom('Basic dXNlcjpwYXNz', 'Bearer', 'Bearer  ', 'bearer upl_00000000_x', 'Token abc'),
  ),
  accept: sometimes(fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml')),
});

describe('fuzzing the routes that change state', () => {
  let stack: Stack;
  let w: World;
  const journeys: string[] = [];

  beforeAll(async () => {
    stack = await Stack.start();
    w = await World.create(stack);
    for (let i = 0; i < 3; i++) journeys.push(await w.journey(), await w.journey(SELECTED));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Everything an error must leave as it was. */
  async function state() {
    await stack.journeysSettled();
    const [tables] = await stack.query(
      `SELECT (SELECT count(*) FROM rounds)::int AS rounds, (SELECT count(*) FROM principals)::int AS principals,
              (SELECT count(*) FROM certification_bodies)::int AS bodies`,
    );
    const readModel = await stack.query(
      `SELECT id, stage, version, stalled, certification_body_id, state FROM journeys ORDER BY id`,
    );
    // The round's counts as GET /v1/rounds/{id} computes them (read from the table: no rate limit).
    const counts = await stack.query(
      `SELECT stage, count(*)::int AS n FROM journeys WHERE round_id = $1 GROUP BY stage ORDER BY stage`,
      [w.ids.round],
    );
    return { tables, readModel, counts };
  }

  function keyOf(choice: KeyChoice): string | null {
    if (choice === 'garbage') return 'upl_deadbeef_not-a-key-at-all-000000000000000000';
    if (choice === 'none') return null;
    return w.keys[choice];
  }

  async function send(
    method: string,
    path: string,
    key: KeyChoice,
    body: unknown,
    h: SentHeaders,
  ): Promise<HttpAnswer> {
    const sent: Record<string, string> = {};
    if (h.contentType) sent['content-type'] = h.contentType;
    if (h.idempotencyKey) sent['idempotency-key'] = h.idempotencyKey;
    if (h.requestId) sent['x-request-id'] = h.requestId;
    if (h.accept) sent.accept = h.accept;
    if (h.authorization && key === 'none') sent.authorization = h.authorization;
    const raw = (body as { raw?: unknown } | null)?.raw;
    const payload = typeof raw === 'string' ? raw : JSON.stringify(body);
    return stack.request(method, path, { key: keyOf(key), body: payload, headers: sent });
  }

  /** Never a 5xx; an error has the documented shape and nothing internal. */
  function expectHonestAnswer(answer: HttpAnswer): void {
    expect(answer.status).toBeLessThan(500);
    // A rate limit would hide the routes from the fuzzer: the defaults must leave room for it.
    expect(answer.status).not.toBe(429);
    if (answer.status >= 400) {
      expect(answer.body).toMatchObject({
        statusCode: answer.status,
        error: expect.any(String),
        message: expect.any(String),
      });
      expect(
        Object.keys(answer.body)
          .filter((k) => k !== 'details')
          .sort(),
      ).toEqual(['error', 'message', 'statusCode']);
      if (answer.status === 400) {
        // Every 400 names each field it refuses, and why.
        expect(answer.body.details).toEqual(
          expect.arrayContaining([
            { field: expect.any(String), code: expect.any(String), message: expect.any(String) },
          ]),
        );
        for (const d of answer.body.details)
          expect(Object.keys(d).sort()).toEqual(['code', 'field', 'message']);
      }
      expect(JSON.stringify(answer.body)).not.toMatch(
        /\bat \S+ \(|node_modules|\.js:\d+|QueryFailed|SELECT |INSERT |UPDATE /,
      );
    }
  }

  const target = () =>
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 5 }).map((i) => journeys[i]) },
      { weight: 1, arbitrary: fc.constant('missing') },
      { weight: 3, arbitrary: hostileString },
    );

  it('survives hostile steps: /v1/journeys/{id}/screening-decision and /assignment', async () => {
    const step = fc.oneof(
      fc.record({
        step: fc.constant('screening-decision'),
        body: bodyFrom(
          fc.record(
            {
              decision: mostly<unknown>('selected', 'rejected', 'rejected', 'SELECTED'),
              reason: mostly<unknown>('意愿不强', '企业自愿退出\n第二行'),
            },
            { requiredKeys: [] },
          ),
        ),
      }),
      fc.record({
        step: fc.constant('assignment'),
        body: bodyFrom(
          fc.record(
            {
              certificationBodyId: fc.oneof(fc.constantFrom('assigned', 'other'), fc.uuid(), hostileValue),
            },
            { requiredKeys: [] },
          ),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(step, target(), keyChoice, headers, async ({ step: name, body }, id, key, h) => {
        const b = body as Record<string, unknown>;
        if (b && typeof b === 'object' && b.certificationBodyId === 'assigned')
          b.certificationBodyId = w.ids.bodyAssigned;
        if (b && typeof b === 'object' && b.certificationBodyId === 'other')
          b.certificationBodyId = w.ids.bodyNotAssigned;
        const journeyId = id === 'missing' ? w.missing.journey : id;
        const before = await state();
        const answer = await send('POST', `/v1/journeys/${encodeHostile(journeyId)}/${name}`, key, body, h);
        expectHonestAnswer(answer);
        if (answer.status >= 400) expect(await state()).toEqual(before);
      }),
      { seed: SEED, numRuns: 250, endOnFailure: true },
    );
  });

  it('survives hostile candidate imports: /v1/rounds/{id}/candidates', async () => {
    const fields = [
      'uscc',
      'name',
      'regionCode',
      'industryCode',
      'email',
      'contactName',
      'employees',
      'annualRevenue',
    ];
    const mutation = fc.option(
      fc.record({
        field: fc.oneof(fc.constantFrom(...fields), hostileString),
        value: fc.oneof(
          hostileValue,
          fc.constantFrom(
            '330203',
            '3301',
            '000000',
            'C01',
            'c3511',
            '91330106MA0000001X',
            'a@b',
            -1,
            Number.MAX_VALUE,
            2 ** 53 + 1,
          ),
        ),
      }),
      { freq: 3 },
    );
    const query = fc.constantFrom(
      '',
      '?acceptInvalidCheckCharacter=true',
      '?acceptInvalidCheckCharacter=no',
      '?limit=1',
      '?acceptInvalidCheckCharacter=%00',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(mutation, { maxLength: 2 }), { maxLength: 3 }),
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: bodyFrom(fc.record({ enterprises: fc.jsonValue() })) },
        ),
        query,
        fc.oneof({ weight: 5, arbitrary: fc.constant('round') }, { weight: 1, arbitrary: hostileString }),
        keyChoice,
        headers,
        async (rowMutations, wholeBody, q, roundChoice, key, h) => {
          const enterprises = rowMutations.map((ms) =>
            Object.assign(w.enterprise(), ...ms.map((m) => (m === null ? {} : { [m.field]: m.value }))),
          );
          const body = wholeBody ?? { enterprises };
          const round = roundChoice === 'round' ? w.ids.round : roundChoice;
          const before = await state();
          const answer = await send(
            'POST',
            `/v1/rounds/${encodeHostile(round)}/candidates${q}`,
            key,
            body,
            h,
          );
          expectHonestAnswer(answer);
          const after = await state();
          if (answer.status >= 400) {
            expect(after).toEqual(before);
          } else {
            expect(answer.status).toBe(200);
            const total = (c: { n: number }[]) => c.reduce((sum, r) => sum + r.n, 0);
            expect(total(after.counts)).toBe(total(before.counts) + answer.body.accepted);
          }
        },
      ),
      { seed: SEED, numRuns: 150, endOnFailure: true },
    );
  });

  it('survives hostile round creation: POST /v1/rounds', async () => {
    const duration = fc.oneof(
      fc.constantFrom('P30D', 'PT5S', 'P1Y2M3DT4H5M6.5S', 'PT0S', 'P11Y', '30 days', 'p14d', 'P'),
      hostileValue,
    );
    const settings = fc.record(
      {
        deadlines: fc.oneof(
          fc.dictionary(fc.constantFrom('screening', 'diagnosis', 'assistance', 'nope'), duration, {
            maxKeys: 3,
          }),
          hostileValue,
        ),
        evaluationOffsets: fc.oneof(fc.array(duration, { maxLength: 14 }), hostileValue),
        reminders: fc.oneof(
          fc.record(
            { every: duration, max: fc.oneof(fc.integer({ min: -5, max: 30 }), hostileValue) },
            { requiredKeys: [] },
          ),
          hostileValue,
        ),
        escalateAfter: duration,
      },
      { requiredKeys: [] },
    );
    const round = fc.record(
      {
        name: fc.oneof(fc.constantFrom('2026年第一批'), hostileValue),
        regionCode: fc.oneof(
          fc.constantFrom('330000', '330100', '330200', '000000', '33000', '3300000'),
          hostileValue,
        ),
        settings: fc.oneof(settings, hostileValue),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(bodyFrom(round), keyChoice, headers, async (body, key, h) => {
        const before = await state();
        const answer = await send('POST', '/v1/rounds', key, body, h);
        expectHonestAnswer(answer);
        const after = await state();
        if (answer.status >= 400) expect(after).toEqual(before);
        else expect(after.tables.rounds).toBe(before.tables.rounds + 1);
      }),
      { seed: SEED, numRuns: 200, endOnFailure: true },
    );
  });

  it('survives hostile methods and paths', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'v1',
        'journeys',
        'rounds',
        'principals',
        'audit',
        '..',
        '.',
        '%2e%2e',
        'candidates',
        'revoke',
      ),
      hostileString,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.option(hostileString),
        keyChoice,
        headers,
        async (method, segments, queryValue, key, h) => {
          const path =
            '/' +
            segments.map(encodeHostile).join('/') +
            (queryValue === null ? '' : `?q=${encodeHostile(queryValue)}`);
          const before = await state();
          const answer = await send(
            method,
            path,
            key,
            method === 'GET' || method === 'DELETE' ? undefined : {},
            h,
          );
          expectHonestAnswer(answer);
          if (answer.status >= 400) expect(await state()).toEqual(before);
        },
      ),
      { seed: SEED, numRuns: 150, endOnFailure: true },
    );
  });
});
