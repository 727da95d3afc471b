/* The step table against every API consumer at once (routes, link, metrics): a test across features. */
import { type CallHandler, type ExecutionContext, type NestInterceptor, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Observable } from 'rxjs';
import { createSchema } from 'zod-openapi';
import {
  DEFAULT_ROUND_SETTINGS,
  ROUTED_STEPS,
  STEP_NAMES,
  type Role,
  type RoutedStep,
  type StepName,
  certificateExpiry,
  initialJourney,
  stepDefinition,
} from '@uplift/domain';
import { ALLOWED_ROLES } from '../../apps/api/src/common/auth.decorators';
import { AuthGuard } from '../../apps/api/src/common/auth.guard';
import { buildOpenApiDocument } from '../../apps/api/src/common/openapi-document';
import { PRINCIPAL_LOOKUP } from '../../apps/api/src/common/principal-lookup';
import { ErrorFilter } from '../../apps/api/src/common/error.filter';
import { assignUpdateId } from '../../apps/api/src/common/step-identity';
import { takenStep } from '../../apps/api/src/common/taken-step';
import { EvaluationsController } from '../../apps/api/src/evaluations/evaluations.controller';
import { EvaluationLinkReissue } from '../../apps/api/src/evaluations/evaluation-link-reissue';
import { EvaluationsService } from '../../apps/api/src/evaluations/evaluations.service';
import { ApiMetrics } from '../../apps/api/src/metrics/api-metrics';
import { CampaignMetricsInterceptor } from '../../apps/api/src/metrics/campaign-metrics.interceptor';
import { HistoryService } from '../../apps/api/src/journeys/history.service';
import { JourneysController } from '../../apps/api/src/journeys/journeys.controller';
import { JourneysService } from '../../apps/api/src/journeys/journeys.service';

/**
 * The step table (libs/domain steps.ts) against what the API makes of it: route, method, status,
 * role guard, body validation, OpenAPI body, metrics. Each is read from the running controllers and
 * compared with the table's rows, so a row edited changes them all or this fails.
 */
const METRICS = { revenue: 1, sales: 2, profitMargin: 3, qualityCostRate: 4, firstPassYield: 5 };
/** A body each step's schema accepts; a new routed step must bring one. */
const VALID: Record<RoutedStep, unknown> = {
  'screening-decision': { decision: 'selected' },
  assignment: { certificationBodyId: '6f1c2b4e-9d1a-4c3b-8e2f-1a2b3c4d5e6f' },
  reassignment: {
    fromCertificationBodyId: '6f1c2b4e-9d1a-4c3b-8e2f-1a2b3c4d5e6f',
    certificationBodyId: '0b7d3c2a-5e4f-4a1b-9c8d-7e6f5a4b3c2d',
    reason: '原认证机构资质被撤销',
  },
  diagnosis: {
    findings: [{ dimension: 'talent', category: '人才短缺', description: '缺少内审员' }],
    baseline: METRICS,
  },
  'assistance-plan': { measures: [{ title: '培训内审员', owner: '人事部', dueDate: '2026-12-31' }] },
  'assistance-progress': { updates: [{ measure: '培训内审员', status: 'in_progress' }] },
  'assistance-completion': { summary: '帮扶完成' },
  certification: { outcome: 'certified', certificateNumber: 'C-1', issuedOn: '2025-06-30' },
  evaluation: { satisfaction: 'satisfied', effectiveness: 'fairly_obvious', metrics: METRICS },
  withdrawal: { reason: '企业主动退出' },
  assignee: { assigneeId: '3c9e1f7a-2b4d-4e6f-8a1c-5d7e9f1a3b5c' },
};

const journey = initialJourney(
  {
    id: 'journey-r1-91350100M000100Y43',
    roundId: 'r1',
    enterprise: {
      uscc: '91350100M000100Y43',
      name: '福州甲公司',
      regionCode: '350102',
      industryCode: 'C3511',
      email: 'a@x.example',
    },
    settings: DEFAULT_ROUND_SETTINGS,
  },
  new Date('2026-03-01T00:00:00Z'),
);

const PRINCIPALS: Record<Role, { id: string; role: Role; name: string }> = {
  admin: { id: 'p-admin', role: 'admin', name: 'ops' },
  regulator: { id: 'p-regulator', role: 'regulator', name: '福建省局' },
  certification_body: { id: 'p-body', role: 'certification_body', name: '认证机构' },
};

/** Stands in for the idempotency interceptor: the Update id the request's key would give. */
class AssignUpdateId implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const key = request.headers['idempotency-key'];
    if (key) assignUpdateId(request, `idem-${key}`);
    return next.handle();
  }
}

const routeOf = (step: StepName) => `:id/${stepDefinition(step).path}`;
const urlOf = (step: StepName, n = '1') =>
  `/v1/journeys/${journey.id}/${stepDefinition(step).path!.replace(':n', n)}`;
const routeRoles = (step: StepName) => [
  ...stepDefinition(step).roles.filter((r) => r !== 'enterprise'),
  'admin',
];

/** Every POST route of a controller as Nest reads it: path, status, roles and the step it is marked with. */
function postRoutes(controller: { prototype: object }) {
  return Object.getOwnPropertyNames(controller.prototype)
    .map((name) => ({ name, handler: (controller.prototype as Record<string, object>)[name] }))
    .filter(({ handler }) => Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST)
    .map(({ name, handler }) => ({
      name,
      path: Reflect.getMetadata(PATH_METADATA, handler) as string,
      status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
      roles: Reflect.getMetadata(ALLOWED_ROLES, handler) as string[] | undefined,
      taken: takenStep(handler),
    }));
}

describe('the step routes derive from the step table', () => {
  let app: NestFastifyApplication;
  let metrics: ApiMetrics;
  const steps: unknown[][] = [];

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      controllers: [JourneysController, EvaluationsController],
      providers: [
        {
          provide: JourneysService,
          useValue: {
            findVisible: async () => ({}),
            step: async (...args: unknown[]) => {
              steps.push(args);
              return journey;
            },
          },
        },
        { provide: HistoryService, useValue: {} },
        { provide: EvaluationLinkReissue, useValue: {} },
        {
          provide: EvaluationsService,
          useValue: { submit: async () => ({ journeyId: journey.id, evaluation: 1, stage: 'follow_up' }) },
        },
        {
          provide: PRINCIPAL_LOOKUP,
          useValue: { authenticate: async (key: string) => PRINCIPALS[key as Role] ?? null },
        },
        ApiMetrics,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: AssignUpdateId },
        { provide: APP_INTERCEPTOR, useClass: CampaignMetricsInterceptor },
      ],
    }).compile();
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    metrics = app.get(ApiMetrics);
  });

  afterAll(async () => {
    await app?.close();
  });

  const post = (url: string, role: Role | null, body: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...(role ? { authorization: `Bearer ${role}` } : {}), ...headers },
      payload: body as object,
    });

  it('has one POST route per step with a path, with its roles, answering 200, and no other', () => {
    const routes = postRoutes(JourneysController);
    expect(routes.map((r) => r.path).sort()).toEqual(ROUTED_STEPS.map(routeOf).sort());
    for (const step of ROUTED_STEPS) {
      const route = routes.find((r) => r.path === routeOf(step))!;
      expect(route).toMatchObject({ status: 200, taken: { step, channel: 'api' } });
      expect(route.roles).toEqual(routeRoles(step));
    }
  });

  it('answers the enterprise by link exactly for the steps an enterprise may take', () => {
    const links = postRoutes(EvaluationsController).filter((r) => r.taken);
    expect(links.map((r) => r.taken)).toEqual(
      STEP_NAMES.filter((step) => stepDefinition(step).roles.includes('enterprise')).map((step) => ({
        step,
        channel: 'link',
      })),
    );
  });

  it.each(ROUTED_STEPS)('lets exactly the roles of %s call its route', async (step) => {
    for (const role of Object.keys(PRINCIPALS) as Role[]) {
      const answer = await post(urlOf(step), role, VALID[step]);
      if (routeRoles(step).includes(role)) {
        expect(answer.statusCode).toBe(200);
        expect(answer.json()).toMatchObject({ id: journey.id, stage: journey.stage });
      } else {
        expect(answer.statusCode).toBe(403);
        expect(answer.json().message).toBe(`this route is for ${routeRoles(step).join(' or ')}, not ${role}`);
      }
    }
    expect((await post(urlOf(step), null, VALID[step])).statusCode).toBe(401);
  });

  it.each(ROUTED_STEPS)('hands %s to the service as the table names it, with its Update id', async (step) => {
    steps.length = 0;
    const answer = await post(urlOf(step, '2'), 'admin', VALID[step], {
      'idempotency-key': 'k1',
    });
    expect(answer.statusCode).toBe(200);
    const payload = VALID[step] as Record<string, string>;
    const recorded =
      step === 'certification' ? { ...payload, expiresOn: certificateExpiry(payload.issuedOn) } : payload;
    const target = stepDefinition(step).path!.includes(':n') ? { evaluation: 2 } : {};
    expect(steps).toEqual([[PRINCIPALS.admin, journey.id, step, recorded, target, 'idem-k1']]);
    // Without a key the step has no Update id of its own.
    await post(urlOf(step, '2'), 'admin', VALID[step]);
    expect(steps[1][5]).toBeUndefined();
  });

  it.each(ROUTED_STEPS)(
    'refuses a body the schema of %s refuses with a 400 naming the field',
    async (step) => {
      steps.length = 0;
      const answer = await post(urlOf(step), 'admin', { ...(VALID[step] as object), extra: 1 });
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({
        statusCode: 400,
        message: 'invalid body',
        details: expect.arrayContaining([
          expect.objectContaining({ field: expect.stringContaining('extra') }),
        ]),
      });
      expect(steps).toEqual([]);
    },
  );

  it('answers 404 for an evaluation that is not a number', async () => {
    steps.length = 0;
    const answer = await post(urlOf('evaluation', 'first'), 'admin', VALID.evaluation);
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Validation failed (numeric string is expected)',
    });
    expect(steps).toEqual([]);
  });

  it('documents each step route with the body its schema validates', () => {
    const doc = buildOpenApiDocument([JourneysController], 'steps');
    for (const step of ROUTED_STEPS) {
      const path = `/v1/journeys/{id}/${stepDefinition(step).path!.replace(/:(\w+)/g, '{$1}')}`;
      const operation = doc.paths![path]!.post!;
      const { schema } = createSchema(stepDefinition(step).schema, { io: 'input' });
      // The document adds bounds for the lint (uuid lengths); the fields and what is required are the schema's.
      const documented = (operation.requestBody as any).content['application/json'].schema;
      expect((operation.requestBody as any).required).toBe(true);
      expect(Object.keys(documented.properties)).toEqual(Object.keys((schema as any).properties));
      expect(documented.required).toEqual((schema as any).required);
      expect(documented.additionalProperties).toBe(false);
      const parameters = (operation.parameters ?? []) as { name: string; in: string }[];
      expect(parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(
        path.match(/\{(\w+)\}/g)!.map((p) => p.slice(1, -1)),
      );
      // A step is a POST taken once: a repeat under its Idempotency-Key is answered, not applied again.
      // Its errors follow Accept-Language, as every route's do.
      expect(parameters.filter((p) => p.in === 'header').map((p) => p.name)).toEqual([
        'idempotency-key',
        'accept-language',
      ]);
    }
  });

  it('counts every step route, and the link, under the step the table names', async () => {
    const applied = async (step: string) =>
      (await metrics.steps.get()).values.find((v) => v.labels.step === step && v.labels.outcome === 'applied')
        ?.value ?? 0;
    const answers = async (channel: string) =>
      (await metrics.evaluationAnswers.get()).values.find((v) => v.labels.channel === channel)?.value ?? 0;
    for (const step of ROUTED_STEPS) {
      const before = await applied(step);
      const api = await answers('api');
      await post(urlOf(step), 'admin', VALID[step]);
      expect(await applied(step)).toBe(before + 1);
      expect(await answers('api')).toBe(api + (step === 'evaluation' ? 1 : 0));
    }
    const [evaluation, link] = [await applied('evaluation'), await answers('link')];
    await post(`/v1/evaluations/${'t'.repeat(43)}`, null, VALID.evaluation);
    expect([await applied('evaluation'), await answers('link')]).toEqual([evaluation + 1, link + 1]);
  });
});
