import { candidate, openCampaign, type Campaign, type RoundSettings } from '../support/campaign';
import { beijingClock, clearOfBeijingMidnight, everyDayCalendarFile } from '../support/calendar';
import { eventually } from '../support/faults';
import { Stack } from '../support/stack';

/**
 * Emails reach the person who can act, when they act (issue 14), on the real stack: the journey's
 * assignee; one digest a day listing what is stalled; nothing outside working hours. The worker keeps
 * working hours by a test calendar in which every day is a working day, and its dispatcher runs every
 * two seconds.
 */
/** Settings the typed client does not know yet (until it is regenerated), as the API takes them. */
const withNotifications = (settings: object) => settings as RoundSettings;

describe('notification delivery', () => {
  let stack: Stack;
  let digestRound: Campaign;
  let quietRound: Campaign;
  let digestAt: Date;
  let windowOpens: Date;
  const digested = [candidate(9400), candidate(9401), candidate(9402), candidate(9403), candidate(9404)];
  const quiet = [candidate(9410), candidate(9411), candidate(9412)];
  const journeyOf = (c: Campaign, e: { uscc: string }) => `journey-${c.roundId}-${e.uscc}`;
  const post = (c: Campaign, e: { uscc: string }, path: string, body: unknown, key = c.regulatorKey) =>
    stack.request('POST', `/v1/journeys/${journeyOf(c, e)}/${path}`, { key, body });
  const importAll = async (c: Campaign, enterprises: unknown[]) => {
    const answer = await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises },
    });
    expect(answer.status).toBe(200);
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
  };

  beforeAll(async () => {
    stack = await Stack.start({
      env: { NOTIFICATION_DISPATCH_SECONDS: '2', UPLIFT_TEST_CALENDAR: everyDayCalendarFile() },
    });
    // The digest time and the window below lie up to 8 minutes ahead, all on today's Beijing date.
    await clearOfBeijingMidnight(12);
    // Both rounds are opened first, so their waits (a digest time, a working window) run together.
    const digest = beijingClock(2);
    digestAt = digest.at;
    digestRound = await openCampaign(
      stack,
      withNotifications({
        deadlines: { screening: 'PT3S' },
        reminders: { every: 'PT3S', max: 2 },
        escalateAfter: 'PT8S',
        digest: { at: digest.clock },
      }),
      'digest',
    );
    const opens = beijingClock(3);
    windowOpens = opens.at;
    quietRound = await openCampaign(
      stack,
      withNotifications({ workingHours: { from: opens.clock, to: beijingClock(8).clock } }),
      'quiet-hours',
    );
    await importAll(digestRound, digested);
    await importAll(quietRound, quiet);
    for (const e of quiet) {
      expect((await post(quietRound, e, 'screening-decision', { decision: 'selected' })).status).toBe(200);
      expect(
        (await post(quietRound, e, 'assignment', { certificationBodyId: quietRound.bodyId })).status,
      ).toBe(200);
    }
  }, 1_000_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends the bureau one digest listing each stalled journey once, instead of its reminders', async () => {
    // Each journey's reminders and escalation become digest items while its screening is overdue.
    await eventually(
      'two reminders and an escalation per journey gathered',
      async () =>
        (
          await stack.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM digest_items WHERE round_id = $1`,
            [digestRound.roundId],
          )
        )[0].n,
      (n) => n >= digested.length * 3,
      90_000,
    );
    // One journey is decided before the digest: it is no longer stalled, so not listed.
    const [decided, ...stalled] = digested;
    expect((await post(digestRound, decided, 'screening-decision', { decision: 'selected' })).status).toBe(
      200,
    );
    expect(Date.now()).toBeLessThan(digestAt.getTime());
    expect(stack.mail.to(digestRound.regulatorEmail)).toEqual([]);

    const [digest] = await stack.mail.waitFor(
      (m) => stack.mail.to(digestRound.regulatorEmail).includes(m),
      1,
      Math.max(0, digestAt.getTime() - Date.now()) + 60_000,
    );
    expect(digest.date!.getTime()).toBeGreaterThanOrEqual(digestAt.getTime() - 1000);
    expect(digest.subject).toContain(`${stalled.length} 家企业`);
    for (const e of stalled) {
      expect(digest.text!.split(e.name).length - 1).toBe(1);
      expect(digest.text).toContain(`${stack.baseUrl}/console/journeys/${journeyOf(digestRound, e)}`);
    }
    expect(digest.text).not.toContain(decided.name);
    expect(digest.text).toContain('【筛选】');
    // No other email to the bureau, and no second digest on the next passes of the dispatcher.
    await new Promise((r) => setTimeout(r, 6000));
    expect(stack.mail.to(digestRound.regulatorEmail)).toHaveLength(1);
    const keys = await stack.query<{ key: string; status: string }>(
      `SELECT key, status FROM emails WHERE template IN ('reminder', 'escalation', 'digest') AND recipient = $1`,
      [digestRound.regulatorEmail],
    );
    expect(keys.map((k) => [k.key.replace(/\d{4}-\d{2}-\d{2}$/, 'DAY'), k.status])).toEqual([
      [expect.stringMatching(/^digest:[0-9a-f-]+:DAY$/), 'sent'],
    ]);
  });

  it('sends nothing outside the working window, and everything once it opens', async () => {
    const toBody = () => stack.mail.to(quietRound.bodyEmail);
    const held = await stack.query<{ not_before: Date }>(
      `SELECT d.not_before FROM deferred_emails d WHERE d.key LIKE $1`,
      [`journey-${quietRound.roundId}-%`],
    );
    expect(held).toHaveLength(quiet.length);
    for (const h of held) expect(new Date(h.not_before).getTime()).toBe(windowOpens.getTime());
    while (Date.now() < windowOpens.getTime() - 2000) {
      expect(toBody()).toEqual([]);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const sent = await stack.mail.waitFor(
      (m) => toBody().includes(m),
      quiet.length,
      Math.max(0, windowOpens.getTime() - Date.now()) + 60_000,
    );
    for (const m of sent) expect(m.date!.getTime()).toBeGreaterThanOrEqual(windowOpens.getTime() - 1000);
    expect(sent.map((m) => m.headers.get('x-uplift-key')).sort()).toEqual(
      quiet.map((e) => `${journeyOf(quietRound, e)}:assignment:1`).sort(),
    );
  });

  it('gives a journey to a staff member, who gets its email, and tells the one it was taken from', async () => {
    const c = await openCampaign(stack, {}, 'assignee');
    const staff = async (n: number) => {
      const answer = await stack.request('POST', '/v1/principals', {
        body: {
          role: 'certification_body',
          name: `审核员${n}`,
          email: `auditor-${n}@cert.example`,
          certificationBodyId: c.bodyId,
        },
      });
      expect(answer.status).toBe(201);
      return answer.body as { id: string };
    };
    const [first, second] = [await staff(1), await staff(2)];
    const e = candidate(9420);
    await importAll(c, [e]);
    expect((await post(c, e, 'screening-decision', { decision: 'selected' })).status).toBe(200);
    expect((await post(c, e, 'assignment', { certificationBodyId: c.bodyId })).status).toBe(200);
    const [assigned] = await stack.mail.waitFor((m) => stack.mail.to(c.bodyEmail).includes(m));
    expect(assigned.subject).toContain('新的帮扶任务');

    expect((await post(c, e, 'assignee', { assigneeId: first.id }, c.bodyKey)).status).toBe(200);
    const [toFirst] = await stack.mail.waitFor((m) => stack.mail.to('auditor-1@cert.example').includes(m));
    expect(toFirst.subject).toContain(`由您负责：${e.name}`);
    expect(toFirst.text).toContain(`${stack.baseUrl}/console/journeys/${journeyOf(c, e)}`);

    // Between staff: the new one is told, and so is the one it was taken from.
    expect((await post(c, e, 'assignee', { assigneeId: second.id }, c.bodyKey)).status).toBe(200);
    await stack.mail.waitFor((m) => stack.mail.to('auditor-2@cert.example').includes(m));
    const [removed] = await stack.mail.waitFor(
      (m) => stack.mail.to('auditor-1@cert.example').includes(m) && m.subject?.includes('不再') === true,
    );
    expect(removed.subject).toContain(`已不再由您负责：${e.name}`);

    // Between bodies: the old body hears at its address, its assignee too; the new body at its own.
    const other = await stack.request('POST', '/v1/certification-bodies', {
      body: { code: 'CNCA-R-2002-901', name: '另一认证机构', email: 'other-body@cert.example' },
    });
    expect(other.status).toBe(201);
    expect(
      (await post(c, e, 'reassignment', { certificationBodyId: (other.body as { id: string }).id })).status,
    ).toBe(200);
    const [notice] = await stack.mail.waitFor(
      (m) => stack.mail.to(c.bodyEmail).includes(m) && m.subject?.includes('改由其他机构') === true,
    );
    expect(notice.text).toContain(e.name);
    await stack.mail.waitFor((m) => stack.mail.to('other-body@cert.example').includes(m));
    await stack.mail.waitFor(
      (m) => stack.mail.to('auditor-2@cert.example').includes(m) && m.subject?.includes('不再') === true,
    );
    const rows = await stack.query<{ assignee_id: string | null }>(
      `SELECT assignee_id FROM journeys WHERE id = $1`,
      [journeyOf(c, e)],
    );
    expect(rows).toEqual([{ assignee_id: null }]);
  });
  it("escalates up the ladder: the enterprise's county bureau, then its city's, then the round's owner", async () => {
    const c = await openCampaign(
      stack,
      { deadlines: { screening: 'PT3S' }, reminders: { every: 'PT1H', max: 1 }, escalateAfter: 'PT6S' },
      'ladder',
    );
    const regulator = async (name: string, regionCode: string) => {
      const answer = await stack.request('POST', '/v1/principals', {
        body: { role: 'regulator', name, email: `${name}@samr.example`, regionCode },
      });
      expect(answer.status).toBe(201);
      return answer.body as { id: string };
    };
    // The enterprise is in Xihu district (330106) of Hangzhou (330100); the round is the province's.
    const county = await regulator('xihu', '330106');
    const city = [await regulator('hangzhou-1', '330100'), await regulator('hangzhou-2', '330100')];
    await regulator('ningbo', '330200');
    const e = candidate(9430);
    await importAll(c, [e]);
    const escalations = () =>
      stack.mail.messages.filter(
        (m) =>
          String(m.headers.get('x-uplift-key')).startsWith(`${journeyOf(c, e)}:escalation:`) &&
          m.subject?.includes('督办') === true,
      );
    await eventually(
      'three rungs escalated',
      async () => escalations().length,
      (n) => n >= 4,
      90_000,
    );
    const rungs = escalations().map((m) => (Array.isArray(m.to) ? m.to[0].text : m.to!.text));
    expect(rungs[0]).toBe('xihu@samr.example');
    expect(rungs.slice(1, 3).sort()).toEqual(['hangzhou-1@samr.example', 'hangzhou-2@samr.example']);
    expect(rungs[3]).toBe(c.regulatorEmail);
    // Keys end with the rung and, below the owner, the person: `…:escalation:<stalledSince>:<k>:<id>`.
    const rungOf = (m: (typeof stack.mail.messages)[number]) =>
      String(m.headers.get('x-uplift-key')).split(':').slice(-2).join(':');
    const [first, second, third] = escalations().map(rungOf);
    expect(first).toBe(`1:${county.id}`);
    expect([second, third].sort()).toEqual(city.map((p) => `2:${p.id}`).sort());
    await new Promise((r) => setTimeout(r, 8000));
    expect(escalations()).toHaveLength(4);
    expect(stack.mail.to('ningbo@samr.example')).toEqual([]);
  });
});
