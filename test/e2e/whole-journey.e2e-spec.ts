import type { Client } from '@temporalio/client';
import {
  BETTER,
  candidate,
  linkIn,
  METRICS,
  openCampaign,
  toAssistance,
  toFollowUp,
  type Campaign,
} from '../support/campaign';
import { answer, byId, type JsonBody } from '../support/api';
import { recordHistory } from '../support/histories';
import { Stack } from '../support/stack';

/**
 * Issue "The whole journey": screening to completed with a certificate and three evaluations
 * answered through emailed links; a stalled evaluation's reminders and escalation; refused links;
 * the declined and withdrawn endings; a readable history.
 */
describe('the whole journey end to end', () => {
  let stack: Stack;
  let temporal: Client;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  const counts = async (c: Campaign) =>
    (await answer(stack.api(c.regulatorKey).GET('/v1/rounds/{id}', byId(c.roundId)))).body.counts;
  /** The enterprise, which has no key: only the evaluation link. */
  const enterpriseClient = () => stack.api(null);
  const byToken = (token: string) => ({ params: { path: { token } } });
  const evaluationEmail = (e: { email: string }, n: number) =>
    stack.mail.waitFor(
      (m) =>
        m.to !== undefined &&
        JSON.stringify(m.to).includes(e.email) &&
        (m.subject ?? '').includes(`第${n}次`),
    );

  it('takes a journey from screening to completed, with a certificate and three evaluations answered by link', async () => {
    const c = await openCampaign(
      stack,
      {
        evaluationOffsets: ['PT2S', 'PT4S', 'PT6S'],
        deadlines: { evaluation: 'PT60S' },
        reminders: { every: 'PT60S', max: 1 },
      },
      'happy',
    );
    const e = candidate(11);
    const id = await toAssistance(stack, c, e);
    expect(await counts(c)).toMatchObject({ assistance: 1, screening: 0 });
    const [assigned] = await stack.mail.waitFor((m) => JSON.stringify(m.to).includes(c.bodyEmail));
    expect(assigned.subject).toContain(e.name);

    await stack.api(c.bodyKey).POST('/v1/journeys/{id}/assistance-completion', {
      ...byId(id),
      body: { summary: '帮扶完成' },
    });
    expect(await counts(c)).toMatchObject({ assistance: 0, certification: 1 });
    const certified = await answer(
      stack.api(c.bodyKey).POST('/v1/journeys/{id}/certification', {
        ...byId(id),
        body: { outcome: 'certified', certificateNumber: '00126Q30001R0S', issuedOn: '2026-11-20' },
      }),
    );
    expect(certified.status).toBe(200);
    expect(certified.body.certification).toMatchObject({
      outcome: 'certified',
      expiresOn: '2029-11-20',
      standard: expect.stringContaining('ISO 9001'),
    });
    expect(await counts(c)).toMatchObject({ certification: 0, follow_up: 1 });

    for (const n of [1, 2, 3]) {
      const [email] = await evaluationEmail(e, n);
      const { token } = linkIn(email.text);
      expect(email.html).toContain(`/evaluate/${token}`);
      const page = await answer(
        enterpriseClient().GET('/evaluate/{token}', { ...byToken(token), parseAs: 'text' }),
      );
      expect(page.status).toBe(200);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.body).toContain(e.name);
      const answered = await answer(
        enterpriseClient().POST('/v1/evaluations/{token}', {
          ...byToken(token),
          body: {
            satisfaction: n === 3 ? 'fairly_satisfied' : 'satisfied',
            effectiveness: 'very_obvious',
            metrics: BETTER,
          },
        }),
      );
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ evaluation: n, stage: n === 3 ? 'completed' : 'follow_up' });
    }

    const journey = (await answer(stack.api(c.regulatorKey).GET('/v1/journeys/{id}', byId(id)))).body;
    expect(journey.stage).toBe('completed');
    expect(journey.diagnosis.baseline).toEqual(METRICS);
    expect(journey.evaluations.map((x: any) => [x.n, x.via, x.answer.metrics.revenue])).toEqual([
      [1, 'link', 1320],
      [2, 'link', 1320],
      [3, 'link', 1320],
    ]);
    expect(await counts(c)).toMatchObject({ follow_up: 0, completed: 1 });
    expect((await temporal.workflow.getHandle(id).describe()).status.name).toBe('COMPLETED');
    await recordHistory(temporal, id, 'completed-certified-three-evaluations-bounded-history');
    // No reminder went out: every step was done in time.
    expect(stack.mail.messages.filter((m) => (m.subject ?? '').includes('提醒'))).toHaveLength(0);

    const history = await answer(stack.api().GET('/v1/journeys/{id}/history', byId(id)));
    const types = history.body.events.map((x: any) => x.type);
    expect(types[0]).toBe('journey_started');
    expect(types.at(-1)).toBe('journey_ended');
    const steps = history.body.events.filter((x: any) => x.type === 'step');
    expect(steps.map((x: any) => x.details.step)).toEqual([
      'screening-decision',
      'assignment',
      'diagnosis',
      'assistance-plan',
      'assistance-completion',
      'certification',
      'evaluation',
      'evaluation',
      'evaluation',
    ]);
    expect(steps[0].actor).toMatchObject({ role: 'regulator', name: '浙江省市场监管局happy' });
    expect(steps[6].actor).toMatchObject({ role: 'enterprise' });
    expect(
      history.body.events.filter((x: any) => x.type === 'stage_changed').map((x: any) => x.stage),
    ).toEqual(['diagnosis', 'assistance', 'certification', 'follow_up', 'completed']);
    expect(types).toEqual(
      expect.arrayContaining([
        'timer_started',
        'timer_fired',
        'timer_cancelled',
        'evaluation_due',
        'email_sent',
      ]),
    );
    const regulatorView = await answer(stack.api(c.regulatorKey).GET('/v1/journeys/{id}/history', byId(id)));
    expect(regulatorView.status).toBe(200);
    // The assigned body reads it too (its console's journey timeline).
    const bodyView = await answer(stack.api(c.bodyKey).GET('/v1/journeys/{id}/history', byId(id)));
    expect(bodyView.status).toBe(200);
  });

  it('reminds the enterprise and the body about a stalled evaluation, escalates once, and stops when it is answered', async () => {
    const c = await openCampaign(
      stack,
      {
        evaluationOffsets: ['PT1S', 'PT1H'],
        deadlines: { evaluation: 'PT2S' },
        reminders: { every: 'PT5S', max: 3 },
        escalateAfter: 'PT7S',
      },
      'stall',
    );
    const e = candidate(12);
    const { id } = await toFollowUp(stack, c, e, { outcome: 'not_certified', reason: '内审记录不完整' });
    const [request] = await evaluationEmail(e, 1);

    const [escalation] = await stack.mail.waitFor(
      (m) => JSON.stringify(m.to).includes(c.regulatorEmail),
      1,
      30_000,
    );
    expect(escalation.subject).toContain('督办');
    expect(escalation.text).toContain('跟踪评估');
    // Raw while the document does not describe the list's query parameters.
    const stalled = await stack.request('GET', `/v1/journeys?roundId=${c.roundId}&stalled=true`, {
      key: c.regulatorKey,
    });
    expect(stalled.body.items.map((j: any) => j.id)).toEqual([id]);
    expect((await temporal.workflow.getHandle(id).describe()).searchAttributes.UpliftStalled).toEqual([true]);

    // The enterprise answers from the newest email it got; the request's own link stays valid too.
    const { token } = linkIn(stack.mail.to(e.email).at(-1)!.text);
    expect(token).not.toBe(linkIn(request.text).token);
    const answered = await answer(
      enterpriseClient().POST('/v1/evaluations/{token}', {
        ...byToken(token),
        body: { satisfaction: 'dissatisfied', effectiveness: 'not_obvious', metrics: METRICS },
      }),
    );
    expect(answered.status).toBe(200);

    // The third reminder was due 10 s after the stall; wait past it and count what arrived.
    await new Promise((r) => setTimeout(r, 5000));
    const reminders = (address: string) =>
      stack.mail
        .to(address)
        .filter((m) => (m.subject ?? '').includes('提醒') && (m.subject ?? '').includes(e.name));
    expect(reminders(e.email)).toHaveLength(2);
    expect(reminders(c.bodyEmail)).toHaveLength(2);
    expect(stack.mail.to(c.regulatorEmail)).toHaveLength(1);
    const after = await answer(stack.api(c.regulatorKey).GET('/v1/journeys/{id}', byId(id)));
    expect(after.body).toMatchObject({ stage: 'follow_up', stalled: false });
    expect(
      (await stack.request('GET', `/v1/journeys?roundId=${c.roundId}&stalled=true`, { key: c.regulatorKey }))
        .body.items,
    ).toEqual([]);

    const history = await answer(stack.api().GET('/v1/journeys/{id}/history', byId(id)));
    const types = history.body.events.map((x: any) => x.type);
    expect(types.filter((t: string) => t === 'reminder_sent')).toHaveLength(4);
    expect(types.filter((t: string) => t === 'escalation_sent')).toHaveLength(1);
    expect(types).toContain('stalled');
    await stack.api(c.regulatorKey).POST('/v1/journeys/{id}/withdrawal', {
      ...byId(id),
      body: { reason: '跟踪期内企业注销' },
    });
    await temporal.workflow.getHandle(id).result();
    await recordHistory(temporal, id, 'stalled-evaluation-bounded-history');
  });

  it('refuses a used, a foreign and an unknown link without changing anything', async () => {
    const c = await openCampaign(
      stack,
      { evaluationOffsets: ['PT1S', 'PT1H'], deadlines: { evaluation: 'PT60S' } },
      'links',
    );
    const a = candidate(13);
    const b = candidate(14);
    const { id: idA } = await toFollowUp(stack, c, a, { outcome: 'declined' });
    const { id: idB } = await toFollowUp(stack, c, b, { outcome: 'declined', reason: '企业暂不考虑认证' });
    const tokenA = linkIn((await evaluationEmail(a, 1))[0].text).token;
    const tokenB = linkIn((await evaluationEmail(b, 1))[0].text).token;
    const evaluation: JsonBody<'/v1/evaluations/{token}', 'post'> = {
      satisfaction: 'satisfied',
      effectiveness: 'fairly_obvious',
      metrics: BETTER,
    };
    const submit = (token: string) =>
      answer(enterpriseClient().POST('/v1/evaluations/{token}', { ...byToken(token), body: evaluation }));
    const readA = async () =>
      (await answer(stack.api(c.regulatorKey).GET('/v1/journeys/{id}', byId(idA)))).body;

    // Raw: a field the contract does not have, on purpose.
    const invalid = await stack.request('POST', `/v1/evaluations/${tokenA}`, {
      key: null,
      body: { ...evaluation, extra: 1 },
    });
    expect(invalid.status).toBe(400);
    expect((await submit(tokenA)).status).toBe(200);
    const before = await readA();

    const used = await submit(tokenA);
    expect(used.status).toBe(409);
    expect(used.body.message).toContain('already been used');
    const usedPage = await answer(
      enterpriseClient().GET('/evaluate/{token}', { ...byToken(tokenA), parseAs: 'text' }),
    );
    expect(usedPage.status).toBe(410);
    expect(usedPage.body).toContain('该评估链接已使用');
    const unknown = await submit(`${tokenA.slice(0, -2)}xx`);
    expect(unknown.status).toBe(404);

    // A token is only for its own journey: B's token answers B, never A.
    const foreign = await submit(tokenB);
    expect(foreign.body.journeyId).toBe(idB);
    expect(await readA()).toEqual(before);

    // The body's own evaluation route cannot answer evaluation 1 again either, nor evaluation 2 before it is due.
    const again = await answer(
      stack.api(c.bodyKey).POST('/v1/journeys/{id}/evaluations/{n}', {
        params: { path: { id: idA, n: 1 } },
        body: evaluation,
      }),
    );
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('follow_up');
    const early = await answer(
      stack.api(c.bodyKey).POST('/v1/journeys/{id}/evaluations/{n}', {
        params: { path: { id: idA, n: 2 } },
        body: evaluation,
      }),
    );
    expect(early.status).toBe(409);
    const history = (await answer(stack.api().GET('/v1/journeys/{id}/history', byId(idA)))).body.events;
    const refused = history.filter((x: any) => x.type === 'step_refused');
    expect(refused.map((x: any) => [x.details.step, x.details.statusCode, x.actor?.role])).toEqual([
      ['evaluations/:n', 409, 'certification_body'],
      ['evaluations/:n', 409, 'certification_body'],
    ]);
    expect(before.certification).toMatchObject({ outcome: 'declined' });
  });

  it('ends a withdrawn journey in the middle and a cancelled one when the round closes', async () => {
    const c = await openCampaign(stack, {}, 'ends');
    const w = candidate(15);
    const k = candidate(16);
    const withdrawnId = await toAssistance(stack, c, w);
    const cancelledId = await toAssistance(stack, c, k);
    const withdrawn = await answer(
      stack.api(c.regulatorKey).POST('/v1/journeys/{id}/withdrawal', {
        ...byId(withdrawnId),
        body: { reason: '企业自愿退出' },
      }),
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ stage: 'withdrawn', withdrawal: { reason: '企业自愿退出' } });
    expect((await temporal.workflow.getHandle(withdrawnId).describe()).status.name).not.toBe('RUNNING');

    const afterEnd = await answer(
      stack.api(c.bodyKey).POST('/v1/journeys/{id}/assistance-completion', {
        ...byId(withdrawnId),
        body: { summary: 'x' },
      }),
    );
    expect(afterEnd.status).toBe(409);
    expect(afterEnd.body.message).toContain('withdrawn');

    const closed = await answer(stack.api(c.regulatorKey).POST('/v1/rounds/{id}/close', byId(c.roundId)));
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      counts: { withdrawn: 1, cancelled: 1, assistance: 0 },
    });
    expect(
      (await answer(stack.api(c.regulatorKey).GET('/v1/journeys/{id}', byId(cancelledId)))).body.stage,
    ).toBe('cancelled');
    await temporal.workflow.getHandle(cancelledId).result();
    await recordHistory(temporal, withdrawnId, 'withdrawn-during-assistance-bounded-history');
    await recordHistory(temporal, cancelledId, 'cancelled-by-round-close-bounded-history');
    const reimport = await answer(
      stack.api(c.regulatorKey).POST('/v1/rounds/{id}/candidates', {
        ...byId(c.roundId),
        body: { enterprises: [candidate(17)] },
      }),
    );
    expect(reimport.status).toBe(409);
  });
});
