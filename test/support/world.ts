import { randomUUID } from 'node:crypto';
import type { UpliftClient } from '@uplift/api-client';
import { answer, ok, type JsonBody, type StepBody, type StepPath } from './api';
import { enterprise, validUscc } from './fixtures';
import type { HttpAnswer, Stack } from './stack';

/**
 * The callers every authorization check is made with. Regions: the round is Hangzhou's (330100),
 * its enterprises are in Xihu district (330106); Zhejiang (330000) covers both, Ningbo (330200) neither.
 */
export const CALLERS = [
  'admin',
  'regulatorInScope',
  'regulatorOutOfScope',
  'bodyAssigned',
  'bodyNotAssigned',
  'noKey',
] as const;
export type Caller = (typeof CALLERS)[number];

/** A step taken to bring a fresh journey where a check needs it: path segment and body, typed together. */
export type Step = { [S in StepPath]: [step: S, body: (w: World) => StepBody<S>] }[StepPath];

export const SELECTED: Step[] = [['screening-decision', () => ({ decision: 'selected' })]];
export const ASSIGNED: Step[] = [
  ...SELECTED,
  ['assignment', (w) => ({ certificationBodyId: w.ids.bodyAssigned })],
];

export const ENTERPRISE_DIVISION = '330106';

/**
 * One of each caller, a round, and fresh journeys on demand, built over HTTP with the bootstrap key.
 * `serialBase` keeps the enterprises of several worlds on one stack apart.
 */
export class World {
  readonly keys = {} as Record<Caller, string | null>;
  readonly principals = {} as Record<Exclude<Caller, 'noKey'>, string>;
  readonly ids = { bodyAssigned: '', bodyNotAssigned: '', round: '' };
  /** Ids that name nothing, for comparing a 404 out of scope with a 404 for absence. */
  readonly missing = { journey: '', round: randomUUID(), principal: randomUUID() };
  private serial: number;

  private constructor(
    readonly stack: Stack,
    serialBase: number,
  ) {
    this.serial = serialBase;
  }

  static async create(stack: Stack, serialBase = 1000): Promise<World> {
    const w = new World(stack, serialBase);
    const tag = serialBase.toString().padStart(4, '0');
    const admin = stack.api();
    for (const [name, slot] of [
      [`CNCA-R-2019-${tag}`, 'bodyAssigned'],
      [`CNCA-R-2020-${tag}`, 'bodyNotAssigned'],
    ] as const) {
      const body = await ok(
        admin.POST('/v1/certification-bodies', {
          body: { code: name, name: `认证机构 ${slot}`, email: `${slot}-${tag}@cert.example` },
        }),
      );
      w.ids[slot] = body.id;
    }
    type Role = Omit<JsonBody<'/v1/principals', 'post'>, 'name' | 'email'>;
    const principals: [Exclude<Caller, 'noKey'>, Role][] = [
      ['admin', { role: 'admin' }],
      ['regulatorInScope', { role: 'regulator', regionCode: '330000' }],
      ['regulatorOutOfScope', { role: 'regulator', regionCode: '330200' }],
      ['bodyAssigned', { role: 'certification_body', certificationBodyId: w.ids.bodyAssigned }],
      ['bodyNotAssigned', { role: 'certification_body', certificationBodyId: w.ids.bodyNotAssigned }],
    ];
    for (const [caller, fields] of principals) {
      const p = await ok(
        admin.POST('/v1/principals', {
          body: { name: caller, email: `${caller.toLowerCase()}-${tag}@uplift.example`, ...fields },
        }),
      );
      w.keys[caller] = p.apiKey;
      w.principals[caller] = p.id;
    }
    w.keys.noKey = null;
    const round = await ok(
      w.api('regulatorInScope').POST('/v1/rounds', { body: { name: `杭州市 ${tag}`, regionCode: '330100' } }),
      201,
    );
    w.ids.round = round.id;
    w.missing.journey = `journey-${w.ids.round}-${validUscc(ENTERPRISE_DIVISION, 999_999)}`;
    return w;
  }

  /** The typed client as `caller`. */
  api(caller: Caller): UpliftClient {
    return this.stack.api(this.keys[caller]);
  }

  /** A raw call made as `caller`, any method and path (the authorization table walks every route). */
  request(caller: Caller, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    return this.stack.request(method, path, { key: this.keys[caller], body });
  }

  /** A fresh candidate enterprise row, unique in this world. */
  enterprise(overrides: Record<string, unknown> = {}) {
    return enterprise(ENTERPRISE_DIVISION, this.serial++, overrides);
  }

  /**
   * A fresh journey in the world's round, its workflow running and recorded (version 1 or more),
   * brought through `steps` by the world's admin.
   */
  async journey(steps: Step[] = []): Promise<string> {
    const e = this.enterprise();
    const admin = this.api('admin');
    const imported = await answer(
      admin.POST('/v1/rounds/{id}/candidates', {
        params: { path: { id: this.ids.round } },
        body: { enterprises: [e] },
      }),
    );
    if (imported.body?.accepted !== 1) throw new Error(`import: ${JSON.stringify(imported.body)}`);
    const id = `journey-${this.ids.round}-${e.uscc}`;
    for (let tries = 0; ; tries++) {
      const read = await answer(admin.GET('/v1/journeys/{id}', { params: { path: { id } } }));
      if (read.body?.version >= 1) break;
      if (tries > 200) throw new Error(`journey ${id} never recorded by its workflow`);
      await new Promise((r) => setTimeout(r, 25));
    }
    for (const [step, body] of steps) await ok(takeStep(admin, id, step, body(this)), 200);
    return id;
  }
}

/**
 * Step `step` of journey `id`. Generic over the step, which a union of paths cannot be: the step
 * and its body are checked together where the `Step` is written.
 */
function takeStep<S extends StepPath>(client: UpliftClient, id: string, step: S, body: StepBody<S>) {
  const path = `/v1/journeys/{id}/${step}` as '/v1/journeys/{id}/screening-decision';
  return client.POST(path, { params: { path: { id } }, body: body as StepBody<'screening-decision'> });
}
