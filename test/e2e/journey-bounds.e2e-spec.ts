import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { fetchJourneyHistory } from '@uplift/temporal';
import { BETTER, candidate, METRICS, openCampaign, toFollowUp, type Campaign } from '../support/campaign';
import { recordHistory } from '../support/histories';
import { Stack } from '../support/stack';

/** Temporal warns at 10,240 events per run; a run is terminated at 50 MB. Uplift promises a fifth. */
const EVENTS_BOUND = 10_240;
const BYTES_BOUND = 10 * 1024 * 1024;
/** The API's JSON body limit (apps/api/src/main.ts): it, not the schema, bounds a diagnosis. */
const JSON_BODY_LIMIT = 1024 * 1024;

/** `n` characters of Chinese text (3 bytes each in UTF-8, the densest the schemas' character counts allow). */
const cjk = (n: number, seed = 0) =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7 + seed * 131) % 20000))).join('');

/** The largest diagnosis the schema and the body limit accept together: 100 findings, each as long as fits. */
function largestDiagnosis() {
  const build = (length: number) => ({
    findings: Array.from({ length: 100 }, (_, i) => ({
      dimension: (['quality_management', 'technology_process', 'product_quality', 'talent'] as const)[i % 4],
      category: cjk(100, i),
      description: cjk(length, i + 1),
    })),
    baseline: METRICS,
  });
  let length = 4000;
  while (Buffer.byteLength(JSON.stringify(build(length))) > JSON_BODY_LIMIT - 1024) length -= 8;
  return { body: build(length), length };
}

/**
 * Issue 10, classes 5 and 6: a journey cannot outgrow Temporal, and a mail server's permanent refusal
 * neither retries forever nor silences the journey.
 */
describe('journey bounds', () => {
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

  /** Each run of the journey, oldest first, as Temporal measures it (and as its encoded events weigh). */
  const runs = async (id: string) => {
    const events = await fetchJourneyHistory(temporal.workflowService, 'default', id);
    const byRun: (typeof events)[] = [];
    for (const e of events) {
      if (e.workflowExecutionStartedEventAttributes) byRun.push([]);
      byRun.at(-1)!.push(e);
    }
    return Promise.all(
      byRun.map(async (run) => {
        const runId = run[0].workflowExecutionStartedEventAttributes!.originalExecutionRunId!;
        const info = (await temporal.workflow.getHandle(id, runId).describe()).raw.workflowExecutionInfo!;
        return {
          runId,
          events: Number(info.historyLength),
          bytes: Number(info.historySizeBytes),
          encoded: proto.api.history.v1.History.encode({ events: run }).finish().length,
        };
      }),
    );
  };

  it('keeps the worst journey the schemas and settings allow far below the history limits', async () => {
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
        // Twelve evaluations, the most a round may ask for, all due at once.
        evaluationOffsets: Array.from({ length: 12 }, () => 'PT1S'),
        // The most reminders a stall may send, each its own alarm (a shorter interval coalesces them).
        reminders: { every: 'PT1S', max: 20 },
        escalateAfter: 'PT20S',
      },
      'bounds',
    );
    const e = candidate(41, { name: `巨${cjk(190)}有限公司`, contactName: cjk(100, 5) });
    const id = `journey-${c.roundId}-${e.uscc}`;
    const escalated = (n: number) =>
      stack.mail.waitFor(
        (m) => JSON.stringify(m.to).includes(c.regulatorEmail) && (m.subject ?? '').includes('督办'),
        n,
        90_000,
      );
    let stalls = 0;
    /** Waits until the current step has been reminded twenty times and escalated, then takes it. */
    const lateStep = async (path: string, key: string, body: unknown) => {
      await escalated(++stalls);
      const answer = await stack.request('POST', `/v1/journeys/${id}/${path}`, { key, body });
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };

    await stack.request('POST', `/v1/rounds/${c.roundId}/candidates`, {
      key: c.regulatorKey,
      body: { enterprises: [e] },
    });
    await lateStep('screening-decision', c.regulatorKey, { decision: 'selected', reason: cjk(2000, 1) });
    await lateStep('assignment', c.regulatorKey, { certificationBodyId: c.bodyId });
    const diagnosis = largestDiagnosis();
    const diagnosed = await lateStep('diagnosis', c.bodyKey, diagnosis.body);
    // The answer is the journey read back from PostgreSQL, texts and all.
    expect(diagnosed.diagnosis.findings).toEqual(diagnosis.body.findings);
    await lateStep('assistance-plan', c.bodyKey, {
      measures: Array.from({ length: 100 }, (_, i) => ({
        title: cjk(500, i),
        owner: cjk(100, i + 3),
        dueDate: '2027-06-30',
      })),
    });
    await lateStep('assistance-completion', c.bodyKey, { summary: cjk(8000, 9) });
    await lateStep('certification', c.bodyKey, { outcome: 'not_certified', reason: cjk(2000, 11) });
    const evaluation = { satisfaction: 'satisfied', effectiveness: 'fairly_obvious', metrics: BETTER };
    await lateStep('evaluations/1', c.bodyKey, evaluation);

    // Every stall reminded whoever had to act twenty times: the regulator twice, the body five times,
    // the enterprise once (its evaluation).
    const ours = [c.regulatorEmail, c.bodyEmail, e.email];
    const reminders = await stack.mail.waitFor(
      (m) => (m.subject ?? '').includes('提醒') && ours.some((a) => JSON.stringify(m.to).includes(a)),
      20 * 6 + 20 * 2,
      30_000,
    );

    const measured = await runs(id);
    const total = measured.reduce(
      (sum, r) => ({ events: sum.events + r.events, bytes: sum.bytes + r.bytes }),
      {
        events: 0,
        bytes: 0,
      },
    );
    process.stdout.write(
      `worst-case journey (diagnosis of 100 findings × ${diagnosis.length} CJK characters, ` +
        `${Buffer.byteLength(JSON.stringify(diagnosis.body))} bytes; 7 stalls × 20 reminders + escalation): ` +
        `${measured.length} runs, ${total.events} events, ${(total.bytes / 1024 / 1024).toFixed(2)} MiB in all; ` +
        `per run: ${measured.map((r) => `${r.events} events / ${(r.bytes / 1024).toFixed(0)} KiB`).join(', ')}\n`,
    );
    for (const run of measured) {
      expect(run.events).toBeLessThan(EVENTS_BOUND);
      expect(run.bytes).toBeLessThan(BYTES_BOUND);
      expect(run.encoded).toBeLessThan(BYTES_BOUND);
    }
    // The journey outgrew one run and continued as new: without that a reassigned diagnosis could stall forever.
    expect(measured.length).toBeGreaterThan(1);

    // A step is still accepted, and the journey reads back whole.
    const answered = await stack.request('POST', `/v1/journeys/${id}/evaluations/2`, {
      key: c.bodyKey,
      body: evaluation,
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      stage: 'follow_up',
      screening: { reason: cjk(2000, 1) },
      completion: { summary: cjk(8000, 9) },
      certification: { outcome: 'not_certified', reason: cjk(2000, 11) },
    });
    expect(answered.body.plan.measures).toHaveLength(100);
    expect(answered.body.diagnosis.findings).toEqual(diagnosis.body.findings);
    expect(answered.body.evaluations.filter((x: any) => x.answeredAt)).toHaveLength(2);

    // Withdrawn to end it: once ended, every email it asked for has been sent.
    const withdrawn = await stack.request('POST', `/v1/journeys/${id}/withdrawal`, {
      key: c.regulatorKey,
      body: { reason: cjk(2000, 13) },
    });
    expect(withdrawn.body).toMatchObject({ stage: 'withdrawn', withdrawal: { reason: cjk(2000, 13) } });
    await temporal.workflow.getHandle(id).result();

    // Its history reads whole, across every run, the diagnosis included, each email once.
    const history = await stack.request('GET', `/v1/journeys/${id}/history`);
    expect(history.status).toBe(200);
    const steps = history.body.events.filter((x: any) => x.type === 'step');
    expect(steps.map((x: any) => x.details.step)).toEqual([
      'screening-decision',
      'assignment',
      'diagnosis',
      'assistance-plan',
      'assistance-completion',
      'certification',
      'evaluation',
      'evaluation',
      'withdrawal',
    ]);
    expect(steps[2].details.payload).toEqual(diagnosis.body);
    expect(history.body.events.filter((x: any) => x.type === 'journey_started')).toHaveLength(1);
    const sent = await stack.query<{ template: string; n: number }>(
      `SELECT template, count(*)::int AS n FROM emails WHERE journey_id = $1 AND status = 'sent' GROUP BY template`,
      [id],
    );
    const sentOf = (template: string) => sent.find((r) => r.template === template)?.n ?? 0;
    expect(sentOf('escalation')).toBeGreaterThanOrEqual(7);
    expect(sentOf('reminder')).toBeGreaterThanOrEqual(reminders.length);
    const ofType = (type: string) => history.body.events.filter((x: any) => x.type === type).length;
    expect({ escalations: ofType('escalation_sent'), reminders: ofType('reminder_sent') }).toEqual({
      escalations: sentOf('escalation'),
      reminders: sentOf('reminder'),
    });
    await recordHistory(temporal, id, 'worst-case-bounded-history-continued');
  }, 600_000);

  it('records a permanently refused email as failed, never retries it, and the journey still stalls, reminds and escalates', async () => {
    const c: Campaign = await openCampaign(
      stack,
      {
        evaluationOffsets: ['PT1S'],
        deadlines: { evaluation: 'PT1S' },
        reminders: { every: 'PT1S', max: 3 },
        escalateAfter: 'PT4S',
      },
      'refused',
    );
    const refused = candidate(42, { email: 'nobody-here@refusing.example' });
    const control = candidate(43);
    stack.mail.refuse(refused.email, 501);
    const journeys = [];
    for (const e of [refused, control])
      journeys.push((await toFollowUp(stack, c, e, { outcome: 'declined' })).id);
    const [refusedId, controlId] = journeys;

    // Each journey: its evaluation falls due, stalls, three reminders to enterprise and body, one escalation.
    const escalations = (e: { name: string }) =>
      stack.mail.waitFor(
        (m) => JSON.stringify(m.to).includes(c.regulatorEmail) && (m.subject ?? '').includes(e.name),
        1,
        60_000,
      );
    await Promise.all([escalations(refused), escalations(control)]);
    const remindersTo = (address: string, e: { name: string }) =>
      stack.mail
        .to(address)
        .filter((m) => (m.subject ?? '').includes('提醒') && (m.subject ?? '').includes(e.name));
    await stack.mail.waitFor((m) => remindersTo(c.bodyEmail, refused).includes(m), 3, 30_000);
    await stack.mail.waitFor((m) => remindersTo(c.bodyEmail, control).includes(m), 3, 30_000);
    await stack.mail.waitFor((m) => remindersTo(control.email, control).includes(m), 3, 30_000);

    for (const id of [refusedId, controlId]) {
      const journey = (await stack.request('GET', `/v1/journeys/${id}`, { key: c.regulatorKey })).body;
      expect(journey).toMatchObject({
        stage: 'follow_up',
        stalled: true,
        reminders: { sent: 3, escalated: true },
      });
    }

    // The enterprise's four emails (the request and three reminders) were each refused once and
    // recorded failed; past the first retry's interval (5 s), none was tried again.
    await new Promise((r) => setTimeout(r, 7000));
    const log = await stack.query<{ template: string; status: string; failure: string | null }>(
      `SELECT template, status, failure FROM emails WHERE journey_id = $1 AND recipient = $2 ORDER BY created_at`,
      [refusedId, refused.email],
    );
    expect(log.map((r) => [r.template, r.status])).toEqual([
      ['evaluation_request', 'failed'],
      ['reminder', 'failed'],
      ['reminder', 'failed'],
      ['reminder', 'failed'],
    ]);
    expect(log.every((r) => r.failure?.includes('501'))).toBe(true);
    expect(stack.mail.refusals.filter((r) => r.to === refused.email)).toHaveLength(4);
    expect(stack.mail.to(refused.email)).toHaveLength(0);
    const sentToOthers = await stack.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM emails WHERE journey_id = $1 AND status = 'sent'`,
      [refusedId],
    );
    // The assignment, three reminders to the body, the escalation.
    expect(sentToOthers[0].n).toBe(5);

    const history = await stack.request('GET', `/v1/journeys/${refusedId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.events.filter((x: any) => x.type === 'email_failed')).toHaveLength(4);
  });
});
