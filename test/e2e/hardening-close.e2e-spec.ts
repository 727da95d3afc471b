import type { Client } from '@temporalio/client';
import { candidate, linkIn, METRICS, openCampaign, toFollowUp, type Campaign } from '../support/campaign';
import { enterprise } from '../support/fixtures';
import { Stack, type HttpAnswer } from '../support/stack';
import { SELECTED, World } from '../support/world';

/**
 * Issue 10, classes 3 and 9: closing a round wins the race with its own launch and runs in the
 * background; and the smaller leaks (out-of-scope refusals, closed evaluations, escalations to a
 * revoked creator, raw paths and client request ids in the audit log, empty JSON bodies). After every
 * refused request the suite checks by count that nothing changed, and that no answer is a 5xx.
 */
describe('hardening: closing rounds and smaller leaks', () => {
  let stack: Stack;
  let temporal: Client;
  let w: World;

  beforeAll(async () => {
    stack = await Stack.start();
    temporal = await stack.temporalClient();
    w = await World.create(stack, 7000);
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const running = async (roundId: string) =>
    (
      await temporal.workflow.count(
        `UpliftRoundId = '${roundId}' AND ExecutionStatus = 'Running' AND WorkflowType = 'journeyWorkflow'`,
      )
    ).count;
  const allWorkflows = async (roundId: string) =>
    (await temporal.workflow.count(`UpliftRoundId = '${roundId}'`)).count;
  const journeyRows = async () =>
    (await stack.query(`SELECT count(*)::int AS n FROM journeys`))[0].n as number;
  const auditRows = async () =>
    (await stack.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n as number;
  const historyLength = async (id: string) =>
    (await temporal.workflow.getHandle(id).fetchHistory()).events!.length;

  /** Journeys, emails and (when given) a journey's Temporal history, to compare before and after a refusal. */
  const snapshot = async (journeyId?: string) => {
    await sleep(300);
    return {
      journeys: await journeyRows(),
      emails: stack.mail.messages.length,
      history: journeyId ? await historyLength(journeyId) : 0,
    };
  };
  const expectNo5xx = (answers: HttpAnswer[]) => {
    for (const a of answers) expect(a.status).toBeLessThan(500);
  };

  describe('closing a round', () => {
    let c: Campaign;
    const N = 600;
    let ids: string[];
    let closed: HttpAnswer;

    beforeAll(async () => {
      c = await openCampaign(stack, {}, 'close-race');
      const enterprises = Array.from({ length: N }, (_, i) => candidate(20_000 + i));
      ids = enterprises.map((e) => `journey-${c.roundId}-${e.uscc}`);
      const imported = await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
        key: c.regulatorKey,
        body: { enterprises },
      });
      expect(imported.body).toMatchObject({ accepted: N });
      // A second after the import, while the launcher is starting the first chunks.
      await sleep(1000);
      closed = await stack.request('POST', `/v1/rounds/${c.roundId}/close`, { key: c.regulatorKey });
    });

    it('answers at once with the round closed and the close’s progress', () => {
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({
        status: 'closed',
        close: { cancelled: expect.any(Number), open: expect.any(Number) },
      });
      expect(closed.body.close.cancelled + closed.body.close.open).toBe(N);
    });

    it('refuses a step on any journey of the closed round with 409 and sends nothing', async () => {
      const before = await snapshot();
      const answers = await Promise.all(
        [ids[0], ids[N - 1], ids[Math.floor(N / 2)]].map((id) =>
          stack.request('POST', `/v1/journeys/${id}/screening-decision`, {
            key: c.regulatorKey,
            body: { decision: 'selected' },
          }),
        ),
      );
      for (const a of answers) {
        expect(a.status).toBe(409);
        // Either the round's status (the close has not reached the journey yet) or its end.
        expect(a.body.message).toMatch(/is closed|cancelled/);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('ends every journey in the background, whether it was launched or not, and none runs afterwards', async () => {
      let round: any;
      const until = Date.now() + 280_000;
      for (;;) {
        round = (await stack.request('GET', `/v1/rounds/${c.roundId}`, { key: c.regulatorKey })).body;
        if (round.close.finishedAt || Date.now() > until) break;
        expect(round.close.cancelled + round.close.open).toBe(N);
        await sleep(1000);
      }
      expect(round).toMatchObject({
        status: 'closed',
        counts: { cancelled: N, screening: 0 },
        close: { cancelled: N, open: 0, finishedAt: expect.any(String) },
      });
      // Visibility is written a moment after each change: let it catch up, then look again.
      const catchUp = Date.now() + 30_000;
      while ((await running(c.roundId)) > 0 && Date.now() < catchUp) await sleep(500);
      await sleep(2000);
      expect(await running(c.roundId)).toBe(0);
      const launched = await allWorkflows(c.roundId);
      expect(launched).toBeLessThanOrEqual(N);
      // The launch stopped: nothing starts later.
      await sleep(3000);
      expect(await allWorkflows(c.roundId)).toBe(launched);
      expect(await running(c.roundId)).toBe(0);
      const launch = await temporal.workflow.getHandle(`launch-${c.roundId}`).describe();
      expect(launch.status.name).not.toBe('RUNNING');
      console.log(`close race: ${launched} of ${N} journeys had started before the close`);
      // Cancelling a started journey is an Update each: on a loaded two-core machine, seconds apiece.
    }, 300_000);

    it('gives a started journey its cancellation in its own history, and still refuses steps', async () => {
      const [started] = (await stack.query(
        `SELECT id FROM journeys WHERE round_id = $1 AND launched_at IS NOT NULL ORDER BY id LIMIT 1`,
        [c.roundId],
      )) as { id: string }[];
      expect(started).toBeDefined();
      const state = await temporal.workflow.getHandle(started.id).result();
      expect(state).toMatchObject({ stage: 'cancelled' });
      const before = await snapshot(started.id);
      const step = await stack.request('POST', `/v1/journeys/${started.id}/assignment`, {
        key: c.regulatorKey,
        body: { certificationBodyId: c.bodyId },
      });
      expect(step.status).toBe(409);
      expect(await snapshot(started.id)).toEqual(before);
    });

    it('refuses a second close and an import with 409, changing nothing', async () => {
      const before = await snapshot();
      const again = await stack.request('POST', `/v1/rounds/${c.roundId}/close`, { key: c.regulatorKey });
      const more = await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
        key: c.regulatorKey,
        body: { enterprises: [candidate(29_999)] },
      });
      expect([again.status, more.status]).toEqual([409, 409]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('smaller leaks', () => {
    it('answers an out-of-scope step 404 before reading its body, and keeps it out of the journey’s history', async () => {
      const id = await w.journey(SELECTED);
      const historyEvents = async () =>
        (await w.request('admin', 'GET', `/v1/journeys/${id}/history`)).body.events as {
          type: string;
          actor: { principalId: string } | null;
        }[];
      const refusedBy = async (who: string) =>
        (await historyEvents()).filter((e) => e.type === 'step_refused' && e.actor?.principalId === who);
      const before = await snapshot(id);
      // Bad bodies from callers with the right role (404, never a 400 that tells the journey exists),
      // and wrong roles (403 for the role, as for any id).
      const tries: [caller: Parameters<World['request']>[0], step: string, body: unknown, status: number][] =
        [
          ['regulatorOutOfScope', 'assignment', { certificationBodyId: 'not-a-uuid' }, 404],
          ['regulatorOutOfScope', 'withdrawal', {}, 404],
          ['regulatorOutOfScope', 'assignment', { certificationBodyId: w.ids.bodyAssigned }, 404],
          ['regulatorOutOfScope', 'diagnosis', {}, 403],
          ['bodyNotAssigned', 'diagnosis', { findings: 'x' }, 404],
          ['bodyNotAssigned', 'assignment', { certificationBodyId: w.ids.bodyNotAssigned }, 403],
        ];
      const answers: HttpAnswer[] = [];
      for (const [caller, step, body, status] of tries) {
        const onJourney = await w.request(caller, 'POST', `/v1/journeys/${id}/${step}`, body);
        const onNothing = await w.request(caller, 'POST', `/v1/journeys/${w.missing.journey}/${step}`, body);
        answers.push(onJourney, onNothing);
        // Exactly as for an id that names nothing: a 404 out of scope, or the role's 403 for anyone.
        expect({ status: onJourney.status, body: onJourney.body }).toEqual({
          status: onNothing.status,
          body: onNothing.body,
        });
        expect(onJourney.status).toBe(status);
      }
      expectNo5xx(answers);
      expect(await refusedBy(w.principals.regulatorOutOfScope)).toEqual([]);
      expect(await refusedBy(w.principals.bodyNotAssigned)).toEqual([]);
      expect(await snapshot(id)).toEqual(before);
      // An in-scope caller's refusal is still part of the journey's history.
      const inScope = await w.request('regulatorInScope', 'POST', `/v1/journeys/${id}/diagnosis`, {});
      expect(inScope.status).toBe(403);
      expect(await refusedBy(w.principals.regulatorInScope)).toHaveLength(1);
    });

    it('says an evaluation is closed (410) once its journey has ended or the body answered it', async () => {
      const c = await openCampaign(
        stack,
        { evaluationOffsets: ['PT1S', 'PT1H'], deadlines: { evaluation: 'PT60S' } },
        'closed-link',
      );
      const linkOf = async (e: { email: string }) => {
        const [mail] = await stack.mail.waitFor(
          (m) => JSON.stringify(m.to).includes(e.email) && (m.subject ?? '').includes('第1次'),
        );
        return linkIn(mail.text).token;
      };
      const withdrawnE = candidate(30_001);
      const answeredE = candidate(30_002);
      const cancelledE = candidate(30_003);
      const cert = { outcome: 'not_certified', reason: '内审记录不完整' } as const;
      const withdrawn = await toFollowUp(stack, c, withdrawnE, cert);
      const answered = await toFollowUp(stack, c, answeredE, cert);
      const cancelled = await toFollowUp(stack, c, cancelledE, cert);
      const tokens = {
        withdrawn: await linkOf(withdrawnE),
        answered: await linkOf(answeredE),
        cancelled: await linkOf(cancelledE),
      };
      const page = await stack.request('GET', `/evaluate/${tokens.withdrawn}`, { key: null });
      expect(page.status).toBe(200);

      expect(
        (
          await stack.request('POST', `/v1/journeys/${withdrawn.id}/withdrawal`, {
            key: c.regulatorKey,
            body: { reason: '企业注销' },
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await stack.request('POST', `/v1/journeys/${answered.id}/evaluations/1`, {
            key: c.bodyKey,
            body: { satisfaction: 'satisfied', effectiveness: 'fairly_obvious', metrics: METRICS },
          })
        ).status,
      ).toBe(200);
      expect(
        (await stack.request('POST', `/v1/rounds/${c.roundId}/close`, { key: c.regulatorKey })).body.close
          .open,
      ).toBe(0);

      for (const [kind, token] of Object.entries(tokens)) {
        const id = { withdrawn, answered, cancelled }[kind as keyof typeof tokens].id;
        const before = await snapshot(id);
        const links = await stack.query(
          `SELECT count(*)::int AS n FROM evaluation_links WHERE consumed_at IS NULL`,
        );
        const zh = await stack.request('GET', `/evaluate/${token}`, { key: null });
        expect(zh.status).toBe(410);
        expect(zh.body).toContain('本次评估已关闭');
        const en = await stack.request('GET', `/evaluate/${token}?lang=en`, { key: null });
        expect(en.status).toBe(410);
        expect(en.body).toContain('This evaluation is closed');
        const submit = await stack.request('POST', `/v1/evaluations/${token}`, {
          key: null,
          body: { satisfaction: 'satisfied', effectiveness: 'very_obvious', metrics: METRICS },
        });
        expect(submit.status).toBe(410);
        expect(submit.body.message).toContain('closed');
        expect(await snapshot(id)).toEqual(before);
        expect(
          await stack.query(`SELECT count(*)::int AS n FROM evaluation_links WHERE consumed_at IS NULL`),
        ).toEqual(links);
      }
    });

    it('sends escalations to an active regulator of the division, never to a creator whose key was revoked', async () => {
      const creator = await stack.request('POST', '/v1/principals', {
        body: {
          role: 'regulator',
          name: '杭州市局（原）',
          email: 'creator-revoked@samr.example',
          regionCode: '330100',
        },
      });
      const successor = await stack.request('POST', '/v1/principals', {
        body: {
          role: 'regulator',
          name: '杭州市局（接任）',
          email: 'successor@samr.example',
          regionCode: '330100',
        },
      });
      const round = await stack.request('POST', '/v1/rounds', {
        key: creator.body.apiKey,
        body: {
          name: '2026年杭州市督办批次',
          regionCode: '330100',
          settings: {
            deadlines: { screening: 'PT3S' },
            reminders: { every: 'PT1H', max: 1 },
            escalateAfter: 'PT2S',
          },
        },
      });
      expect([round.status, successor.status]).toEqual([201, 201]);
      const e = enterprise('330106', 31_001);
      const imported = await stack.request('POST', `/v1/rounds/${round.body.id}/candidates`, {
        key: creator.body.apiKey,
        body: { enterprises: [e] },
      });
      expect(imported.body).toMatchObject({ accepted: 1 });
      expect((await stack.request('POST', `/v1/principals/${creator.body.id}/revoke`)).status).toBe(200);

      const [escalation] = await stack.mail.waitFor(
        (m) => JSON.stringify(m.to).includes('successor@samr.example') && (m.subject ?? '').includes('督办'),
        1,
        60_000,
      );
      expect(escalation.text).toContain(e.name);
      expect(stack.mail.to('creator-revoked@samr.example')).toHaveLength(0);
    });

    it('stores the route pattern of an unmatched request, never its path', async () => {
      const secret = 'upl_leaked_token_0123456789abcdef';
      const before = { audit: await auditRows(), journeys: await journeyRows() };
      const answers = [
        await stack.request('POST', `/v1/reset-password/${secret}`, { body: {} }),
        await stack.request('DELETE', `/v1/journeys/x/${secret}?token=${secret}`, { key: null }),
      ];
      expect(answers.map((a) => a.status)).toEqual([404, 404]);
      expect(await auditRows()).toBe(before.audit + 2);
      expect(await journeyRows()).toBe(before.journeys);
      const leaked = await stack.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE audit_log::text LIKE $1`,
        [`%${secret}%`],
      );
      expect(leaked[0].n).toBe(0);
      const rows = await stack.query(`SELECT route FROM audit_log ORDER BY id DESC LIMIT 2`);
      expect(rows.map((r) => r.route)).toEqual(['(unmatched)', '(unmatched)']);
    });

    it('keeps the client’s X-Request-Id as its own field, not as the audit record’s request id', async () => {
      const created = await stack.request('POST', '/v1/certification-bodies', {
        headers: { 'x-request-id': 'client-trace-7' },
        body: { code: 'CNCA-R-2021-777', name: '追踪认证机构', email: 'trace@cert.example' },
      });
      expect(created.status).toBe(201);
      const audit = await stack.request('GET', `/v1/audit?targetId=${created.body.id}`);
      expect(audit.body.items).toEqual([
        expect.objectContaining({ clientRequestId: 'client-trace-7', statusCode: 201 }),
      ]);
      expect(audit.body.items[0].requestId).not.toBe('client-trace-7');
      expect(audit.body.items[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('accepts an empty JSON body on action routes without one', async () => {
      const round = await w.request('regulatorInScope', 'POST', '/v1/rounds', {
        name: '空请求体',
        regionCode: '330100',
      });
      const close = await stack.request('POST', `/v1/rounds/${round.body.id}/close`, {
        key: w.keys.regulatorInScope,
        body: '',
        headers: { 'content-type': 'application/json' },
      });
      expect(close.status).toBe(200);
      expect(close.body.status).toBe('closed');
      const p = await stack.request('POST', '/v1/principals', {
        body: { role: 'regulator', name: '临时', email: 'empty-body@samr.example', regionCode: '330100' },
      });
      const revoke = await stack.request('POST', `/v1/principals/${p.body.id}/revoke`, {
        body: '',
        headers: { 'content-type': 'application/json' },
      });
      expect(revoke.status).toBe(200);
      // A route that needs a body still names it when it is missing.
      const before = await snapshot();
      const noBody = await stack.request('POST', '/v1/rounds', {
        key: w.keys.regulatorInScope,
        body: '',
        headers: { 'content-type': 'application/json' },
      });
      expect(noBody.status).toBe(400);
      expect(await snapshot()).toEqual(before);
    });
  });
});
