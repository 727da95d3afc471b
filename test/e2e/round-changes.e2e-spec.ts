import { deadlineAfter } from '@uplift/domain';
import { answer, byId, ok } from '../support/api';
import { candidate, openCampaign, type Campaign } from '../support/campaign';
import { Stack } from '../support/stack';

/**
 * Issue 14, rounds that change while running: a settings change reaches the journeys under way and
 * moves their deadlines; a pause stops reminders and a resume starts them again; the working-day
 * calendar says what it covers and warns past it. Also the journey's assignee (a person of its own
 * body) and a person's own notification preference.
 */
describe('rounds that change while running', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const journeyId = (c: Campaign, e: { uscc: string }) => `journey-${c.roundId}-${e.uscc}`;
  const journey = (c: Campaign, id: string) =>
    ok(stack.api(c.regulatorKey).GET('/v1/journeys/{id}', byId(id)));

  async function importOne(c: Campaign, e: ReturnType<typeof candidate>): Promise<string> {
    await ok(
      stack
        .api(c.regulatorKey)
        .POST('/v1/rounds/{id}/candidates', { ...byId(c.roundId), body: { enterprises: [e] } }),
      200,
    );
    await stack.waitForLaunch(c.roundId, c.regulatorKey);
    return journeyId(c, e);
  }

  /** Waits until `check` holds of the journey (a batch reaches it in the background). */
  async function until(c: Campaign, id: string, what: string, check: (j: any) => boolean): Promise<any> {
    let last: unknown;
    for (const end = Date.now() + 45_000; Date.now() < end;) {
      last = await journey(c, id);
      if (check(last)) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${id} never ${what}: ${JSON.stringify(last)}`);
  }

  /** Every round-settings batch of the round has finished. */
  async function batchesDone(c: Campaign): Promise<{ action: string; applied: number; refused: number }[]> {
    for (const end = Date.now() + 45_000; Date.now() < end;) {
      const { items } = await ok(
        stack.api(c.regulatorKey).GET('/v1/batches', { params: { query: { roundId: c.roundId } } }),
      );
      if (items.length > 0 && items.every((b: { status: string }) => b.status === 'done')) return items;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the round's batches of ${c.roundId} never finished`);
  }

  it('moves the deadline of a running journey: made shorter it stalls, made longer it no longer is', async () => {
    const c = await openCampaign(stack, { deadlines: { screening: 'PT1H' } }, 'change');
    const id = await importOne(c, candidate(1401));
    const before = await until(c, id, 'started', (j) => j.startedAt !== null);
    expect(before).toMatchObject({ stage: 'screening', stalled: false });

    const shorter = await answer(
      stack.api(c.regulatorKey).PATCH('/v1/rounds/{id}/settings', {
        ...byId(c.roundId),
        body: { deadlines: { screening: 'PT1S' } },
      }),
    );
    expect(shorter.status).toBe(200);
    // Only what was sent changed; the rest stays as it was.
    expect(shorter.body.settings.deadlines).toMatchObject({ screening: 'PT1S', diagnosis: 'P30D' });
    expect(shorter.body.settings).toMatchObject({ calendar: 'calendar', workingHours: null, digest: null });
    const stalled = await until(c, id, 'stalled', (j) => j.stalled === true);
    expect(Date.parse(stalled.deadline)).toBe(Date.parse(before.startedAt) + 1000);
    expect(stalled.stage).toBe('screening');

    await ok(
      stack.api(c.regulatorKey).PATCH('/v1/rounds/{id}/settings', {
        ...byId(c.roundId),
        body: { deadlines: { screening: 'PT2H' } },
      }),
    );
    const unstalled = await until(c, id, 'unstalled', (j) => j.stalled === false);
    expect(Date.parse(unstalled.deadline)).toBe(Date.parse(before.startedAt) + 2 * 3_600_000);
    expect(unstalled.stage).toBe('screening');

    // A working-day calendar counts the same step's days again, and is shown resolved on the round.
    const workdays = await answer(
      stack.api(c.regulatorKey).PATCH('/v1/rounds/{id}/settings', {
        ...byId(c.roundId),
        body: { calendar: 'cn-workdays', deadlines: { screening: 'P10D' } },
        headers: { 'Accept-Language': 'en' },
      }),
    );
    expect(workdays.status).toBe(200);
    const expected = deadlineAfter(new Date(before.startedAt), 'P10D', 'cn-workdays').toISOString();
    const counted = await until(c, id, 'counted in working days', (j) => j.deadline === expected);
    expect(counted.stalled).toBe(false);

    const batches = await batchesDone(c);
    expect(batches.map((b) => b.action)).toEqual(['round-settings', 'round-settings', 'round-settings']);
    expect(batches.every((b) => b.applied === 1 && b.refused === 0)).toBe(true);

    // The round's changes, newest first, from the audit log.
    const { items } = await ok(stack.api(c.regulatorKey).GET('/v1/rounds/{id}/changes', byId(c.roundId)));
    expect(items.map((i: { kind: string }) => i.kind)).toEqual(['settings', 'settings', 'settings']);
    expect(items[0].change).toEqual({ calendar: 'cn-workdays', deadlines: { screening: 'P10D' } });
    expect(items[2].change).toEqual({ deadlines: { screening: 'PT1S' } });
    expect(items[0].principalName).toBe('浙江省市场监管局change');
  });

  it('sends no reminder while the round is paused, and reminds again once it resumes', async () => {
    const c = await openCampaign(
      stack,
      { deadlines: { screening: 'PT1S' }, reminders: { every: 'PT3S', max: 20 }, escalateAfter: 'P1D' },
      'pause',
    );
    const e = candidate(1402);
    const id = await importOne(c, e);
    const reminders = () =>
      stack.mail
        .to(c.regulatorEmail)
        .filter((m) => String(m.headers.get('x-uplift-key')).startsWith(`${id}:reminder:`));
    await stack.mail.waitFor(
      (m) => String(m.headers.get('x-uplift-key')).startsWith(`${id}:reminder:`),
      1,
      30_000,
    );

    const paused = await answer(stack.api(c.regulatorKey).POST('/v1/rounds/{id}/pause', byId(c.roundId)));
    expect(paused.status).toBe(200);
    expect(paused.body.pausedAt).not.toBeNull();
    await batchesDone(c);
    const whilePaused = await until(c, id, 'paused', (j) => j.pausedAt !== null);
    expect(whilePaused).toMatchObject({ stage: 'screening', stalled: true });
    // A reminder already on its way when the pause arrived may still land: count from here.
    await new Promise((r) => setTimeout(r, 1500));
    const sent = reminders().length;
    await new Promise((r) => setTimeout(r, 9000));
    expect(reminders()).toHaveLength(sent);
    // A journey imported while the round is paused takes the pause as well.
    const late = await importOne(c, candidate(1403));
    await until(c, late, 'paused too', (j) => j.pausedAt !== null);
    // Pausing a paused round changes nothing.
    const again = await ok(stack.api(c.regulatorKey).POST('/v1/rounds/{id}/pause', byId(c.roundId)));
    expect(again.pausedAt).toBe(paused.body.pausedAt);

    const resumed = await ok(stack.api(c.regulatorKey).POST('/v1/rounds/{id}/resume', byId(c.roundId)));
    expect(resumed.pausedAt).toBeNull();
    await until(c, id, 'resumed', (j) => j.pausedAt === null);
    await stack.mail.waitFor(
      (m) => String(m.headers.get('x-uplift-key')).startsWith(`${id}:reminder:`),
      sent + 1,
      30_000,
    );
    expect((await journey(c, id)).stage).toBe('screening');

    const { items } = await ok(stack.api(c.regulatorKey).GET('/v1/rounds/{id}/changes', byId(c.roundId)));
    expect(items.map((i: { kind: string }) => i.kind)).toEqual(['resume', 'pause', 'pause']);
  });

  it("lets only the round's own regulator change it, and no one a closed round", async () => {
    const c = await openCampaign(stack, {}, 'guard');
    const admin = stack.api();
    const city = await ok(
      admin.POST('/v1/principals', {
        body: {
          role: 'regulator',
          name: '杭州市市场监管局',
          email: 'hz-guard@samr.example',
          regionCode: '330100',
        },
      }),
    );
    const byCity = await answer(
      stack
        .api(city.apiKey!)
        .PATCH('/v1/rounds/{id}/settings', { ...byId(c.roundId), body: { escalateAfter: 'P1D' } }),
    );
    expect(byCity.status).toBe(403);
    expect((await answer(stack.api(c.bodyKey).POST('/v1/rounds/{id}/pause', byId(c.roundId)))).status).toBe(
      403,
    );
    const empty = await answer(
      stack.api(c.regulatorKey).PATCH('/v1/rounds/{id}/settings', { ...byId(c.roundId), body: {} }),
    );
    expect(empty.status).toBe(400);
    // A round's own change is no bulk action anyone may ask for.
    const internal = await answer(
      stack.api(c.regulatorKey).POST('/v1/batches', {
        body: {
          roundId: c.roundId,
          action: 'round-settings',
          filter: {},
          payload: { settings: {}, paused: true },
        } as never,
      }),
    );
    expect(internal.status).toBe(400);
    expect(internal.body.details).toEqual([expect.objectContaining({ field: 'action' })]);
    await ok(stack.api(c.regulatorKey).POST('/v1/rounds/{id}/close', byId(c.roundId)));
    for (const call of [
      stack
        .api(c.regulatorKey)
        .PATCH('/v1/rounds/{id}/settings', { ...byId(c.roundId), body: { escalateAfter: 'P1D' } }),
      stack.api(c.regulatorKey).POST('/v1/rounds/{id}/pause', byId(c.roundId)),
      stack.api(c.regulatorKey).POST('/v1/rounds/{id}/resume', byId(c.roundId)),
    ])
      expect((await answer(call)).status).toBe(409);
  });

  it('says which years the working-day calendar covers, and warns about deadlines past them', async () => {
    const c = await openCampaign(stack, {}, 'calendar');
    // Any signed-in principal may read it.
    const calendar = await ok(stack.api(c.bodyKey).GET('/v1/calendar'));
    expect(calendar).toEqual({
      source: expect.stringContaining('chinese-days'),
      firstYear: 2004,
      lastYear: 2026,
    });

    const regulator = stack.api(c.regulatorKey);
    const plain = await ok(
      regulator.POST('/v1/rounds', { body: { name: '自然日批次', regionCode: '330000' } }),
      201,
    );
    expect(plain.warnings).toBeUndefined();
    expect(plain.settings).toMatchObject({ calendar: 'calendar', workingHours: null, digest: null });
    // It is December 2026, and the data ends with 2026: the chain of deadlines runs past it.
    const workdays = await answer(
      regulator.POST('/v1/rounds', {
        body: {
          name: '工作日批次',
          regionCode: '330000',
          settings: {
            calendar: 'cn-workdays',
            workingHours: { from: '09:00', to: '18:00' },
            digest: { at: '09:00' },
          },
        },
        headers: { 'Accept-Language': 'zh-CN' },
      }),
    );
    expect(workdays.status).toBe(201);
    expect(workdays.body.warnings).toEqual([
      {
        field: 'settings.calendar',
        code: 'calendar.beyond_data',
        message: expect.stringContaining('2004–2026'),
      },
    ]);
    expect(workdays.body.warnings[0].message).toMatch(/[\u4e00-\u9fff]/);
    const read = await ok(regulator.GET('/v1/rounds/{id}', byId(workdays.body.id)));
    expect(read.settings).toMatchObject({
      calendar: 'cn-workdays',
      workingHours: { from: '09:00', to: '18:00' },
      digest: { at: '09:00' },
    });
    const english = await answer(
      regulator.PATCH('/v1/rounds/{id}/settings', {
        ...byId(c.roundId),
        body: { calendar: 'cn-workdays' },
        headers: { 'Accept-Language': 'en' },
      }),
    );
    expect(english.status).toBe(200);
    expect(english.body.warnings[0].message).toContain(
      'past the years the bundled working-day calendar covers',
    );
  });

  it("takes as a journey's assignee only an active person of its own body, who lists its staff", async () => {
    const c = await openCampaign(stack, {}, 'assignee');
    const other = await openCampaign(stack, {}, 'assignee-other');
    const admin = stack.api();
    const person = async (name: string, bodyId: string) =>
      ok(
        admin.POST('/v1/principals', {
          body: {
            role: 'certification_body',
            name,
            email: `${name}@cert.example`,
            certificationBodyId: bodyId,
          },
        }),
      );
    const auditor = await person('auditor-wang', c.bodyId);
    const gone = await person('auditor-gone', c.bodyId);
    await ok(admin.POST('/v1/principals/{id}/revoke', byId(gone.id)));
    const elsewhere = await person('auditor-other', other.bodyId);

    const staff = await ok(stack.api(c.bodyKey).GET('/v1/certification-bodies/{id}/staff', byId(c.bodyId)));
    expect(staff.items.map((s: { name: string }) => s.name).sort()).toEqual([
      'auditor-wang',
      '认证机构assignee审核员',
    ]);
    expect(
      (await answer(stack.api(other.bodyKey).GET('/v1/certification-bodies/{id}/staff', byId(c.bodyId))))
        .status,
    ).toBe(404);
    expect(
      (await answer(stack.api(c.regulatorKey).GET('/v1/certification-bodies/{id}/staff', byId(c.bodyId))))
        .status,
    ).toBe(403);

    const e = candidate(1405);
    const id = await importOne(c, e);
    await ok(
      stack
        .api(c.regulatorKey)
        .POST('/v1/journeys/{id}/screening-decision', { ...byId(id), body: { decision: 'selected' } }),
    );
    await ok(
      stack
        .api(c.regulatorKey)
        .POST('/v1/journeys/{id}/assignment', { ...byId(id), body: { certificationBodyId: c.bodyId } }),
    );

    const assign = (key: string, assigneeId: string | null) =>
      answer(stack.api(key).POST('/v1/journeys/{id}/assignee', { ...byId(id), body: { assigneeId } }));
    const regulatorId = (await ok(stack.api(c.regulatorKey).GET('/v1/sessions/current'))).principal.id;
    for (const wrong of [gone.id, elsewhere.id, regulatorId, '00000000-0000-4000-8000-000000000999']) {
      const refused = await assign(c.bodyKey, wrong);
      expect(refused.status).toBe(400);
      expect(refused.body.details).toEqual([
        expect.objectContaining({ field: 'assigneeId', code: 'assignee.not_body_staff' }),
      ]);
    }
    // Another body, and a regulator, may not give it to anyone.
    expect((await assign(other.bodyKey, auditor.id)).status).toBe(404);
    expect((await assign(c.regulatorKey, auditor.id)).status).toBe(403);
    expect((await journey(c, id)).assigneeId).toBeNull();

    const given = await assign(c.bodyKey, auditor.id);
    expect(given.status).toBe(200);
    expect((await journey(c, id)).assigneeId).toBe(auditor.id);
    // An admin may give it back to the body's address.
    expect((await assign(stack.adminKey, null)).status).toBe(200);
    expect((await journey(c, id)).assigneeId).toBeNull();
  });

  it("keeps a person's own notification mode, digest, immediate or as the round says", async () => {
    const c = await openCampaign(stack, {}, 'preference');
    const body = stack.api(c.bodyKey);
    const set = (notificationMode: unknown) =>
      answer(
        body.PUT('/v1/sessions/current/preferences', {
          body: { notificationMode: notificationMode as never },
        }),
      );
    expect((await ok(body.GET('/v1/sessions/current'))).principal.notificationMode).toBeNull();
    const digest = await set('digest');
    expect(digest.status).toBe(200);
    expect(digest.body.principal.notificationMode).toBe('digest');
    expect((await ok(body.GET('/v1/sessions/current'))).principal.notificationMode).toBe('digest');
    expect((await set('weekly')).status).toBe(400);
    expect((await ok(body.GET('/v1/sessions/current'))).principal.notificationMode).toBe('digest');
    expect((await set('immediate')).body.principal.notificationMode).toBe('immediate');
    expect((await set(null)).body.principal.notificationMode).toBeNull();
    // Someone else's stays as it was.
    expect(
      (await ok(stack.api(c.regulatorKey).GET('/v1/sessions/current'))).principal.notificationMode,
    ).toBeNull();
  });
});
