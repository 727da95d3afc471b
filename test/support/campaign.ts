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

/** A certification body with its key, a provincial regulator with its key, and a round with `settings`. */
export async function openCampaign(
  stack: Stack,
  settings: Record<string, unknown>,
  tag: string,
): Promise<Campaign> {
  serial++;
  const bodyEmail = `body-${tag}@cert.example`;
  const regulatorEmail = `regulator-${tag}@samr.example`;
  const body = await stack.request('POST', '/v1/certification-bodies', {
    body: {
      code: `CNCA-R-2002-${String(100 + serial).padStart(3, '0')}`,
      name: `认证机构${tag}`,
      email: bodyEmail,
    },
  });
  const bodyPrincipal = await stack.request('POST', '/v1/principals', {
    body: {
      role: 'certification_body',
      name: `认证机构${tag}审核员`,
      email: bodyEmail,
      certificationBodyId: body.body.id,
    },
  });
  const regulator = await stack.request('POST', '/v1/principals', {
    body: { role: 'regulator', name: `浙江省市场监管局${tag}`, email: regulatorEmail, regionCode: '330000' },
  });
  const round = await stack.request('POST', '/v1/rounds', {
    key: regulator.body.apiKey,
    body: { name: `2026年浙江省${tag}批次`, regionCode: '330000', settings },
  });
  if (round.status !== 201) throw new Error(`round not created: ${JSON.stringify(round.body)}`);
  return {
    regulatorKey: regulator.body.apiKey,
    bodyKey: bodyPrincipal.body.apiKey,
    bodyId: body.body.id,
    roundId: round.body.id,
    regulatorEmail,
    bodyEmail,
  };
}

export function candidate(serialNo: number, overrides: Record<string, unknown> = {}) {
  return enterprise('330106', serialNo, overrides);
}

async function ok(stack: Stack, method: string, path: string, key: string, body?: unknown) {
  const answer = await stack.request(method, path, { key, body });
  if (answer.status !== 200)
    throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Imports one enterprise and takes it through screening, assignment, diagnosis and the assistance plan. */
export async function toAssistance(
  stack: Stack,
  c: Campaign,
  e: { uscc: string },
  baseline = METRICS,
): Promise<string> {
  await ok(stack, 'POST', `/v1/rounds/${c.roundId}/candidates`, c.regulatorKey, { enterprises: [e] });
  // As in a real round, the launcher starts the journey before anyone decides on it (a step that
  // comes first starts it itself: the import suite covers that path).
  await stack.waitForLaunch(c.roundId, c.regulatorKey);
  const id = `journey-${c.roundId}-${e.uscc}`;
  await ok(stack, 'POST', `/v1/journeys/${id}/screening-decision`, c.regulatorKey, { decision: 'selected' });
  await ok(stack, 'POST', `/v1/journeys/${id}/assignment`, c.regulatorKey, { certificationBodyId: c.bodyId });
  await ok(stack, 'POST', `/v1/journeys/${id}/diagnosis`, c.bodyKey, {
    findings: [
      { dimension: 'quality_management', category: '标准难理解', description: '质量手册与实际运行脱节' },
      { dimension: 'product_quality', category: '产品竞争力弱', description: '一次合格率低于行业平均' },
    ],
    baseline,
  });
  await ok(stack, 'POST', `/v1/journeys/${id}/assistance-plan`, c.bodyKey, {
    measures: [{ title: '建立质量目标分解体系', owner: '质量部 王工', dueDate: '2026-12-31' }],
  });
  return id;
}

/** Continues to follow-up: assistance completed and a certification outcome recorded. */
export async function toFollowUp(
  stack: Stack,
  c: Campaign,
  e: { uscc: string },
  certification: Record<string, unknown>,
  baseline = METRICS,
) {
  const id = await toAssistance(stack, c, e, baseline);
  await ok(stack, 'POST', `/v1/journeys/${id}/assistance-completion`, c.bodyKey, {
    summary: '完成体系文件编写和内审员培训',
  });
  return {
    id,
    journey: await ok(stack, 'POST', `/v1/journeys/${id}/certification`, c.bodyKey, certification),
  };
}

/** The evaluation link in an email: `/evaluate/<token>`. */
export function linkIn(text: string | undefined): { url: string; token: string } {
  const m = /(https?:\/\/\S+\/evaluate\/([A-Za-z0-9_-]+))/.exec(text ?? '');
  if (!m) throw new Error(`no evaluation link in: ${text}`);
  return { url: m[1], token: m[2] };
}

/** The certification body answers evaluation `n` as soon as it falls due. */
export async function answerEvaluation(stack: Stack, c: Campaign, id: string, n: number, answer: unknown) {
  for (let tries = 0; tries < 300; tries++) {
    const journey = (await stack.request('GET', `/v1/journeys/${id}`, { key: c.bodyKey })).body;
    if (journey.evaluations?.[n - 1]?.openedAt)
      return ok(stack, 'POST', `/v1/journeys/${id}/evaluations/${n}`, c.bodyKey, answer);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`evaluation ${n} of ${id} never fell due`);
}
