import type { Client } from '@temporalio/client';
import {
  answerEvaluation,
  BETTER,
  candidate,
  METRICS,
  openCampaign,
  type Campaign,
} from '../support/campaign';
import {
  deliveredTwice,
  eventually,
  journeyExecutions,
  readModel,
  sentByTemplate,
  sentKeys,
} from '../support/faults';
import { Stack } from '../support/stack';

/** The worker SIGKILLed mid-launch and mid-steps: every journey starts once, none is lost. */
describe('the worker killed during a bulk launch and during steps', () => {
  const N = 500;
  const SELECTED = 40;
  const COMPLETED = 3;
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;
  const enterprises = Array.from({ length: N }, (_, i) => candidate(5000 + i));
  const idOf = (i: number) => `journey-${c.roundId}-${enterprises[i].uscc}`;
  const step = (i: number, path: string, body: unknown, key = c.regulatorKey) =>
    stack.request('POST', `/v1/journeys/${idOf(i)}/${path}`, { key, body });

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
    // One evaluation, due 2 s after assistance, so a few journeys can be driven to the end.
    c = await openCampaign(stack, { evaluationOffsets: ['PT2S'] }, 'worker-killed');
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  it('resumes a launch the dead worker left, starting each journey exactly once', async () => {
    const csv = [
      'uscc,name,regionCode,industryCode,email,contactName,employees',
      ...enterprises.map((e) =>
        [e.uscc, e.name, e.regionCode, e.industryCode, e.email, e.contactName, e.employees].join(','),
      ),
    ].join('\n');
    const imported = await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ accepted: N, duplicates: 0, rejected: [] });

    // Killed as soon as the launcher has written a chunk's first states, while its starts are in
    // flight: the chunk is not marked launched yet, so the retried activity starts it again.
    await eventually(
      "the launcher's first chunk under way",
      () => readModel(stack, c.roundId),
      (m) => m.reported > 0,
      60_000,
      20,
    );
    await stack.killWorker();
    const midway = (await stack.request('GET', `/v1/rounds/${c.roundId}`, { key: c.regulatorKey })).body
      .launch;
    expect(midway.total).toBe(N);
    expect(midway.started).toBeLessThan(N);
    await stack.startWorker();

    // The dead attempt is retried once its heartbeat times out (a minute).
    expect(await stack.waitForLaunch(c.roundId, c.regulatorKey, 240_000)).toEqual({ started: N, total: N });
    expect(await readModel(stack, c.roundId)).toEqual({
      stages: { screening: N },
      stalled: 0,
      reported: N,
      launched: N,
    });
    // Temporal has one execution per journey: none missing, none started twice.
    const listed = await eventually(
      'every journey listed by Temporal',
      () => journeyExecutions(temporal, c.roundId),
      (l) => l.executions >= N,
    );
    expect(listed.executions).toBe(N);
    expect(listed.ids.size).toBe(N);
    const rows = await stack.query<{ id: string }>(`SELECT id FROM journeys WHERE round_id = $1`, [
      c.roundId,
    ]);
    expect([...listed.ids].sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('applies every step sent while the worker died, once, and takes some journeys to the end', async () => {
    // A batch of selections in flight when the worker dies: they wait for the next one, then apply.
    const selections = Array.from({ length: SELECTED }, (_, i) =>
      step(i, 'screening-decision', { decision: 'selected' }),
    );
    await eventually(
      'the first selections applied',
      () => readModel(stack, c.roundId),
      (m) => (m.stages.diagnosis ?? 0) > 0,
      60_000,
      20,
    );
    await stack.killWorker();
    await stack.startWorker();
    const answers = await Promise.all(selections);
    expect(answers.map((a) => a.status)).toEqual(Array(SELECTED).fill(200));

    // The others are rejected, a batch at a time, with the worker killed again mid-batch.
    const rest = Array.from({ length: N - SELECTED }, (_, k) => SELECTED + k);
    const rejected: number[] = [];
    for (let from = 0; from < rest.length; from += 50) {
      const batch = rest
        .slice(from, from + 50)
        .map((i) => step(i, 'screening-decision', { decision: 'rejected', reason: '不符合小微企业条件' }));
      if (from === 200) {
        await stack.killWorker();
        await stack.startWorker();
      }
      rejected.push(...(await Promise.all(batch)).map((a) => a.status));
    }
    expect(rejected).toEqual(Array(N - SELECTED).fill(200));

    const assignments = await Promise.all(
      Array.from({ length: SELECTED }, (_, i) => step(i, 'assignment', { certificationBodyId: c.bodyId })),
    );
    expect(assignments.map((a) => a.status)).toEqual(Array(SELECTED).fill(200));

    // A few go on to the end: diagnosis, plan, assistance, certificate and their one evaluation.
    await Promise.all(
      Array.from({ length: COMPLETED }, async (_, i) => {
        const ok = async (path: string, body: unknown) => {
          const answer = await step(i, path, body, c.bodyKey);
          if (answer.status !== 200)
            throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
        };
        await ok('diagnosis', {
          findings: [{ dimension: 'quality_management', category: '标准难理解', description: '记录不全' }],
          baseline: METRICS,
        });
        await ok('assistance-plan', {
          measures: [{ title: '建立质量目标分解体系', owner: '质量部', dueDate: '2026-12-31' }],
        });
        await ok('assistance-completion', { summary: '完成内审员培训' });
        await ok('certification', {
          outcome: 'certified',
          certificateNumber: `00126Q3000${i}`,
          issuedOn: '2026-11-20',
        });
        await answerEvaluation(stack, c, idOf(i), 1, {
          satisfaction: 'satisfied',
          effectiveness: 'very_obvious',
          metrics: BETTER,
        });
      }),
    );

    const expected = { completed: COMPLETED, diagnosis: SELECTED - COMPLETED, rejected: N - SELECTED };
    const model = await eventually(
      'every transition in the read model',
      () => readModel(stack, c.roundId),
      (m) => Object.entries(expected).every(([stage, n]) => m.stages[stage] === n),
    );
    expect(model).toEqual({ stages: expected, stalled: 0, reported: N, launched: N });
    const ended = await eventually(
      'the ended journeys listed by Temporal',
      async () =>
        (
          await temporal.workflow.count(
            `UpliftRoundId = '${c.roundId}' AND WorkflowType = 'journeyWorkflow' AND ExecutionStatus = 'Completed'`,
          )
        ).count,
      (n) => n >= N - SELECTED + COMPLETED,
    );
    expect(ended).toBe(N - SELECTED + COMPLETED);

    // One assignment email per selected journey and one evaluation request per finished one, each
    // recorded once and delivered once.
    const sent = await eventually(
      'every email recorded as sent',
      () => sentByTemplate(stack, c.roundId),
      (s) => s.assignment === SELECTED && s.evaluation_request === COMPLETED,
    );
    expect(sent).toEqual({ assignment: SELECTED, evaluation_request: COMPLETED });
    await stack.mail.waitFor(() => true, SELECTED + COMPLETED, 60_000);
    expect(stack.mail.to(c.bodyEmail)).toHaveLength(SELECTED);
    expect(deliveredTwice(stack)).toEqual([]);
    expect(stack.mail.keys().sort()).toEqual(await sentKeys(stack, c.roundId));
  });
});
