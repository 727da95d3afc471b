import { Client, Connection } from '@temporalio/client';
import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { deliveredTwice, eventually, readModel, sentByTemplate } from '../support/faults';
import { Stack } from '../support/stack';

/** The worker SIGKILLed mid-launch and mid-steps: every journey starts once, and every one ends. */
describe('the worker killed during a bulk launch and during steps', () => {
  const N = 400;
  const SELECTED = 40;
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;
  const enterprises = Array.from({ length: N }, (_, i) => candidate(5000 + i));
  const idOf = (i: number) => `journey-${c.roundId}-${enterprises[i].uscc}`;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
    c = await openCampaign(stack, {}, 'worker-killed');
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  it('resumes a launch the dead worker left, starting each journey exactly once', async () => {
    const imported = await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises },
    });
    expect(imported.body).toMatchObject({ accepted: N, rejected: [] });
    const midway = await eventually(
      'the launch under way',
      async () =>
        (await stack.request('GET', `/v1/rounds/${c.roundId}`, { key: c.regulatorKey })).body.launch,
      (l: { started: number; total: number }) => l.started > 0,
      60_000,
    );
    await stack.killWorker();
    expect(midway.started).toBeLessThan(N);
    await new Promise((r) => setTimeout(r, 1000));
    await stack.startWorker();

    expect(await stack.waitForLaunch(c.roundId, c.regulatorKey, 180_000)).toEqual({ started: N, total: N });
    // Visibility is written a moment after each start: wait for it, then the count must be exactly N.
    const counted = await eventually(
      'every started journey in Temporal visibility',
      () => temporal.workflow.count(`UpliftRoundId = '${c.roundId}' AND WorkflowType = 'journeyWorkflow'`),
      (n) => n.count >= N,
      60_000,
    );
    expect(counted.count).toBe(N);
    expect(await readModel(stack, c.roundId)).toMatchObject({
      reported: N,
      launched: N,
      stages: { screening: N },
    });
  });

  it('applies every step sent while the worker died, once, and ends every journey', async () => {
    const step = (i: number, body: unknown, path = 'screening-decision') =>
      stack.request('POST', `/v1/journeys/${idOf(i)}/${path}`, { key: c.regulatorKey, body });
    const selections = Array.from({ length: SELECTED }, (_, i) => step(i, { decision: 'selected' }));
    await new Promise((r) => setTimeout(r, 300));
    await stack.killWorker();
    await new Promise((r) => setTimeout(r, 1000));
    await stack.startWorker();
    const answers = await Promise.all(selections);
    expect(answers.map((a) => a.status)).toEqual(Array(SELECTED).fill(200));

    // The others are rejected, a batch at a time, with the worker killed once more in between.
    const rest = Array.from({ length: N - SELECTED }, (_, k) => SELECTED + k);
    const rejected: number[] = [];
    for (let from = 0; from < rest.length; from += 40) {
      if (from === 160) {
        await stack.killWorker();
        await stack.startWorker();
      }
      const batch = await Promise.all(
        rest
          .slice(from, from + 40)
          .map((i) => step(i, { decision: 'rejected', reason: '不符合小微企业条件' })),
      );
      rejected.push(...batch.map((a) => a.status));
    }
    expect(rejected).toEqual(Array(N - SELECTED).fill(200));

    const assignments = await Promise.all(
      Array.from({ length: SELECTED }, (_, i) => step(i, { certificationBodyId: c.bodyId }, 'assignment')),
    );
    expect(assignments.map((a) => a.status)).toEqual(Array(SELECTED).fill(200));

    const model = await eventually(
      'every transition in the read model',
      () => readModel(stack, c.roundId),
      (m) => m.stages.diagnosis === SELECTED && m.stages.rejected === N - SELECTED,
    );
    expect(model.stages).toEqual({ diagnosis: SELECTED, rejected: N - SELECTED });
    const ended = await eventually(
      'the ended journeys in Temporal visibility',
      () => temporal.workflow.count(`UpliftRoundId = '${c.roundId}' AND ExecutionStatus = 'Completed'`),
      (n) => n.count >= N - SELECTED,
      60_000,
    );
    expect(ended.count).toBe(N - SELECTED);
    // One assignment email per selected journey: none lost, none sent twice.
    await stack.mail.waitFor((m) => JSON.stringify(m.to).includes(c.bodyEmail), SELECTED, 60_000);
    expect(stack.mail.to(c.bodyEmail)).toHaveLength(SELECTED);
    expect(await sentByTemplate(stack, c.roundId)).toEqual({ assignment: SELECTED });
    expect(deliveredTwice(stack)).toEqual([]);
  });
});
