import type { Client } from '@temporalio/client';
import { candidate, METRICS, openCampaign, type Campaign } from '../support/campaign';
import { answer, byId, ok } from '../support/api';
import { recordHistory } from '../support/histories';
import { Stack } from '../support/stack';

/**
 * Issue 13: a body loses its accreditation and the bureau moves its journeys to another. The journey
 * leaves the old body (its key answers 404) for the new one, which takes the next step; both bodies
 * are told by email; the refusals say why, in the caller's words.
 */
describe('reassignment end to end', () => {
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

  const keyed = (key: string) => (m: { headers: Map<string, unknown> }) =>
    String(m.headers.get('x-uplift-key') ?? '') === key;
  const reassign = (c: Campaign, id: string, body: Record<string, unknown>, key = c.regulatorKey) =>
    answer(
      stack.api(key).POST('/v1/journeys/{id}/reassignment', {
        ...byId(id),
        body: body as { certificationBodyId: string },
        headers: { 'Accept-Language': 'zh-CN' },
      }),
    );

  it('moves a journey from one body to another, tells both, and refuses what would move the wrong one', async () => {
    const from = await openCampaign(stack, {}, 'reassign-from');
    const to = await openCampaign(stack, {}, 'reassign-to');
    const e = candidate(131);
    const regulator = stack.api(from.regulatorKey);
    await ok(
      regulator.POST('/v1/rounds/{id}/candidates', { ...byId(from.roundId), body: { enterprises: [e] } }),
      200,
    );
    await stack.waitForLaunch(from.roundId, from.regulatorKey);
    const id = `journey-${from.roundId}-${e.uscc}`;
    await ok(
      regulator.POST('/v1/journeys/{id}/screening-decision', { ...byId(id), body: { decision: 'selected' } }),
    );

    // Before any body is assigned there is nothing to move.
    const early = await reassign(from, id, { certificationBodyId: to.bodyId });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      details: { code: 'step.no_certification_body', currentStage: 'diagnosis' },
    });
    expect(early.body.message).toContain('尚未指派认证机构');

    const assigned = await ok(
      regulator.POST('/v1/journeys/{id}/assignment', {
        ...byId(id),
        body: { certificationBodyId: from.bodyId },
      }),
    );

    // Bad input: a 400 naming the field, and nothing changes.
    const malformed = await reassign(from, id, { certificationBodyId: 'not-a-uuid' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details).toEqual([
      expect.objectContaining({ field: 'certificationBodyId', code: 'format.uuid' }),
    ]);
    const unknownBody = await reassign(from, id, {
      fromCertificationBodyId: from.bodyId,
      certificationBodyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownBody.status).toBe(400);
    expect(unknownBody.body.details).toEqual([
      expect.objectContaining({ field: 'certificationBodyId', code: 'certification_body.unknown' }),
    ]);
    const extra = await reassign(from, id, { certificationBodyId: to.bodyId, body: from.bodyId });
    expect(extra.status).toBe(400);
    expect(extra.body.details).toEqual([expect.objectContaining({ field: 'body', code: 'unknown_field' })]);

    // A bulk reassignment names the body it moves journeys from: another body's journey is refused.
    const wrongFrom = await reassign(from, id, {
      fromCertificationBodyId: to.bodyId,
      certificationBodyId: to.bodyId,
    });
    expect(wrongFrom.status).toBe(409);
    expect(wrongFrom.body).toMatchObject({ details: { code: 'step.reassignment_other_body' } });
    expect(wrongFrom.body.message).toContain('不是所指定的原认证机构');
    const same = await reassign(from, id, { certificationBodyId: from.bodyId });
    expect(same.status).toBe(409);
    expect(same.body).toMatchObject({ details: { code: 'step.already_assigned' } });
    // The body itself cannot hand its journey on.
    expect((await reassign(from, id, { certificationBodyId: to.bodyId }, from.bodyKey)).status).toBe(403);
    expect((await ok(stack.api(from.bodyKey).GET('/v1/journeys/{id}', byId(id)))).version).toBe(
      assigned.version,
    );

    const moved = await reassign(from, id, {
      fromCertificationBodyId: from.bodyId,
      certificationBodyId: to.bodyId,
      reason: '原认证机构资质被撤销',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stage: 'diagnosis', certificationBodyId: to.bodyId });
    expect(moved.body.assignments.at(-1)).toMatchObject({
      certificationBodyId: to.bodyId,
      fromCertificationBodyId: from.bodyId,
      by: { role: 'regulator' },
    });
    // The new body has the diagnosis's full time, counted from the reassignment.
    expect(Date.parse(moved.body.deadline)).toBeGreaterThan(Date.parse(assigned.deadline!));

    // The old body no longer sees the journey; the new one does, and takes the next step.
    expect((await answer(stack.api(from.bodyKey).GET('/v1/journeys/{id}', byId(id)))).status).toBe(404);
    const newBody = stack.api(to.bodyKey);
    expect((await ok(newBody.GET('/v1/journeys/{id}', byId(id)))).certificationBodyId).toBe(to.bodyId);
    const diagnosis = {
      findings: [{ dimension: 'talent' as const, category: '人才短缺', description: '缺少内审员' }],
      baseline: METRICS,
    };
    expect(
      (
        await answer(
          stack.api(from.bodyKey).POST('/v1/journeys/{id}/diagnosis', { ...byId(id), body: diagnosis }),
        )
      ).status,
    ).toBe(404);
    expect(
      await ok(newBody.POST('/v1/journeys/{id}/diagnosis', { ...byId(id), body: diagnosis })),
    ).toMatchObject({ stage: 'assistance' });

    // Both bodies are told, each under a key of its own for this reassignment.
    const [assignedMail] = await stack.mail.waitFor(keyed(`${id}:assignment:2`));
    expect(JSON.stringify(assignedMail.to)).toContain(to.bodyEmail);
    expect(assignedMail.subject).toContain(e.name);
    expect(assignedMail.text).toContain('当前环节：诊断');
    const [movedMail] = await stack.mail.waitFor(keyed(`${id}:reassignment:2`));
    expect(JSON.stringify(movedMail.to)).toContain(from.bodyEmail);
    expect(movedMail.subject).toContain('改由其他机构');
    expect(movedMail.subject).toContain(e.name);
    // The old body is not sent a link it could no longer open.
    expect(movedMail.text).not.toContain('/console/journeys/');

    // During assistance it moves back; the body taking it over is asked for the plan.
    const back = await reassign(from, id, {
      fromCertificationBodyId: to.bodyId,
      certificationBodyId: from.bodyId,
    });
    expect(back.status).toBe(200);
    const [backMail] = await stack.mail.waitFor(keyed(`${id}:assignment:3`));
    expect(backMail.text).toContain('帮扶方案');
    await stack.mail.waitFor(keyed(`${id}:reassignment:3`));
    expect((await answer(newBody.GET('/v1/journeys/{id}', byId(id)))).status).toBe(404);

    // The history says who moved it, from which body to which, by name.
    const history = await ok(regulator.GET('/v1/journeys/{id}/history', byId(id)));
    const steps = history.events.filter((ev) => ev.type === 'step' && ev.details.step === 'reassignment');
    expect(steps.map((ev) => ev.summary)).toEqual([
      expect.stringMatching(
        /from 认证机构reassign-from to 认证机构reassign-to by 浙江省市场监管局reassign-from/,
      ),
      expect.stringMatching(/from 认证机构reassign-to to 认证机构reassign-from/),
    ]);
    expect(steps[0].details).toMatchObject({ from: from.bodyId, to: to.bodyId });

    await ok(
      regulator.POST('/v1/journeys/{id}/withdrawal', { ...byId(id), body: { reason: '企业主动退出' } }),
    );
    await temporal.workflow.getHandle(id).result();
    await recordHistory(temporal, id, 'withdrawn-after-reassignment-during-diagnosis-and-assistance');
  });
});
