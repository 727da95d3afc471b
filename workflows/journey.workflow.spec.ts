import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { StepRefusedError, type JourneyState, type Actor, DEFAULT_ROUND_SETTINGS } from '@uplift/domain';
import type { JourneyActivities, NotificationCommand } from '@uplift/activities';
import { JourneyClient, SEARCH_ATTRIBUTES, workflowBundlerOptions, workflowsPath } from '@uplift/temporal';
import { localTemporalExecutable } from '../test/support/temporal-cli';

const STUCK = '91350200MA2XN0QT1E';
const BODY = '5b0c3a52-8d0e-4f7a-9a51-0d2b7c1e4f10';
const regulator: Actor = { principalId: 'p1', role: 'regulator', name: '福建省局', regionCode: '350000' };
const body: Actor = {
  principalId: 'p3',
  role: 'certification_body',
  name: '认证机构',
  certificationBodyId: BODY,
};

/** The journey workflow on a real (local) Temporal server, with its activities replaced by recorders. */
describe('journey workflow', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const recorded: JourneyState[] = [];
  const notifications: NotificationCommand[] = [];

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: localTemporalExecutable(),
        searchAttributes: SEARCH_ATTRIBUTES,
      },
    });
    const activities: Pick<JourneyActivities, 'recordJourney' | 'sendNotification'> = {
      recordJourney: async (s) => void recorded.push(s),
      sendNotification: async (c) => {
        // A journey whose first reminder never goes through: its later alarms must not wait for it.
        if (
          c.key.includes(':reminder:') &&
          c.key.endsWith(':1:regulator') &&
          c.about?.journeyId.endsWith(STUCK)
        )
          throw new Error('421 try again later');
        notifications.push(c);
        return 'sent';
      },
    };
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'journeys-test',
      workflowsPath: workflowsPath(),
      bundlerOptions: workflowBundlerOptions(),
      activities,
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const start = async (uscc: string, settings = DEFAULT_ROUND_SETTINGS) => {
    const journeys = new JourneyClient(env.client, 'journeys-test');
    const id = `journey-r1-${uscc}`;
    await journeys.start({
      id,
      roundId: 'r1',
      enterprise: {
        uscc,
        name: '福州甲公司',
        regionCode: '350102',
        industryCode: 'C3511',
        email: 'a@x.example',
      },
      settings,
    });
    return { journeys, id };
  };

  it('refuses a wrong-stage step in its validator, leaving no trace in the history', async () => {
    const { journeys, id } = await start('91350100M000100Y43');
    await expect(
      journeys.step(id, 'assignment', { actor: regulator, payload: { certificationBodyId: BODY } }),
    ).rejects.toMatchObject({
      refusal: { kind: 'stage', currentStage: 'screening' },
    });
    await expect(
      journeys.step(id, 'screening-decision', { actor: body, payload: { decision: 'selected' } }),
    ).rejects.toBeInstanceOf(StepRefusedError);
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates).toHaveLength(0);
    expect((await journeys.state(id)).version).toBe(1);
  });

  it('records each accepted step before answering and notifies the assigned body once', async () => {
    const { journeys, id } = await start('9144030071526726XG');
    const selected = await journeys.step(id, 'screening-decision', {
      actor: regulator,
      payload: { decision: 'selected' },
    });
    // The answer names the new version and stage, nothing more: the journey is in the read model.
    expect(selected).toEqual({ id, version: 2, stage: 'diagnosis' });
    // Version 2 was recorded before the update answered. When the update reaches the workflow in its
    // first task, its handler runs as soon as it is registered, before the start's own record: [2, 2].
    const versions = recorded.filter((s) => s.id === id).map((s) => s.version);
    expect(versions).toContain(2);
    expect(versions.every((v) => v === 1 || v === 2)).toBe(true);

    const assigned = await journeys.step(id, 'assignment', {
      actor: regulator,
      payload: { certificationBodyId: BODY },
    });
    expect(recorded.find((s) => s.id === id && s.version === assigned.version)?.certificationBodyId).toBe(
      BODY,
    );
    const handle = env.client.workflow.getHandle(id);
    const described = await handle.describe();
    expect(described.searchAttributes.UpliftStage).toEqual(['diagnosis']);
    await waitUntil(() => notifications.some((n) => n.about?.journeyId === id));
    const sent = notifications.filter((n) => n.about?.journeyId === id);
    expect(sent.map((n) => n.key)).toEqual([`${id}:assignment:1`]);
    // Ids and the few facts the email needs, not the journey's state.
    expect(sent[0]).not.toHaveProperty('journey');
  });

  it('ends the workflow when the enterprise is rejected', async () => {
    const { journeys, id } = await start('91110000802100433B');
    await journeys.step(id, 'screening-decision', {
      actor: regulator,
      payload: { decision: 'rejected', reason: '意愿不强' },
    });
    const result = await env.client.workflow.getHandle(id).result();
    expect(result).toMatchObject({ stage: 'rejected', screening: { decision: 'rejected' } });
    // The reason went to the read model once, with the step; the workflow's own state does not carry it.
    expect(result.screening).not.toHaveProperty('reason');
    // Only the step's own write carries it (an activity may run more than once: Temporal retries it).
    const withReason = recorded.filter((s) => s.id === id && s.screening?.reason === '意愿不强');
    expect(withReason.length).toBeGreaterThan(0);
    expect(new Set(withReason.map((s) => s.version))).toEqual(new Set([result.version]));
  });

  it('keeps stalling, reminding and escalating on time while an email is being retried', async () => {
    const { id } = await start(STUCK, {
      ...DEFAULT_ROUND_SETTINGS,
      deadlines: { ...DEFAULT_ROUND_SETTINGS.deadlines, screening: 'PT1S' },
      reminders: { every: 'PT1S', max: 3 },
      escalateAfter: 'PT3S',
    });
    const keys = () => notifications.filter((n) => n.about?.journeyId === id).map((n) => n.key);
    // Reminder 1 is retried (every 5 s and more) the whole time; reminders 2 and 3 and the escalation
    // fall due at 2, 3 and 4 s.
    await waitUntil(() => keys().length === 3, 8_000);
    expect(keys().sort()).toEqual([
      expect.stringContaining(':escalation:'),
      expect.stringMatching(/:2:regulator$/),
      expect.stringMatching(/:3:regulator$/),
    ]);
    // The read model hears of the escalation as its email goes out.
    const latest = () => recorded.filter((s) => s.id === id).sort((a, b) => b.version - a.version)[0];
    await waitUntil(() => latest()?.escalated === true, 5_000);
    expect(latest()).toMatchObject({ stalled: true, remindersSent: 3, escalated: true });
    expect(notifications.filter((n) => n.about?.journeyId === id && n.key.endsWith(':1:regulator'))).toEqual(
      [],
    );
    await env.client.workflow.getHandle(id).terminate('test over');
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}
