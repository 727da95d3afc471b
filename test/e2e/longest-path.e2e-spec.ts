import type { Client } from '@temporalio/client';
import { BETTER, candidate, METRICS, openCampaign } from '../support/campaign';
import { recordHistory } from '../support/histories';
import { Stack } from '../support/stack';

/**
 * The longest path a journey can take with ordinary settings: every step late, every reminder sent,
 * every escalation, three evaluations. Its event history must stay far below Temporal's limits (a
 * warning at 10,240 events, termination at 51,200 events or 50 MB) within one run; journey-bounds
 * drives the worst settings, where a run continues as new.
 */
describe('the longest journey', () => {
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

  it('stays far below the history limits with every step late', async () => {
    const c = await openCampaign(
      stack,
      {
        deadlines: {
          screening: 'PT1S',
          diagnosis: 'PT1S',
          assistancePlan: 'PT1S',
          assistance: 'PT1S',
          certification: 'PT1S',
          evaluation: 'PT1S',
        },
        evaluationOffsets: ['PT1S', 'PT2S', 'PT3S'],
        reminders: { every: 'PT1S', max: 3 },
        escalateAfter: 'PT2S',
      },
      'longest',
    );
    const e = candidate(31);
    const id = `journey-${c.roundId}-${e.uscc}`;
    const escalations = () =>
      stack.mail.messages.filter(
        (m) => (m.subject ?? '').includes('督办') && (m.subject ?? '').includes(e.name),
      );
    let late = 0;
    /** Waits until the current step has been reminded three times and escalated, then takes it. */
    const lateStep = async (path: string, key: string, body: unknown) => {
      late++;
      await stack.mail.waitFor(
        (m) => (m.subject ?? '').includes('督办') && (m.subject ?? '').includes(e.name),
        late,
        30_000,
      );
      const answer = await stack.request('POST', `/v1/journeys/${id}/${path}`, { key, body });
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    };

    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises: [e] },
    });
    await lateStep('screening-decision', c.regulatorKey, { decision: 'selected' });
    await lateStep('assignment', c.regulatorKey, { certificationBodyId: c.bodyId });
    await lateStep('diagnosis', c.bodyKey, {
      findings: [{ dimension: 'talent', category: '人才短缺', description: '缺少内审员' }],
      baseline: METRICS,
    });
    await lateStep('assistance-plan', c.bodyKey, {
      measures: [{ title: '培训内审员', owner: '人事部', dueDate: '2026-12-31' }],
    });
    await lateStep('assistance-completion', c.bodyKey, { summary: '完成' });
    await lateStep('certification', c.bodyKey, {
      outcome: 'certified',
      certificateNumber: '00126Q30003R0S',
      issuedOn: '2026-11-22',
    });
    for (const n of [1, 2, 3]) {
      await lateStep(`evaluations/${n}`, c.bodyKey, {
        satisfaction: 'satisfied',
        effectiveness: 'fairly_obvious',
        metrics: BETTER,
      });
    }
    const handle = temporal.workflow.getHandle(id);
    const final = await handle.result();
    expect(final.stage).toBe('completed');

    expect(escalations()).toHaveLength(9);
    const reminders = stack.mail.messages.filter(
      (m) => (m.subject ?? '').includes('提醒') && (m.subject ?? '').includes(e.name),
    );
    // Three reminders for each of six single-actor steps, and three each to enterprise and body for three evaluations.
    expect(reminders).toHaveLength(3 * 6 + 3 * 2 * 3);

    const history = await handle.fetchHistory();
    const events = history.events!.length;
    const bytes = Buffer.byteLength(JSON.stringify(history));
    process.stdout.write(`longest journey: ${events} events, ${Math.round(bytes / 1024)} KiB of history\n`);
    // Measured at about 660 events (710 before bounded-history-v1, 840 before coalesced-alarms); the bound leaves room for timing jitter yet stays a tenth of the warning limit.
    expect(events).toBeLessThan(1024);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    await recordHistory(temporal, id, 'longest-path-every-step-late-bounded-history');
  });
});
