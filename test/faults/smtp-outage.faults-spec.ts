import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { deliveredTwice, eventually, sentByTemplate, sentKeys, sleepUntil } from '../support/faults';
import { Stack } from '../support/stack';

/** The SMTP server down for a while: emails wait and go once it is back, none skipped, none twice. */
describe('the SMTP server down for a while', () => {
  const N = 3;
  const REMINDERS = 3;
  const EVERY_MS = 3000;
  let stack: Stack;
  let c: Campaign;
  const enterprises = Array.from({ length: N }, (_, i) => candidate(8000 + i));
  const idOf = (i: number) => `journey-${c.roundId}-${enterprises[i].uscc}`;

  beforeAll(async () => {
    stack = await Stack.start();
    // Diagnosis falls due 3 s after assignment: its reminders to the body fall due during the outage.
    c = await openCampaign(
      stack,
      {
        deadlines: { diagnosis: 'PT3S' },
        reminders: { every: 'PT3S', max: REMINDERS },
        escalateAfter: 'PT1H',
      },
      'smtp-outage',
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('delivers the assignment emails and every reminder once the server is back, each once', async () => {
    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises },
    });
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    const post = (i: number, path: string, body: unknown) =>
      stack.request('POST', `/v1/journeys/${idOf(i)}/${path}`, { key: c.regulatorKey, body });
    // One assignment is delivered before the outage: it must not go again.
    expect((await post(0, 'screening-decision', { decision: 'selected' })).status).toBe(200);
    expect((await post(0, 'assignment', { certificationBodyId: c.bodyId })).status).toBe(200);
    await stack.mail.waitFor(() => true, 1);

    await stack.mail.stop();
    for (let i = 1; i < N; i++) {
      expect((await post(i, 'screening-decision', { decision: 'selected' })).status).toBe(200);
      expect((await post(i, 'assignment', { certificationBodyId: c.bodyId })).status).toBe(200);
    }
    // The server stays down until every reminder of every journey has fallen due. Emails go out
    // concurrently, never awaited by the journey's alarms: every reminder falls due on time and is
    // recorded, waiting, beside the assignments that could not go.
    const deadlines = await stack.query<{ at: Date }>(
      `SELECT deadline AS at FROM journeys WHERE round_id = $1`,
      [c.roundId],
    );
    await sleepUntil(Math.max(...deadlines.map((r) => r.at.getTime())) + REMINDERS * EVERY_MS + 1000);
    const waiting = await stack.query<{ template: string; n: number }>(
      `SELECT template, count(*)::int AS n FROM emails WHERE status <> 'sent' GROUP BY template ORDER BY template`,
    );
    expect(waiting).toEqual([
      { template: 'assignment', n: N - 1 },
      { template: 'reminder', n: N * REMINDERS },
    ]);
    expect(stack.mail.messages).toHaveLength(1);
    await stack.mail.start();

    const expected = { assignment: N, reminder: N * REMINDERS };
    const sent = await eventually(
      'every email once the server is back',
      () => sentByTemplate(stack, c.roundId),
      (s) => s.assignment === N && s.reminder === N * REMINDERS,
      180_000,
    );
    expect(sent).toEqual(expected);
    await stack.mail.waitFor(() => true, N + N * REMINDERS, 30_000);
    // Nothing more arrives, and nothing arrived twice.
    await new Promise((r) => setTimeout(r, EVERY_MS));
    expect(stack.mail.messages).toHaveLength(N + N * REMINDERS);
    expect(deliveredTwice(stack)).toEqual([]);
    expect(stack.mail.keys().sort()).toEqual(await sentKeys(stack, c.roundId));
    expect(stack.mail.to(c.bodyEmail)).toHaveLength(N + N * REMINDERS);
    // No reminder skipped: each journey got reminders 1 to REMINDERS.
    for (let i = 0; i < N; i++) {
      const numbers = stack.mail
        .keys()
        .filter((k) => k.startsWith(`${idOf(i)}:reminder:`))
        .map((k) => Number(k.split(':').at(-2)))
        .sort();
      expect(numbers).toEqual(Array.from({ length: REMINDERS }, (_, k) => k + 1));
    }
  });
});
