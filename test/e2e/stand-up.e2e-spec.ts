import type { Client } from '@temporalio/client';
import { answer, byId } from '../support/api';
import { enterprise, withWrongCheck } from '../support/fixtures';
import { Stack } from '../support/stack';

/**
 * Issue "Stand up Uplift": a round, an import with one bad row, two journeys, one selected and
 * assigned (its email received over SMTP), one rejected and closed, a repeated import that starts
 * nothing, a worker killed mid-journey losing nothing, and refusals that change nothing.
 */
describe('standing up Uplift end to end', () => {
  let stack: Stack;
  let temporal: Client;
  let regulatorKey: string;
  let bodyId: string;
  let roundId: string;
  const selected = enterprise('330106', 1);
  const rejected = enterprise('330102', 2);
  const badCheck = enterprise('330106', 3, { uscc: withWrongCheck(enterprise('330106', 3).uscc) });
  const journeyOf = (e: { uscc: string }) => `journey-${roundId}-${e.uscc}`;
  const regulator = () => stack.api(regulatorKey);

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  it('answers health and serves its OpenAPI document', async () => {
    expect((await answer(stack.api(null).GET('/health'))).body).toMatchObject({
      status: 'ok',
      database: 'up',
      temporal: 'up',
    });
    // The document itself is not one of its paths.
    const doc = await stack.request('GET', '/docs-json', { key: null });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/rounds', '/v1/journeys/{id}/assignment']),
    );
  });

  it('sets up a certification body and a provincial regulator', async () => {
    const body = await answer(
      stack.api().POST('/v1/certification-bodies', {
        body: { code: 'CNCA-R-2002-001', name: '浙江认证有限公司', email: 'body@cert.example' },
      }),
    );
    expect(body.status).toBe(201);
    bodyId = body.body.id;
    const created = await answer(
      stack.api().POST('/v1/principals', {
        body: {
          role: 'regulator',
          name: '浙江省市场监督管理局',
          email: 'zj@samr.example',
          regionCode: '330000',
        },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body.apiKey).toMatch(/^upl_[0-9a-f]{8}_/);
    regulatorKey = created.body.apiKey;
  });

  it('creates a round and imports three candidates, refusing the one with a wrong check character', async () => {
    const round = await answer(
      regulator().POST('/v1/rounds', {
        body: {
          name: '2026年浙江省第一批',
          regionCode: '330000',
          settings: { deadlines: { screening: 'P30D' } },
        },
      }),
    );
    expect(round.status).toBe(201);
    expect(round.body).toMatchObject({ status: 'open', regionCode: '330000' });
    roundId = round.body.id;

    const imported = await answer(
      regulator().POST('/v1/rounds/{id}/candidates', {
        ...byId(roundId),
        body: { enterprises: [selected, rejected, badCheck] },
      }),
    );
    expect(imported.status).toBe(200);
    expect(imported.body.accepted).toBe(2);
    expect(imported.body.duplicates).toBe(0);
    expect(imported.body.rejected).toEqual([
      {
        row: 3,
        code: expect.any(String),
        field: 'uscc',
        message: expect.stringContaining('wrong check character'),
      },
    ]);

    expect(await stack.waitForLaunch(roundId, regulatorKey)).toEqual({ started: 2, total: 2 });
    for (const e of [selected, rejected]) {
      const described = await temporal.workflow.getHandle(journeyOf(e)).describe();
      expect(described.status.name).toBe('RUNNING');
    }
    const view = await answer(regulator().GET('/v1/rounds/{id}', byId(roundId)));
    expect(view.body.counts).toMatchObject({ screening: 2, diagnosis: 0 });
  });

  it('selects one enterprise and, with the worker killed in between, assigns it and emails the body', async () => {
    const decision = await answer(
      regulator().POST('/v1/journeys/{id}/screening-decision', {
        ...byId(journeyOf(selected)),
        body: { decision: 'selected' },
      }),
    );
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({ stage: 'diagnosis', screening: { decision: 'selected' } });

    await stack.killWorker();
    // The update waits in Temporal while no worker runs; it completes once one is back.
    const pending = answer(
      regulator().POST('/v1/journeys/{id}/assignment', {
        ...byId(journeyOf(selected)),
        body: { certificationBodyId: bodyId },
      }),
    );
    await new Promise((r) => setTimeout(r, 1500));
    await stack.startWorker();
    const assignment = await pending;
    expect(assignment.status).toBe(200);
    expect(assignment.body).toMatchObject({ stage: 'diagnosis', certificationBodyId: bodyId });

    const [email] = await stack.mail.waitFor((m) => m.subject?.includes(selected.name) ?? false);
    expect(email.to).toMatchObject({ text: 'body@cert.example' });
    expect(email.subject).toContain('新的帮扶任务');
    expect(email.text).toContain(selected.uscc);
    expect(email.text).toContain('截止日期');
    expect(email.html).toContain(selected.name);

    // Raw while the document does not describe the list's query parameters.
    const listed = await stack.request('GET', `/v1/journeys?roundId=${roundId}&stage=diagnosis`, {
      key: regulatorKey,
    });
    expect(listed.body.items.map((j: { id: string }) => j.id)).toEqual([journeyOf(selected)]);
    expect(listed.body.items[0].certificationBodyId).toBe(bodyId);
  });

  it('rejects the other enterprise and closes its journey', async () => {
    const decision = await answer(
      regulator().POST('/v1/journeys/{id}/screening-decision', {
        ...byId(journeyOf(rejected)),
        body: { decision: 'rejected', reason: '意愿不强' },
      }),
    );
    expect(decision.status).toBe(200);
    expect(decision.body.stage).toBe('rejected');
    const handle = temporal.workflow.getHandle(journeyOf(rejected));
    await handle.result();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const view = await answer(regulator().GET('/v1/rounds/{id}', byId(roundId)));
    expect(view.body.counts).toMatchObject({ screening: 0, diagnosis: 1, rejected: 1 });
  });

  it('treats the same import again as duplicates and starts nothing new', async () => {
    const again = await answer(
      regulator().POST('/v1/rounds/{id}/candidates', {
        ...byId(roundId),
        body: { enterprises: [selected, rejected, badCheck] },
      }),
    );
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(again.body.rejected).toHaveLength(1);
    const executions = [];
    for await (const w of temporal.workflow.list({ query: `UpliftRoundId = '${roundId}'` }))
      executions.push(w.workflowId);
    expect(executions.sort()).toEqual([journeyOf(selected), journeyOf(rejected)].sort());
    const journeys = await stack.request('GET', `/v1/journeys?roundId=${roundId}`, { key: regulatorKey });
    expect(journeys.body.items).toHaveLength(2);
    // Exactly one assignment email, although the worker died while that step was in flight.
    expect(stack.mail.to('body@cert.example')).toHaveLength(1);
  });

  it('refuses a wrong stage (409), a missing key (401) and an unknown field (400) without changing anything', async () => {
    const before = await answer(regulator().GET('/v1/journeys/{id}', byId(journeyOf(rejected))));

    const wrongStage = await answer(
      regulator().POST('/v1/journeys/{id}/assignment', {
        ...byId(journeyOf(rejected)),
        body: { certificationBodyId: bodyId },
      }),
    );
    expect(wrongStage.status).toBe(409);
    expect(wrongStage.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(wrongStage.body.message).toContain('rejected');

    const noKey = await answer(
      stack.api(null).POST('/v1/journeys/{id}/screening-decision', {
        ...byId(journeyOf(rejected)),
        body: { decision: 'selected' },
      }),
    );
    expect(noKey.status).toBe(401);

    // Raw: a field the contract does not have, on purpose.
    const unknownField = await stack.request('POST', `/v1/journeys/${journeyOf(selected)}/assignment`, {
      key: regulatorKey,
      body: { certificationBodyId: bodyId, priority: 'high' },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.details).toEqual([
      { field: 'priority', code: 'unknown_field', message: 'is not a known field' },
    ]);

    const after = await answer(regulator().GET('/v1/journeys/{id}', byId(journeyOf(rejected))));
    expect(after.body).toEqual(before.body);
    const selectedNow = await answer(regulator().GET('/v1/journeys/{id}', byId(journeyOf(selected))));
    expect(selectedNow.body.assignments).toHaveLength(1);
    expect(stack.mail.messages).toHaveLength(1);
  });
});
