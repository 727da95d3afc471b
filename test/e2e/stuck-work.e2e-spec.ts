import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { eventually } from '../support/faults';
import { Stack } from '../support/stack';

interface StuckActivity {
  id: string;
  journeyId: string | null;
  enterpriseName: string | null;
  activityType: string;
  emailTemplate: string | null;
  attempts: number;
  lastError: string;
  canSkip: boolean;
}

/**
 * An email the SMTP server keeps refusing shows as stuck work; an admin skips it (the journey goes on
 * without it, the email recorded skipped) or retries it now (it goes at once, not after the backoff).
 */
describe('stuck work', () => {
  let stack: Stack;
  let c: Campaign;
  const enterprises = [candidate(8100), candidate(8101)];
  const idOf = (i: number) => `journey-${c.roundId}-${enterprises[i].uscc}`;
  // A test threshold: the default (10 failures or an hour) is far beyond a test's patience.
  const stuck = async () =>
    (await stack.request<{ items: StuckActivity[] }>('GET', '/v1/stuck-work?minAttempts=2')).body.items;
  const stuckOf = (i: number, items: StuckActivity[]) => items.find((s) => s.journeyId === idOf(i));

  beforeAll(async () => {
    stack = await Stack.start();
    c = await openCampaign(stack, { reminders: { every: 'P7D', max: 1 } }, 'stuck-work');
    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises },
    });
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    await stack.mail.stop();
    for (let i = 0; i < enterprises.length; i++) {
      const post = (path: string, body: unknown) =>
        stack.request('POST', `/v1/journeys/${idOf(i)}/${path}`, { key: c.regulatorKey, body });
      expect((await post('screening-decision', { decision: 'selected' })).status).toBe(200);
      expect((await post('assignment', { certificationBodyId: c.bodyId })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists a failing email with its journey, attempts and last error, for admins only', async () => {
    const items = await eventually(
      'both assignment emails listed as stuck',
      stuck,
      (list) => enterprises.every((_, i) => (stuckOf(i, list)?.attempts ?? 0) >= 2),
      60_000,
    );
    const first = stuckOf(0, items)!;
    expect(first).toMatchObject({
      enterpriseName: enterprises[0].name,
      activityType: 'sendNotification',
      emailTemplate: 'assignment',
      canSkip: true,
    });
    expect(first.lastError).toMatch(/ECONNREFUSED|connect/i);
    // The default threshold (ten failures or an hour) does not list a journey failing for seconds.
    const byDefault = await stack.request<{ items: StuckActivity[] }>('GET', '/v1/stuck-work');
    expect(byDefault.body.items.filter((s) => s.journeyId === idOf(0))).toEqual([]);
    expect((await stack.request('GET', '/v1/stuck-work', { key: c.regulatorKey })).status).toBe(403);
    expect((await stack.request('GET', '/v1/stuck-work?minAttempts=0')).status).toBe(400);
  });

  it('skips an email: its next attempt runs at once and completes without sending, recorded skipped', async () => {
    const target = stuckOf(0, await stuck())!;
    expect(
      (await stack.request('POST', `/v1/stuck-work/${target.id}/skip`, { key: c.regulatorKey })).status,
    ).toBe(403);
    const answer = await stack.request<StuckActivity & { skipRequested: boolean }>(
      'POST',
      `/v1/stuck-work/${target.id}/skip`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ skipRequested: true, canSkip: false });
    const [email] = await eventually(
      'the email recorded skipped',
      () =>
        stack.query<{ status: string; skipped_by: string | null }>(
          `SELECT status, skipped_by FROM emails WHERE journey_id = $1 AND template = 'assignment'`,
          [idOf(0)],
        ),
      (rows) => rows[0]?.status === 'skipped',
      30_000,
    );
    // Skipped by the admin who asked, as the audit log recorded the request.
    const [audit] = await stack.query<{ principal_id: string; target_id: string; status_code: number }>(
      `SELECT principal_id, target_id, status_code FROM audit_log WHERE route = '/v1/stuck-work/:id/skip' AND status_code = 200`,
    );
    expect(audit).toMatchObject({ target_id: target.id, status_code: 200 });
    expect(email.skipped_by).toBe(audit.principal_id);
    // The activity completed: it is no longer stuck, and no longer pending in the journey.
    await eventually('no longer stuck', stuck, (list) => stuckOf(0, list) === undefined, 15_000);
    const [failure] = await stack.query<{ resolution: string }>(
      `SELECT resolution FROM activity_failures WHERE id = $1`,
      [target.id],
    );
    expect(failure.resolution).toBe('skipped');
    // A second skip finds nothing open.
    expect((await stack.request('POST', `/v1/stuck-work/${target.id}/skip`)).status).toBe(404);
  });

  it('retries now: once the server is back the email goes at once, not after its backoff', async () => {
    // Four failures: the next attempt is 40 s away (5 s doubling).
    const target = await eventually(
      'four failed attempts',
      async () => stuckOf(1, await stuck()),
      (s) => (s?.attempts ?? 0) >= 4,
      90_000,
    );
    await stack.mail.start();
    expect((await stack.request('POST', `/v1/stuck-work/${target!.id}/retry`)).status).toBe(200);
    // Well inside the 40 s its next attempt would otherwise have waited.
    await stack.mail.waitFor(
      (m) => String(m.headers.get('x-uplift-key') ?? '').startsWith(idOf(1)),
      1,
      15_000,
    );
    await eventually('no longer stuck', stuck, (list) => stuckOf(1, list) === undefined, 15_000);
    const [failure] = await stack.query<{ resolution: string }>(
      `SELECT resolution FROM activity_failures WHERE id = $1`,
      [target!.id],
    );
    expect(failure.resolution).toBe('succeeded');
    // The skipped email was never sent, even with the server back.
    expect(stack.mail.keys().filter((k) => k.startsWith(`${idOf(0)}:`))).toEqual([]);
  });
});
