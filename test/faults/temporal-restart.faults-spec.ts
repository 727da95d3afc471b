import type { Client } from '@temporalio/client';
import { candidate, openCampaign, toFollowUp, type Campaign } from '../support/campaign';
import {
  deliveredTwice,
  eventually,
  historyTypes,
  journeyExecutions,
  readModel,
  sentByTemplate,
  sentKeys,
  sleepUntil,
} from '../support/faults';
import { Stack } from '../support/stack';

/** The Temporal dev server stopped and started again on its state file: journeys and timers go on. */
describe('the Temporal server restarted on its state file', () => {
  const N = 5;
  const REMINDERS = 2;
  let stack: Stack;
  let temporal: Client;
  let c: Campaign;
  const enterprises = Array.from({ length: N }, (_, i) => candidate(6000 + i));
  const followed = candidate(6100);
  const idOf = (i: number) => `journey-${c.roundId}-${enterprises[i].uscc}`;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
    // Screening deadlines and an evaluation fall due 30 s after they start, while the server is down;
    // reminders every 3 s, two of them.
    c = await openCampaign(
      stack,
      {
        deadlines: { screening: 'PT30S' },
        evaluationOffsets: ['PT30S'],
        reminders: { every: 'PT3S', max: REMINDERS },
        escalateAfter: 'PT1H',
      },
      'temporal-restart',
    );
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  it('fires the timers that fell due while it was down, once each, and takes steps again', async () => {
    // One journey waits for its first evaluation; five are imported and wait for screening, of which
    // one is selected before the outage, so its timers are the diagnosis stage's (not due).
    const { id: followedId } = await toFollowUp(stack, c, followed, {
      outcome: 'certified',
      certificateNumber: '00126Q30002R0S',
      issuedOn: '2026-11-20',
    });
    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises },
    });
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    await stack.journeysSettled();
    const selected = await stack.request('POST', `/v1/journeys/${idOf(0)}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'selected' },
    });
    expect(selected.status).toBe(200);
    const due = (
      await stack.query<{ at: Date }>(
        `SELECT deadline AS at FROM journeys WHERE round_id = $1 AND stage = 'screening'
         UNION ALL SELECT (state->'evaluations'->0->>'dueAt')::timestamptz FROM journeys WHERE id = $2`,
        [c.roundId, followedId],
      )
    ).map((r) => r.at.getTime());
    expect(due).toHaveLength(N);

    await stack.stopTemporal();
    // Every timer of the test is still pending when the server stops (30 s of margin).
    expect(Date.now()).toBeLessThan(Math.min(...due));
    const down = await stack.request('POST', `/v1/journeys/${idOf(1)}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'selected' },
    });
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(down.body.message).toMatch(/temporal/);
    expect(down.headers.get('retry-after')).toBeTruthy();
    expect((await stack.request('GET', `/v1/journeys/${idOf(1)}/history`)).status).toBe(503);
    expect((await stack.request('GET', '/health', { key: null })).body).toMatchObject({
      status: 'unavailable',
      temporal: 'down',
    });
    // Down until every one of those timers is past due.
    await sleepUntil(Math.max(...due) + 3000);
    await stack.startTemporal();

    // The four still in screening stall and each gets both reminders; the evaluation falls due.
    const after = await eventually(
      'stalls, reminders and the evaluation request after the restart',
      async () => ({
        model: await readModel(stack, c.roundId),
        sent: await sentByTemplate(stack, c.roundId),
      }),
      ({ model, sent }) =>
        model.stalled === N - 1 &&
        (sent.reminder ?? 0) >= REMINDERS * (N - 1) &&
        (sent.evaluation_request ?? 0) >= 1,
      180_000,
    );
    expect(after.model.stages).toEqual({ screening: N - 1, diagnosis: 1, follow_up: 1 });
    // Past another reminder period: nothing more comes, nothing came twice.
    await new Promise((r) => setTimeout(r, 4000));
    expect(await sentByTemplate(stack, c.roundId)).toEqual({
      assignment: 1,
      reminder: REMINDERS * (N - 1),
      evaluation_request: 1,
    });
    expect(stack.mail.to(c.regulatorEmail)).toHaveLength(REMINDERS * (N - 1));
    expect(stack.mail.to(followed.email)).toHaveLength(1);
    expect(await historyTypes(stack, idOf(2))).toMatchObject({ stalled: 1, reminder_sent: REMINDERS });
    expect(await historyTypes(stack, followedId)).toMatchObject({ evaluation_due: 1, email_sent: 2 });

    // The step refused during the outage changed nothing; taken now, it applies and ends the stall.
    const again = await stack.request('POST', `/v1/journeys/${idOf(1)}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'selected' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stage: 'diagnosis', stalled: false });
    expect(await readModel(stack, c.roundId)).toMatchObject({
      stages: { screening: N - 2, diagnosis: 2, follow_up: 1 },
      stalled: N - 2,
    });

    // Every journey is still there, once, and running.
    const listed = await eventually(
      'every journey listed by Temporal',
      () => journeyExecutions(temporal, c.roundId),
      (l) => l.executions >= N + 1,
    );
    expect(listed).toMatchObject({ executions: N + 1 });
    expect(listed.ids.size).toBe(N + 1);
    const running = await temporal.workflow.count(
      `UpliftRoundId = '${c.roundId}' AND WorkflowType = 'journeyWorkflow' AND ExecutionStatus = 'Running'`,
    );
    expect(running.count).toBe(N + 1);
    expect(deliveredTwice(stack)).toEqual([]);
    expect(stack.mail.keys().sort()).toEqual(await sentKeys(stack, c.roundId));
  });
});
