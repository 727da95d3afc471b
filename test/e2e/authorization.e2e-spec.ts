import { answer as answerOf, byId, type StepBody } from '../support/api';
import { enterprise } from '../support/fixtures';
import { Stack, type HttpAnswer } from '../support/stack';
import { ASSIGNED, CALLERS, SELECTED, World, type Caller, type Step } from '../support/world';

/**
 * Issue 4, "Scope on every route": every route × every caller, with the status each must get.
 * A regulator acts only inside its division, a certification body only on journeys assigned to it,
 * an admin everywhere; out of scope answers exactly as a nonexistent id does.
 *
 * To cover a new route, add a row to ROUTES. `params` is called once per caller, so a call that
 * changes state gets its own target (`w.journey(steps)` makes a fresh journey brought through
 * `steps`, see test/support/world.ts); `missing` names nothing, and every 401, 403 or 404 is checked
 * to be answered exactly as for that nonexistent target. A certification body's step reads
 * `only({ admin: 200, bodyAssigned: 200, bodyNotAssigned: 404 })`: regulators get 403 for the role.
 */
type Expect = Record<Caller, number>;
type Params = Record<string, string>;

interface Row {
  /** Method and path; `{name}` is replaced by `params.name`. */
  route: string;
  params?: (w: World) => Params | Promise<Params>;
  missing?: (w: World) => Params;
  body?: (w: World) => unknown;
  expect: Expect;
}

/** 401 without a key, 403 for every role not listed. */
const only = (allowed: Partial<Omit<Expect, 'noKey'>>): Expect => ({
  admin: 403,
  regulatorInScope: 403,
  regulatorOutOfScope: 403,
  bodyAssigned: 403,
  bodyNotAssigned: 403,
  noKey: 401,
  ...allowed,
});
const adminOnly = (status: number) => only({ admin: status });
const publicRoute = (status: number): Expect => Object.fromEntries(CALLERS.map((c) => [c, status])) as Expect;
/** Regulators' steps: admin and the regulator in scope succeed; out of scope is 404; bodies 403. */
const regulatorStep = (status: number) =>
  only({ admin: status, regulatorInScope: status, regulatorOutOfScope: 404 });
/** What anyone may read within scope. */
const scopedRead: Expect = {
  admin: 200,
  regulatorInScope: 200,
  regulatorOutOfScope: 404,
  bodyAssigned: 200,
  bodyNotAssigned: 404,
  noKey: 401,
};

/** A certification body's step: admin and the assigned body; the other body sees nothing; regulators 403. */
const bodyStep = (status: number) => only({ admin: status, bodyAssigned: status, bodyNotAssigned: 404 });
const METRICS = { revenue: 1200, sales: 1100, profitMargin: 6.5, qualityCostRate: 4.2, firstPassYield: 93.5 };
const DIAGNOSIS: StepBody<'diagnosis'> = {
  findings: [{ dimension: 'talent', category: '人才短缺', description: '缺少内审员' }],
  baseline: METRICS,
};
const PLAN = { measures: [{ title: '培训内审员', owner: '人事部', dueDate: '2026-12-31' }] };
const EVALUATION = { satisfaction: 'satisfied', effectiveness: 'fairly_obvious', metrics: METRICS };
const DIAGNOSED: Step[] = [...ASSIGNED, ['diagnosis', () => DIAGNOSIS]];
const PLANNED: Step[] = [...DIAGNOSED, ['assistance-plan', () => PLAN]];
const ASSISTED: Step[] = [...PLANNED, ['assistance-completion', () => ({ summary: '帮扶完成' })]];

const journey =
  (steps: Step[] = []) =>
  async (w: World) => ({ id: await w.journey(steps) });
const missingJourney = (w: World) => ({ id: w.missing.journey });
const theRound = (w: World) => ({ id: w.ids.round });
const missingRound = (w: World) => ({ id: w.missing.round });
const missingPrincipal = (w: World) => ({ id: w.missing.principal });
const freshPrincipal = async (w: World) => {
  const p = await w.request('admin', 'POST', '/v1/principals', {
    role: 'regulator',
    name: '临时',
    email: 'temp@uplift.example',
    regionCode: '330100',
  });
  return { id: p.body.id as string };
};

let assignedJourney = '';
let bodySerial = 1;

const ROUTES: Row[] = [
  { route: 'GET /health', expect: publicRoute(200) },
  { route: 'GET /docs', expect: publicRoute(200) },
  { route: 'GET /docs-json', expect: publicRoute(200) },
  { route: 'GET /metrics', expect: publicRoute(200) },
  // The codec server turns Temporal's ciphertext back into personal data: admins only.
  { route: 'POST /v1/codec/decode', body: () => ({ payloads: [] }), expect: adminOnly(200) },
  { route: 'POST /v1/codec/encode', body: () => ({ payloads: [] }), expect: adminOnly(200) },

  {
    route: 'POST /v1/principals',
    body: () => ({ role: 'regulator', name: '某局', email: 'bureau@samr.example', regionCode: '330100' }),
    expect: adminOnly(201),
  },
  { route: 'GET /v1/principals', expect: adminOnly(200) },
  {
    route: 'POST /v1/principals/{id}/revoke',
    params: freshPrincipal,
    missing: missingPrincipal,
    expect: adminOnly(200),
  },
  {
    route: 'DELETE /v1/principals/{id}',
    params: freshPrincipal,
    missing: missingPrincipal,
    expect: adminOnly(200),
  },
  {
    route: 'POST /v1/principals/{id}/key',
    params: freshPrincipal,
    missing: missingPrincipal,
    expect: adminOnly(201),
  },
  // The callers are not the bootstrap admin, so rotating its key leaves them working.
  { route: 'POST /v1/principals/bootstrap/rotate', expect: adminOnly(200) },

  // People's accounts: an admin invites; the one-time links and sign-in take no key (a key neither
  // helps nor matters); who is signed in answers for a key as for a session.
  {
    route: 'POST /v1/principals/{id}/invitation',
    params: freshPrincipal,
    missing: missingPrincipal,
    expect: adminOnly(202),
  },
  {
    route: 'GET /v1/invitations/{token}',
    params: () => ({ token: 'x'.repeat(43) }),
    expect: publicRoute(404),
  },
  {
    route: 'POST /v1/invitations/{token}',
    params: () => ({ token: 'x'.repeat(43) }),
    body: () => ({ password: 'Zhejiang-audit-2026!' }),
    expect: publicRoute(404),
  },
  {
    route: 'POST /v1/password-resets',
    body: () => ({ email: 'nobody@uplift.example' }),
    expect: publicRoute(202),
  },
  {
    route: 'GET /v1/password-resets/{token}',
    params: () => ({ token: 'x'.repeat(43) }),
    expect: publicRoute(404),
  },
  {
    route: 'POST /v1/password-resets/{token}',
    params: () => ({ token: 'x'.repeat(43) }),
    body: () => ({ password: 'Zhejiang-audit-2026!' }),
    expect: publicRoute(404),
  },
  {
    route: 'POST /v1/sessions',
    body: () => ({ email: 'nobody@uplift.example', password: 'not-a-password' }),
    expect: publicRoute(401),
  },
  { route: 'GET /v1/sessions/current', expect: { ...publicRoute(200), noKey: 401 } },
  { route: 'DELETE /v1/sessions/current', expect: { ...publicRoute(204), noKey: 401 } },

  {
    route: 'POST /v1/certification-bodies',
    body: () => ({
      code: `CNCA-R-2021-${String(bodySerial++).padStart(4, '0')}`,
      name: '新认证机构',
      email: 'new@cert.example',
    }),
    expect: adminOnly(201),
  },
  {
    route: 'GET /v1/certification-bodies',
    expect: only({ admin: 200, regulatorInScope: 200, regulatorOutOfScope: 200 }),
  },

  {
    route: 'POST /v1/rounds',
    body: () => ({ name: '杭州市第二批', regionCode: '330100' }),
    // Out of scope here is a field of the body, not an id: 400 naming regionCode.
    expect: only({ admin: 201, regulatorInScope: 201, regulatorOutOfScope: 400 }),
  },
  { route: 'GET /v1/rounds/{id}', params: theRound, missing: missingRound, expect: scopedRead },
  {
    route: 'POST /v1/rounds/{id}/candidates',
    params: theRound,
    missing: missingRound,
    body: (w) => ({ enterprises: [w.enterprise()] }),
    expect: regulatorStep(200),
  },

  {
    route: 'GET /v1/journeys',
    expect: { ...publicRoute(200), noKey: 401 },
  },
  {
    route: 'GET /v1/journeys/{id}',
    params: () => ({ id: assignedJourney }),
    missing: missingJourney,
    expect: scopedRead,
  },
  {
    route: 'POST /v1/journeys/{id}/screening-decision',
    params: journey(),
    missing: missingJourney,
    body: () => ({ decision: 'selected' }),
    expect: regulatorStep(200),
  },
  {
    route: 'POST /v1/journeys/{id}/assignment',
    params: journey(SELECTED),
    missing: missingJourney,
    body: (w) => ({ certificationBodyId: w.ids.bodyAssigned }),
    expect: regulatorStep(200),
  },
  {
    route: 'POST /v1/journeys/{id}/diagnosis',
    params: journey(ASSIGNED),
    missing: missingJourney,
    body: () => DIAGNOSIS,
    expect: bodyStep(200),
  },
  {
    route: 'POST /v1/journeys/{id}/assistance-plan',
    params: journey(DIAGNOSED),
    missing: missingJourney,
    body: () => PLAN,
    expect: bodyStep(200),
  },
  {
    route: 'POST /v1/journeys/{id}/assistance-progress',
    params: journey(PLANNED),
    missing: missingJourney,
    body: () => ({ updates: [{ measure: PLAN.measures[0].title, status: 'in_progress' }] }),
    expect: bodyStep(200),
  },
  {
    route: 'POST /v1/journeys/{id}/assistance-completion',
    params: journey(PLANNED),
    missing: missingJourney,
    body: () => ({ summary: '帮扶完成' }),
    expect: bodyStep(200),
  },
  {
    route: 'POST /v1/journeys/{id}/certification',
    params: journey(ASSISTED),
    missing: missingJourney,
    body: () => ({ outcome: 'declined' }),
    expect: bodyStep(200),
  },
  {
    // Evaluation 1 falls due months after assistance: allowed callers reach the stage check (409).
    route: 'POST /v1/journeys/{id}/evaluations/1',
    params: journey(ASSIGNED),
    missing: missingJourney,
    body: () => EVALUATION,
    expect: bodyStep(409),
  },
  {
    route: 'POST /v1/journeys/{id}/withdrawal',
    params: journey(SELECTED),
    missing: missingJourney,
    body: () => ({ reason: '企业自愿退出' }),
    expect: regulatorStep(200),
  },
  {
    route: 'GET /v1/journeys/{id}/history',
    params: () => ({ id: assignedJourney }),
    missing: missingJourney,
    // The assigned body reads its journey's timeline in the console.
    expect: scopedRead,
  },
  {
    // Evaluation 1 is not due on an assigned journey: allowed callers reach the "no link to send" 409.
    route: 'POST /v1/journeys/{id}/evaluations/1/link',
    params: () => ({ id: assignedJourney }),
    missing: missingJourney,
    expect: { ...scopedRead, admin: 409, regulatorInScope: 409, bodyAssigned: 409 },
  },
  {
    route: 'GET /v1/rounds/{id}/report',
    params: theRound,
    missing: missingRound,
    expect: regulatorStep(200),
  },
  {
    route: 'POST /v1/rounds/{id}/close',
    params: async (w) => {
      const round = await w.request('regulatorInScope', 'POST', '/v1/rounds', {
        name: '待关闭',
        regionCode: '330100',
      });
      return { id: round.body.id };
    },
    missing: missingRound,
    expect: regulatorStep(200),
  },
  // The enterprise's link is its only credential: API keys neither help nor matter (the HTML page's
  // answers for unusable links are tested in whole-journey.e2e-spec.ts).
  {
    route: 'POST /v1/evaluations/{id}',
    params: () => ({ id: 'not-a-token' }),
    body: () => EVALUATION,
    expect: publicRoute(404),
  },
  { route: 'GET /v1/audit', expect: adminOnly(200) },
];

describe('authorization on every route', () => {
  let stack: Stack;
  let w: World;

  beforeAll(async () => {
    stack = await Stack.start();
    w = await World.create(stack);
    assignedJourney = await w.journey(ASSIGNED);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function call(row: Row, caller: Caller, params: Params): Promise<HttpAnswer> {
    const [method, template] = row.route.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]));
    return w.request(caller, method, path, row.body?.(w));
  }

  describe.each(ROUTES.map((row) => [row.route, row] as const))('%s', (_route, row) => {
    it.each(CALLERS.map((caller) => [caller, row.expect[caller]] as const))(
      '%s → %d',
      async (caller, expected) => {
        const answer = await call(row, caller, (await row.params?.(w)) ?? {});
        expect({ status: answer.status, body: answer.body }).toMatchObject({ status: expected });
        if (expected >= 400) {
          expect(answer.body).toMatchObject({ statusCode: expected, message: expect.any(String) });
        }
        if (row.missing && [401, 403, 404].includes(expected)) {
          // Nothing tells "not yours" from "does not exist".
          const absent = await call(row, caller, row.missing(w));
          expect({ status: absent.status, body: absent.body }).toEqual({
            status: answer.status,
            body: answer.body,
          });
        }
      },
    );
  });

  describe('a division covers itself and its children', () => {
    const regulators: [string, number][] = [
      ['000000', 200],
      ['330000', 200],
      ['330100', 200],
      ['330106', 200],
      ['330102', 404],
      ['330200', 404],
      ['310000', 404],
    ];
    it.each(regulators)('a regulator of %s reading a journey in 330106 → %d', async (regionCode, status) => {
      const p = await answerOf(
        w.api('admin').POST('/v1/principals', {
          body: {
            role: 'regulator',
            name: `监管局 ${regionCode}`,
            email: `r${regionCode}@samr.example`,
            regionCode,
          },
        }),
      );
      const answer = await answerOf(stack.api(p.body.apiKey).GET('/v1/journeys/{id}', byId(assignedJourney)));
      expect(answer.status).toBe(status);
    });
  });

  describe('lists, counts and imports within scope', () => {
    let provincialRound = '';
    const inXihu = enterprise('330106', 900_001);
    const inNingbo = enterprise('330203', 900_002);
    const ids = (answer: HttpAnswer) => answer.body.items.map((j: { id: string }) => j.id).sort();
    const journeyOf = (e: { uscc: string }) => `journey-${provincialRound}-${e.uscc}`;

    beforeAll(async () => {
      const regulator = w.api('regulatorInScope');
      const round = await answerOf(
        regulator.POST('/v1/rounds', { body: { name: '2026年浙江省第一批', regionCode: '330000' } }),
      );
      provincialRound = round.body.id;
      const imported = await answerOf(
        regulator.POST('/v1/rounds/{id}/candidates', {
          ...byId(provincialRound),
          body: { enterprises: [inXihu, inNingbo] },
        }),
      );
      expect(imported.body).toMatchObject({ accepted: 2, rejected: [] });
      const selected = await answerOf(
        regulator.POST('/v1/journeys/{id}/screening-decision', {
          ...byId(journeyOf(inXihu)),
          body: { decision: 'selected' },
        }),
      );
      expect(selected.status).toBe(200);
      const assigned = await answerOf(
        regulator.POST('/v1/journeys/{id}/assignment', {
          ...byId(journeyOf(inXihu)),
          body: { certificationBodyId: w.ids.bodyAssigned },
        }),
      );
      expect(assigned.status).toBe(200);
    });

    it('lists only the journeys each caller may open', async () => {
      // Raw while the document does not describe the list's query parameters.
      const list = (caller: Caller) => w.request(caller, 'GET', `/v1/journeys?roundId=${provincialRound}`);
      const both = [journeyOf(inXihu), journeyOf(inNingbo)].sort();
      expect(ids(await list('admin'))).toEqual(both);
      expect(ids(await list('regulatorInScope'))).toEqual(both);
      expect(ids(await list('regulatorOutOfScope'))).toEqual([journeyOf(inNingbo)]);
      expect(ids(await list('bodyAssigned'))).toEqual([journeyOf(inXihu)]);
      expect(ids(await list('bodyNotAssigned'))).toEqual([]);
      // A filter never widens the scope.
      const widened = await w.request('regulatorOutOfScope', 'GET', `/v1/journeys?regionCode=330000`);
      expect(widened.body.items.every((j: any) => j.enterprise.regionCode.startsWith('3302'))).toBe(true);
    });

    it('counts a round within scope only', async () => {
      const read = (caller: Caller) => answerOf(w.api(caller).GET('/v1/rounds/{id}', byId(provincialRound)));
      const counts = async (caller: Caller) => (await read(caller)).body;
      expect(await counts('regulatorInScope')).toMatchObject({
        total: 2,
        counts: { screening: 1, diagnosis: 1 },
      });
      // Ningbo's bureau sees its province's round, counted over Ningbo's enterprises.
      expect(await counts('regulatorOutOfScope')).toMatchObject({
        total: 1,
        counts: { screening: 1, diagnosis: 0 },
      });
      expect(await counts('bodyAssigned')).toMatchObject({
        total: 1,
        counts: { screening: 0, diagnosis: 1 },
      });
      expect((await read('bodyNotAssigned')).status).toBe(404);
    });

    it("lets a city bureau import into its province's round only enterprises of its own division", async () => {
      const ningboRow = enterprise('330205', 900_003);
      const xihuRow = enterprise('330106', 900_004);
      const answer = await answerOf(
        w.api('regulatorOutOfScope').POST('/v1/rounds/{id}/candidates', {
          ...byId(provincialRound),
          body: { enterprises: [xihuRow, ningboRow] },
        }),
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        accepted: 1,
        duplicates: 0,
        rejected: [
          {
            row: 1,
            code: expect.any(String),
            field: 'regionCode',
            message: 'is outside your division 330200',
          },
        ],
        rows: 2,
        rejectedRows: 1,
        duplicateRows: [],
      });
      const xihu = await answerOf(w.api('admin').GET('/v1/journeys/{id}', byId(journeyOf(xihuRow))));
      expect(xihu.status).toBe(404);
    });

    it('refuses a step out of scope without changing the journey', async () => {
      const read = () => answerOf(w.api('admin').GET('/v1/journeys/{id}', byId(journeyOf(inXihu))));
      const before = await read();
      const answer = await answerOf(
        w.api('regulatorOutOfScope').POST('/v1/journeys/{id}/assignment', {
          ...byId(journeyOf(inXihu)),
          body: { certificationBodyId: w.ids.bodyNotAssigned },
        }),
      );
      expect(answer.status).toBe(404);
      const after = await read();
      expect(after.body).toEqual(before.body);
    });
  });
});
