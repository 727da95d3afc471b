import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { deliveredTwice, eventually, readModel, sentByTemplate } from '../support/faults';
import { Stack } from '../support/stack';

/** The Temporal dev server stopped and started again on its state file: journeys and timers go on. */
describe('the Temporal server restarted on its state file', () => {
  const N = 5;
  let stack: Stack;
  let c: Campaign;
  const enterprises = Array.from({ length: N }, (_, i) => candidate(6000 + i));

  beforeAll(async () => {
    stack = await Stack.start();
    // Screening falls due 12 s after the launch, while the server is down; reminders every 3 s, two.
    c = await openCampaign(
      stack,
      { deadlines: { screening: 'PT12S' }, reminders: { every: 'PT3S', max: 2 }, escalateAfter: 'PT1H' },
      'temporal-restart',
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('fires the timers that fell due while it was down, once, and takes steps again', async () => {
    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises },
    });
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    await stack.journeysSettled();
    const idOf = (i: number) => `journey-${c.roundId}-${enterprises[i].uscc}`;
    // One journey moves on before the outage, so its own timers are the diagnosis stage's.
    const selected = await stack.request('POST', `/v1/journeys/${idOf(0)}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'selected' },
    });
    expect(selected.status).toBe(200);

    await stack.stopTemporal();
    const down = await stack.request('POST', `/v1/journeys/${idOf(1)}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'selected' },
    });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 15_000));
    await stack.startTemporal();

    // The four still in screening stall, and each gets both reminders, exactly.
    const model = await eventually(
      'stalls and reminders after the restart',
      async () => ({
        model: await readModel(stack, c.roundId),
        sent: await sentByTemplate(stack, c.roundId),
      }),
      ({ model, sent }) => model.stalled === N - 1 && (sent.reminder ?? 0) >= 2 * (N - 1),
    );
    expect(model.model.stages).toEqual({ screening: N - 1, diagnosis: 1 });
    await new Promise((r) => setTimeout(r, 4000));
    expect((await sentByTemplate(stack, c.roundId)).reminder).toBe(2 * (N - 1));

    // The step refused during the outage changed nothing; taken now, it applies and ends the stall.
    const again = await stack.request('POST', `/v1/journeys/${idOf(1)}/screening-decision`, {
      key: c.regulatorKey,
      body: { decision: 'selected' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stage: 'diagnosis', stalled: false });
    await eventually(
      'the step in the read model',
      () => readModel(stack, c.roundId),
      (m) => m.stages.diagnosis === 2 && m.stalled === N - 2,
    );
    expect(deliveredTwice(stack)).toEqual([]);
  });
});
