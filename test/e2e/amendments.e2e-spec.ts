import type { Client } from '@temporalio/client';
import { BETTER, candidate, linkIn, METRICS, openCampaign, type Campaign } from '../support/campaign';
import { answer, byId, ok } from '../support/api';
import { recordHistory } from '../support/histories';
import { Stack } from '../support/stack';

/**
 * Issue 12: what an auditor records. Progress on the plan during assistance, a diagnosis and a plan
 * amended after a second visit (the journey shows the latest, the history every version and who),
 * the certification body reading the history, and a new evaluation link for a lost email.
 */
describe('amendments and assistance progress end to end', () => {
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

  const findings = (description: string) => [
    { dimension: 'quality_management' as const, category: '标准难理解', description },
  ];
  const measures = [
    { title: '建立质量目标分解体系', owner: '质量部 王工', dueDate: '2026-12-31' },
    { title: '培训内审员', owner: '人事部 李工', dueDate: '2026-12-31' },
  ];

  /** A journey selected and assigned to the campaign's body: diagnosis is next. */
  async function assigned(c: Campaign, serial: number): Promise<string> {
    const e = candidate(serial);
    const regulator = stack.api(c.regulatorKey);
    await ok(
      regulator.POST('/v1/rounds/{id}/candidates', { ...byId(c.roundId), body: { enterprises: [e] } }),
      200,
    );
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    const id = `journey-${c.roundId}-${e.uscc}`;
    await ok(
      regulator.POST('/v1/journeys/{id}/screening-decision', { ...byId(id), body: { decision: 'selected' } }),
    );
    await ok(
      regulator.POST('/v1/journeys/{id}/assignment', {
        ...byId(id),
        body: { certificationBodyId: c.bodyId },
      }),
    );
    return id;
  }

  it('records progress twice, then a diagnosis and a plan amended; the journey shows the latest, the history each version and who', async () => {
    const c = await openCampaign(stack, { evaluationOffsets: ['PT1S'] }, 'amendments');
    const other = await openCampaign(stack, {}, 'amendments-other');
    const id = await assigned(c, 81);
    const body = stack.api(c.bodyKey);
    const admin = stack.api();

    const early = await answer(
      body.POST('/v1/journeys/{id}/assistance-progress', {
        ...byId(id),
        body: { updates: [{ measure: '培训内审员', status: 'in_progress' }] },
      }),
    );
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.body)).toContain('diagnosis');

    await ok(
      body.POST('/v1/journeys/{id}/diagnosis', {
        ...byId(id),
        body: { findings: findings('首次诊断'), baseline: METRICS },
      }),
    );
    const planned = await ok(
      body.POST('/v1/journeys/{id}/assistance-plan', { ...byId(id), body: { measures } }),
    );
    const unknown = await answer(
      body.POST('/v1/journeys/{id}/assistance-progress', {
        ...byId(id),
        body: { updates: [{ measure: '不存在的措施', status: 'done' }] },
      }),
    );
    expect(unknown.status).toBe(400);
    expect((unknown.body as { details: unknown[] }).details).toEqual([
      { field: 'updates.0.measure', code: 'progress.unknown_measure', message: expect.any(String) },
    ]);

    await ok(
      body.POST('/v1/journeys/{id}/assistance-progress', {
        ...byId(id),
        body: { updates: [{ measure: '培训内审员', status: 'in_progress', note: '首批 3 人参训' }] },
      }),
    );
    await ok(
      body.POST('/v1/journeys/{id}/assistance-progress', {
        ...byId(id),
        body: {
          updates: [
            { measure: '培训内审员', status: 'done' },
            { measure: '建立质量目标分解体系', status: 'in_progress' },
          ],
        },
      }),
    );
    // The auditor's second visit: the diagnosis corrected, the plan amended (by the admin here).
    await ok(
      body.POST('/v1/journeys/{id}/diagnosis', {
        ...byId(id),
        body: { findings: findings('二次走访后修正的诊断'), baseline: { ...METRICS, firstPassYield: 91 } },
      }),
    );
    const amended = await ok(
      admin.POST('/v1/journeys/{id}/assistance-plan', {
        ...byId(id),
        body: {
          measures: [measures[1], { title: '建立计量管理制度', owner: '设备部 张工', dueDate: '2027-01-31' }],
        },
      }),
    );
    expect(amended).toMatchObject({ stage: 'assistance', deadline: planned.deadline });

    const journey = await ok(body.GET('/v1/journeys/{id}', byId(id)));
    expect(journey.stage).toBe('assistance');
    expect(journey.diagnosis).toMatchObject({
      version: 2,
      findings: [{ description: '二次走访后修正的诊断' }],
      baseline: { firstPassYield: 91 },
    });
    expect(journey.plan).toMatchObject({ version: 2, by: { role: 'admin' } });
    expect(journey.plan!.measures.map((m) => [m.title, m.owner])).toEqual([
      ['培训内审员', '人事部 李工'],
      ['建立计量管理制度', '设备部 张工'],
    ]);
    // The dropped measure's progress went with it; the kept one shows its latest status and who.
    expect(journey.progress.map((p) => [p.measure, p.status, p.by.role])).toEqual([
      ['培训内审员', 'done', 'certification_body'],
    ]);

    // The body reads the timeline of its own journey; another body is told it does not exist.
    const history = await ok(body.GET('/v1/journeys/{id}/history', byId(id)));
    const steps = history.events.filter((e) => e.type === 'step');
    const versions = (step: string) =>
      steps.filter((e) => e.details.step === step).map((e) => [e.details.version, e.actor?.role]);
    expect(versions('diagnosis')).toEqual([
      [1, 'certification_body'],
      [2, 'certification_body'],
    ]);
    expect(versions('assistance-plan')).toEqual([
      [1, 'certification_body'],
      [2, 'admin'],
    ]);
    expect(steps.filter((e) => e.details.step === 'assistance-progress')).toHaveLength(2);
    expect(
      steps.find((e) => e.details.step === 'assistance-plan' && e.details.version === 2)?.summary,
    ).toContain('amended (version 2)');
    expect((await answer(stack.api(other.bodyKey).GET('/v1/journeys/{id}/history', byId(id)))).status).toBe(
      404,
    );

    // Assistance done: nothing of it may change any more.
    await ok(
      body.POST('/v1/journeys/{id}/assistance-completion', { ...byId(id), body: { summary: '帮扶完成' } }),
    );
    const late = await answer(
      body.POST('/v1/journeys/{id}/assistance-plan', { ...byId(id), body: { measures } }),
    );
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.body)).toContain('certification');

    await ok(
      body.POST('/v1/journeys/{id}/certification', {
        ...byId(id),
        body: { outcome: 'certified', certificateNumber: '00126Q30081R0S', issuedOn: '2026-11-20' },
      }),
    );
    // Evaluation 1 falls due a second later; the enterprise loses its email and asks for a new link.
    const enterprise = candidate(81);
    const requests = (count: number) =>
      stack.mail.waitFor(
        (m) => JSON.stringify(m.to).includes(enterprise.email) && (m.subject ?? '').includes('第1次'),
        count,
      );
    const [first] = await requests(1);
    const oldToken = linkIn(first.text).token;
    const reissued = await answer(
      body.POST('/v1/journeys/{id}/evaluations/{n}/link', { params: { path: { id, n: 1 } } }),
    );
    expect(reissued.status).toBe(202);
    const sent = await requests(2);
    const newToken = linkIn(sent.find((m) => !(m.text ?? '').includes(oldToken))!.text).token;
    expect(newToken).not.toBe(oldToken);
    expect(
      (
        await answer(
          stack
            .api(other.bodyKey)
            .POST('/v1/journeys/{id}/evaluations/{n}/link', { params: { path: { id, n: 1 } } }),
        )
      ).status,
    ).toBe(404);
    const evaluation = {
      satisfaction: 'satisfied' as const,
      effectiveness: 'very_obvious' as const,
      metrics: BETTER,
    };
    const byToken = (token: string) => ({ params: { path: { token } }, body: evaluation });
    expect((await answer(stack.api(null).POST('/v1/evaluations/{token}', byToken(oldToken)))).status).toBe(
      409,
    );
    const answered = await answer(stack.api(null).POST('/v1/evaluations/{token}', byToken(newToken)));
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ evaluation: 1, stage: 'completed' });
    // Answered: no link left to send.
    const closed = await answer(
      stack
        .api(c.regulatorKey)
        .POST('/v1/journeys/{id}/evaluations/{n}/link', { params: { path: { id, n: 1 } } }),
    );
    expect(closed.status).toBe(409);

    await temporal.workflow.getHandle(id).result();
    await recordHistory(temporal, id, 'completed-assisted-progress-and-amendments');
  });
});
