import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { deliveredTwice, eventually, sentByTemplate } from '../support/faults';
import { Stack } from '../support/stack';

/** The SMTP server down for a while: emails wait and go once it is back, none skipped, none twice. */
describe('the SMTP server down for a while', () => {
  const N = 3;
  const REMINDERS = 3;
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
    // One assignment goes out before the outage: it must not go again.
    const post = (i: number, path: string, body: unknown) =>
      stack.request('POST', `/v1/journeys/${idOf(i)}/${path}`, { key: c.regulatorKey, body });
    expect((await post(0, 'screening-decision', { decision: 'selected' })).status).toBe(200);
    expect((await post(0, 'assignment', { certificationBodyId: c.bodyId })).status).toBe(200);
    await stack.mail.waitFor((m) => (m.subject ?? '').length > 0, 1);

    await stack.mail.stop();
    for (let i = 1; i < N; i++) {
      expect((await post(i, 'screening-decision', { decision: 'selected' })).status).toBe(200);
      expect((await post(i, 'assignment', { certificationBodyId: c.bodyId })).status).toBe(200);
    }
    // Long enough for every reminder of every journey to fall due while nobody can receive it.
    await new Promise((r) => setTimeout(r, 3000 + REMINDERS * 3000 + 2000));
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
    await new Promise((r) => setTimeout(r, 3000));
    expect(stack.mail.messages).toHaveLength(N + N * REMINDERS);
    expect(deliveredTwice(stack)).toEqual([]);
    expect(stack.mail.to(c.bodyEmail)).toHaveLength(N + N * REMINDERS);
  });
});
