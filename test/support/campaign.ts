import { answer, ok, type JsonBody } from './api';
import type { Stack } from './stack';
import { enterprise } from './fixtures';

export const METRICS = {
  revenue: 1200,
  sales: 1100,
  profitMargin: 6.5,
  qualityCostRate: 4.2,
  firstPassYield: 93.5,
};
export const BETTER = {
  revenue: 1320,
  sales: 1250,
  profitMargin: 7.1,
  qualityCostRate: 3.6,
  firstPassYield: 96,
};

export interface Campaign {
  regulatorKey: string;
  bodyKey: string;
  bodyId: string;
  roundId: string;
  regulatorEmail: string;
  bodyEmail: string;
}

let serial = 0;

/** A round's settings (deadlines, evaluation offsets, reminders), as the API takes them. */
export type RoundSettings = NonNullable<JsonBody<'/v1/rounds', 'post'>['settings']>;

/** A certification body with its key, a provincial regulator with its key, and a round with `settings`. */
export async function openCampaign(stack: Stack, settings: RoundSettings, tag: string): Promise<Campaign> {
  serial++;
  const bodyEmail = `body-${tag}@cert.example`;
  const regulatorEmail = `regulator-${tag}@samr.example`;
  const admin = stack.api();
  const body = await ok(
    admin.POST('/v1/certification-bodies', {
      body: {
        code: `CNCA-R-2002-${String(100 + serial).padStart(3, '0')}`,
        name: `认证机构${tag}`,
        email: bodyEmail,
      },
    }),
  );
  const bodyPrincipal = await ok(
    admin.POST('/v1/principals', {
      body: {
        role: 'certification_body',
        name: `认证机构${tag}审核员`,
        email: bodyEmail,
        certificationBodyId: body.id,
      },
    }),
  );
  const regulator = await ok(
    admin.POST('/v1/principals', {
      body: {
        role: 'regulator',
        name: `浙江省市场监管局${tag}`,
        email: regulatorEmail,
        regionCode: '330000',
      },
    }),
  );
  const round = await ok(
    stack.api(regulator.apiKey).POST('/v1/rounds', {
      body: { name: `2026年浙江省${tag}批次`, regionCode: '330000', settings },
    }),
    201,
  );
  return {
    regulatorKey: keyOf(regulator),
    bodyKey: keyOf(bodyPrincipal),
    bodyId: body.id,
    roundId: round.id,
    regulatorEmail,
    bodyEmail,
  };
}

/** An enterprise as the import takes it. */
export type Candidate = JsonBody<'/v1/rounds/{id}/candidates', 'post'>['enterprises'][number];

/** The key a principal was created with (null only in a replayed answer, which setup never gets). */
function keyOf(principal: { apiKey: string | null }): string {
  if (principal.apiKey === null) throw new Error('the principal was answered without its API key');
  return principal.apiKey;
}

export function candidate(serialNo: number, overrides: Record<string, unknown> = {}) {
  return enterprise('330106', serialNo, overrides);
}

/** The journey of enterprise `e` in the campaign's round. */
const journeyOf = (c: Campaign, e: { uscc: string }) => `journey-${c.roundId}-${e.uscc}`;
const inJourney = (id: string) => ({ params: { path: { id } } });

/** Imports one enterprise and takes it through screening, assignment, diagnosis and the assistance plan. */
export async function toAssistance(
  stack: Stack,
  c: Campaign,
  e: Candidate,
  baseline: JsonBody<'/v1/journeys/{id}/diagnosis', 'post'>['baseline'] = METRICS,
): Promise<string> {
  const regulator = stack.api(c.regulatorKey);
  const body = stack.api(c.bodyKey);
  await ok(
    regulator.POST('/v1/rounds/{id}/candidates', {
      params: { path: { id: c.roundId } },
      body: { enterprises: [e] },
    }),
    200,
  );
  // As in a real round, the launcher starts the journey before anyone decides on it (a step that
  // comes first starts it itself: the import suite covers that path).
  await stack.waitForLaunch(c.roundId, c.regulatorKey);
  const id = journeyOf(c, e);
  await ok(
    regulator.POST('/v1/journeys/{id}/screening-decision', {
      ...inJourney(id),
      body: { decision: 'selected' },
    }),
    200,
  );
  await ok(
    regulator.POST('/v1/journeys/{id}/assignment', {
      ...inJourney(id),
      body: { certificationBodyId: c.bodyId },
    }),
    200,
  );
  await ok(
    body.POST('/v1/journeys/{id}/diagnosis', {
      ...inJourney(id),
      body: {
        findings: [
          { dimension: 'quality_management', category: '标准难理解', description: '质量手册与实际运行脱节' },
          { dimension: 'product_quality', category: '产品竞争力弱', description: '一次合格率低于行业平均' },
        ],
        baseline,
      },
    }),
    200,
  );
  await ok(
    body.POST('/v1/journeys/{id}/assistance-plan', {
      ...inJourney(id),
      body: { measures: [{ title: '建立质量目标分解体系', owner: '质量部 王工', dueDate: '2026-12-31' }] },
    }),
    200,
  );
  return id;
}

/** Continues to follow-up: assistance completed and a certification outcome recorded. */
export async function toFollowUp(
  stack: Stack,
  c: Campaign,
  e: Candidate,
  certification: JsonBody<'/v1/journeys/{id}/certification', 'post'>,
  baseline?: JsonBody<'/v1/journeys/{id}/diagnosis', 'post'>['baseline'],
) {
  const id = await toAssistance(stack, c, e, baseline);
  const body = stack.api(c.bodyKey);
  await ok(
    body.POST('/v1/journeys/{id}/assistance-completion', {
      ...inJourney(id),
      body: { summary: '完成体系文件编写和内审员培训' },
    }),
    200,
  );
  return {
    id,
    journey: await ok(
      body.POST('/v1/journeys/{id}/certification', { ...inJourney(id), body: certification }),
      200,
    ),
  };
}

/** The evaluation link in an email: `/evaluate/<token>`. */
export function linkIn(text: string | undefined): { url: string; token: string } {
  const m = /(https?:\/\/\S+\/evaluate\/([A-Za-z0-9_-]+))/.exec(text ?? '');
  if (!m) throw new Error(`no evaluation link in: ${text}`);
  return { url: m[1], token: m[2] };
}

/** The certification body answers evaluation `n` as soon as it falls due. */
export async function answerEvaluation(
  stack: Stack,
  c: Campaign,
  id: string,
  n: number,
  evaluation: JsonBody<'/v1/journeys/{id}/evaluations/{n}', 'post'>,
) {
  const body = stack.api(c.bodyKey);
  for (let tries = 0; tries < 300; tries++) {
    const { body: journey } = await answer(body.GET('/v1/journeys/{id}', inJourney(id)));
    if (journey?.evaluations?.[n - 1]?.openedAt)
      return ok(
        body.POST('/v1/journeys/{id}/evaluations/{n}', { params: { path: { id, n } }, body: evaluation }),
        200,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`evaluation ${n} of ${id} never fell due`);
}
