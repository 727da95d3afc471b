/// <reference lib="dom" />
import { NestFactory } from '@nestjs/core';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client as Pg } from 'pg';
import { projectRoot } from '@uplift/config';
import { upliftDataConverter } from '@uplift/temporal';
import { testPayloadKeys } from '../test/support/payload-keys';
import { journeyId } from '@uplift/domain';
import { BETTER, METRICS, openCampaign, type Campaign } from '../test/support/campaign';
import { enterprise } from '../test/support/fixtures';
import { Stack } from '../test/support/stack';
import { percentile, pool, round, rssKb, timed, until } from './stats';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/support/browser';
import { twinStep } from './workflows/twins';
import { seedDigests } from '../test/support/digest-seed';
import { seedReadSide } from './read-seed';
import { freePort } from '@uplift/devstack';
import { monotonicUs, profileFigures, sampleWorker, workerDelta } from './worker-probe';
import { measureNationalRound, nationalRoundOptions } from './phases/national-round';
import { benchCluster } from './cluster';

/**
 * `npm run bench [-- --quick]`: Uplift's figures beside their ceilings on the same Temporal server,
 * measured in one run. Every figure that has a target is a ratio, because the machine is shared.
 */
const quick = process.argv.includes('--quick');
/** `--only "read side"` (repeatable) runs the named phases alone, to iterate on one figure. */
const only = process.argv.flatMap((a, i) => (a === '--only' ? [process.argv[i + 1]] : []));
/** `--national 2000` sizes the national round (60,000 in the full run); see bench/phases/national-round.ts. */
const national = nationalRoundOptions(process.argv, quick);
const N = quick
  ? {
      launch: 1000,
      lifecycle: 20,
      storm: 200,
      latency: 100,
      rps: 400,
      reads: 60,
      readRows: 60_000,
      dashboardRows: 60_000,
      dashboardReads: 10,
      cached: 1000,
      batch: 1000,
      digestRecipients: 1000,
      digestJourneys: 60_000,
    }
  : {
      launch: 5000,
      lifecycle: 100,
      storm: 1000,
      latency: 300,
      rps: 2000,
      reads: 200,
      readRows: 60_000,
      dashboardRows: 60_000,
      dashboardReads: 30,
      cached: 5000,
      batch: 10_000,
      digestRecipients: 1000,
      digestJourneys: 60_000,
    };
const CONCURRENCY = 32;
const TWIN_QUEUE = 'bench-twins';
const STEPS = 9;

const figures: Record<string, unknown> = {};
const log = (line: string) => process.stdout.write(`${line}\n`);
let serial = 1_000_000;
const rows = (n: number) =>
  Array.from({ length: n }, () => enterprise(serial % 2 ? '330106' : '330102', serial++));

async function importAndLaunch(stack: Stack, c: Campaign, n: number, roundId = c.roundId): Promise<number> {
  const batch = rows(n);
  const start = performance.now();
  const answer = await stack.request('POST', `/v1/rounds/${roundId}/candidates`, {
    key: c.regulatorKey,
    body: { enterprises: batch },
  });
  if (answer.body.accepted !== n) throw new Error(`import accepted ${answer.body.accepted} of ${n}`);
  await stack.waitForLaunch(roundId, c.regulatorKey, 30 * 60_000);
  return performance.now() - start;
}

async function newRound(
  stack: Stack,
  c: Campaign,
  name: string,
  settings: Record<string, unknown> = {},
): Promise<string> {
  const r = await stack.request('POST', '/v1/rounds', {
    key: c.regulatorKey,
    body: { name, regionCode: '330000', settings },
  });
  return r.body.id;
}

async function measureLaunch(stack: Stack, c: Campaign, temporal: Client) {
  // The bare loop first, and its trivial workflows finished before Uplift's launch begins: neither
  // side then runs while the other's started workflows are still taking their first tasks.
  const prefix = `bench-start-${Date.now()}`;
  const bare = await timed(N.launch, CONCURRENCY, async (i) => {
    await temporal.workflow.start('startTwin', {
      workflowId: `${prefix}-${i}`,
      taskQueue: TWIN_QUEUE,
      args: [],
    });
  });
  await until(
    'the bare loop’s workflows to finish',
    async () =>
      (await temporal.workflow.count(`WorkflowType = 'startTwin' AND ExecutionStatus = 'Running'`)).count ===
      0,
    5 * 60_000,
    500,
  );
  const roundId = await newRound(stack, c, 'bench launch');
  const uplift = await importAndLaunch(stack, c, N.launch, roundId);
  // Visibility is written a moment after each start: give it time to catch up before counting.
  let started = 0;
  await until(
    'the launched journeys in visibility',
    async () => (started = (await temporal.workflow.count(`UpliftRoundId = '${roundId}'`)).count) >= N.launch,
    60_000,
    500,
  ).catch(() => undefined);
  const upliftRate = N.launch / (uplift / 1000);
  const bareRate = N.launch / (bare.wallMs / 1000);
  figures.launch = {
    journeys: N.launch,
    workflowsStarted: started,
    upliftPerSecond: round(upliftRate),
    bareStartLoopPerSecond: round(bareRate),
    ratio: round(upliftRate / bareRate),
    target: '≥ 0.8',
  };
  if (started !== N.launch) throw new Error(`launch started ${started} workflows for ${N.launch} journeys`);
}

async function driveJourney(stack: Stack, c: Campaign, id: string, email: string): Promise<void> {
  const post = async (path: string, key: string, body: unknown) => {
    const a = await stack.request('POST', `/v1/journeys/${id}/${path}`, { key, body });
    if (a.status !== 200) throw new Error(`${path}: ${a.status} ${JSON.stringify(a.body)}`);
    return a.body;
  };
  await post('screening-decision', c.regulatorKey, { decision: 'selected' });
  await post('assignment', c.regulatorKey, { certificationBodyId: c.bodyId });
  await post('diagnosis', c.bodyKey, {
    findings: [{ dimension: 'talent', category: 'c', description: 'd' }],
    baseline: METRICS,
  });
  await post('assistance-plan', c.bodyKey, { measures: [{ title: 't', owner: 'o', dueDate: '2026-12-31' }] });
  await post('assistance-completion', c.bodyKey, { summary: 's' });
  await post('certification', c.bodyKey, { outcome: 'declined' });
  for (const n of [1, 2, 3]) {
    // As the enterprise does: act on the email that says the evaluation is due. Polling the API
    // instead would load the very processes being measured, which the twin's driver does not.
    await stack.mail.waitFor(
      (m) => JSON.stringify(m.to).includes(email) && (m.subject ?? '').includes(`第${n}次`),
      1,
      60_000,
    );
    await post(`evaluations/${n}`, c.bodyKey, {
      satisfaction: 'satisfied',
      effectiveness: 'fairly_obvious',
      metrics: BETTER,
    });
  }
}

async function measureLifecycle(stack: Stack, c: Campaign, temporal: Client) {
  // Evaluations fall due a second after assistance: the figure measures Uplift, not the calendar.
  const roundId = await newRound(stack, c, 'bench lifecycle', {
    evaluationOffsets: ['PT1S', 'PT1S', 'PT1S'],
  });
  const batch = rows(N.lifecycle);
  await stack.request('POST', `/v1/rounds/${roundId}/candidates`, {
    key: c.regulatorKey,
    body: { enterprises: batch },
  });
  await stack.waitForLaunch(roundId, c.regulatorKey);
  const uplift = await timed(N.lifecycle, N.lifecycle, (i) =>
    driveJourney(stack, c, journeyId(roundId, batch[i].uscc), batch[i].email),
  );
  const twin = await timed(N.lifecycle, N.lifecycle, async (i) => {
    const handle = await temporal.workflow.start('updateTwin', {
      workflowId: `bench-life-${Date.now()}-${i}`,
      taskQueue: TWIN_QUEUE,
      args: [STEPS],
    });
    for (let s = 0; s < STEPS; s++) await handle.executeUpdate(twinStep, { args: [s] });
    await handle.result();
  });
  const upliftRate = N.lifecycle / (uplift.wallMs / 1000);
  const twinRate = N.lifecycle / (twin.wallMs / 1000);
  figures.lifecycle = {
    journeys: N.lifecycle,
    upliftCompletedPerSecond: round(upliftRate),
    twinCompletedPerSecond: round(twinRate),
    ratio: round(upliftRate / twinRate),
    target: '≥ 1.0',
  };
}

async function measureReminderStorm(stack: Stack, c: Campaign, temporal: Client, pg: Pg) {
  const stallAfterMs = 20_000;
  const roundId = await newRound(stack, c, 'bench storm', {
    deadlines: { screening: `PT${stallAfterMs / 1000}S` },
    reminders: { every: 'PT1H', max: 1 },
    escalateAfter: 'PT1H',
  });
  const before = stack.mail.messages.length;
  await importAndLaunch(stack, c, N.storm, roundId);
  const { rows: dl } = await pg.query(`SELECT max(deadline) AS last FROM journeys WHERE round_id = $1`, [
    roundId,
  ]);
  const lastDeadline = new Date(dl[0].last).getTime();
  if (lastDeadline < Date.now())
    log('  (warning: the launch took longer than the deadline; the storm began during it)');
  await until(
    'the reminder storm',
    async () => stack.mail.messages.length - before >= N.storm,
    15 * 60_000,
    50,
  );
  const storm = Date.now() - lastDeadline;

  const twinStart = Date.now();
  const handles = new Array<ReturnType<Client['workflow']['getHandle']>>(N.storm);
  await pool(N.storm, CONCURRENCY, async (i) => {
    handles[i] = await temporal.workflow.start('timerTwin', {
      workflowId: `bench-timer-${twinStart}-${i}`,
      taskQueue: TWIN_QUEUE,
      args: [stallAfterMs],
    });
  });
  const lastTimer = Date.now() + stallAfterMs;
  await pool(N.storm, CONCURRENCY, async (i) => void (await handles[i].result()));
  const twin = Math.max(1, Date.now() - lastTimer);
  figures.reminderStorm = {
    journeys: N.storm,
    upliftMsFromLastDeadlineToLastReminder: storm,
    twinMsFromLastTimerToLastActivity: twin,
    ratio: round(storm / twin),
    target: '≤ 1.25',
  };
}

@Controller()
class HelloController {
  @Get('hello')
  hello() {
    return { hello: 'world' };
  }

  @Post('hello')
  echo() {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

async function measureSteps(stack: Stack, c: Campaign, temporal: Client, pg: Pg) {
  const roundId = await newRound(stack, c, 'bench steps');
  const batch = rows(N.latency + N.rps);
  await stack.request('POST', `/v1/rounds/${roundId}/candidates`, {
    key: c.regulatorKey,
    body: { enterprises: batch },
  });
  await stack.waitForLaunch(roundId, c.regulatorKey, 10 * 60_000);
  const step = (i: number) => async () => {
    const a = await stack.request(
      'POST',
      `/v1/journeys/${journeyId(roundId, batch[i].uscc)}/screening-decision`,
      {
        key: c.regulatorKey,
        body: { decision: 'selected' },
      },
    );
    if (a.status !== 200) throw new Error(`step ${a.status}`);
  };
  // Both sides measured under the same load: the launched journeys settled first (their first
  // read-model write done), then HTTP steps and raw Updates taken in turn, one at a time.
  await until(
    'the launched journeys to settle',
    async () =>
      (
        await pg.query(`SELECT count(*)::int AS n FROM journeys WHERE round_id = $1 AND version = 0`, [
          roundId,
        ])
      ).rows[0].n === 0,
    10 * 60_000,
  );
  const twins = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      temporal.workflow.start('updateTwin', {
        workflowId: `bench-raw-${Date.now()}-${i}`,
        taskQueue: TWIN_QUEUE,
        args: [1_000_000],
      }),
    ),
  );
  const http: number[] = [];
  const raw: number[] = [];
  // The SDK's own view of the worker during the phase: cache hits, evictions, task waits, slots.
  const metricsPort = stack.env().WORKER_METRICS_PORT;
  const fromUs = monotonicUs();
  const atLatency = await sampleWorker(metricsPort);
  for (let i = 0; i < N.latency; i++) {
    let t = performance.now();
    await step(i)();
    http.push(performance.now() - t);
    t = performance.now();
    await twins[i % twins.length].executeUpdate(twinStep, { args: [i] });
    raw.push(performance.now() - t);
  }
  const afterLatency = await sampleWorker(metricsPort);
  // Context for the throughput ratio: raw Updates at the same concurrency, one per twin at a time.
  const rawRun = await timed(N.rps, CONCURRENCY, async (i) => {
    await twins[i % twins.length].executeUpdate(twinStep, { args: [i] });
  });
  for (const t of twins) await t.terminate('benchmark done');

  const beforeSteps = await sampleWorker(metricsPort);
  const steps = await timed(N.rps, CONCURRENCY, (i) => step(N.latency + i)());
  const afterSteps = await sampleWorker(metricsPort);
  const toUs = monotonicUs();
  const app = await NestFactory.create<NestFastifyApplication>(HelloModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const hello = await app.getUrl();
  const helloRun = await timed(N.rps, CONCURRENCY, async () => {
    const r = await fetch(`${hello}/hello`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.regulatorKey}` },
      body: JSON.stringify({ decision: 'selected' }),
    });
    await r.text();
  });
  await app.close();

  const p = (xs: number[]) => ({
    p50: round(percentile(xs, 50)),
    p95: round(percentile(xs, 95)),
    p99: round(percentile(xs, 99)),
  });
  const httpP = p(http);
  const rawP = p(raw);
  const stepRps = N.rps / (steps.wallMs / 1000);
  const helloRps = N.rps / (helloRun.wallMs / 1000);
  figures.stepLatency = {
    requests: N.latency,
    httpMs: httpP,
    rawUpdateMs: rawP,
    p99Bound: round(2 * rawP.p99 + 20),
    p99WithinBound: httpP.p99 <= 2 * rawP.p99 + 20,
    target: 'p99 ≤ 2 × raw p99 + 20 ms',
    worker: workerDelta(atLatency, afterLatency),
    // Where this phase lies in the worker's CPU profile (UPLIFT_WORKER_CPU_PROF), on V8's clock.
    ...(process.env.UPLIFT_WORKER_CPU_PROF ? { profileWindowUs: [fromUs, toUs] } : {}),
  };
  figures.stepThroughput = {
    requests: N.rps,
    concurrency: CONCURRENCY,
    stepRoutePerSecond: round(stepRps),
    helloWorldPerSecond: round(helloRps),
    rawUpdatePerSecond: round(N.rps / (rawRun.wallMs / 1000)),
    ratio: round(stepRps / helloRps),
    target: '≥ 0.3',
    worker: workerDelta(beforeSteps, afterSteps),
  };
}

/**
 * A bulk assignment as a batch (`POST /v1/batches`, issue 13) beside the same number of raw Updates on
 * the update twins at the same concurrency: how long until the batch is done, how long the POST took.
 * The journeys are selected first by a batch too, not measured. Quick mode uses fewer journeys.
 */
async function measureBatch(stack: Stack, c: Campaign, temporal: Client) {
  const n = N.batch;
  const roundId = await newRound(stack, c, 'bench batch');
  await importAndLaunch(stack, c, n, roundId);
  const runBatch = async (action: string, payload: unknown) => {
    const t = performance.now();
    const created = await stack.request('POST', '/v1/batches', {
      key: c.regulatorKey,
      body: { roundId, action, filter: {}, payload },
    });
    const postMs = performance.now() - t;
    if (created.status !== 202 || created.body.total !== n)
      throw new Error(`batch ${created.status} ${JSON.stringify(created.body)}`);
    let batch: { status: string; applied: number; refused: number } = {
      status: 'running',
      applied: 0,
      refused: 0,
    };
    await until(
      `the ${action} batch to finish`,
      async () =>
        (batch = (
          await stack.request('GET', `/v1/batches/${created.body.id}?outcome=refused`, {
            key: c.regulatorKey,
          })
        ).body).status === 'done',
      30 * 60_000,
      500,
    );
    return { postMs, wallMs: performance.now() - t, ...batch };
  };
  await runBatch('screening-decision', { decision: 'selected' });
  const assigned = await runBatch('assignment', { certificationBodyId: c.bodyId });
  if (assigned.applied !== n) throw new Error(`assignment batch applied ${assigned.applied} of ${n}`);

  const twins = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      temporal.workflow.start('updateTwin', {
        workflowId: `bench-batch-raw-${Date.now()}-${i}`,
        taskQueue: TWIN_QUEUE,
        args: [1_000_000],
      }),
    ),
  );
  const raw = await timed(n, CONCURRENCY, async (i) => {
    await twins[i % twins.length].executeUpdate(twinStep, { args: [i] });
  });
  for (const t of twins) await t.terminate('benchmark done');
  const batchRate = n / (assigned.wallMs / 1000);
  const rawRate = n / (raw.wallMs / 1000);
  figures.bulkAssignment = {
    journeys: n,
    ...(quick ? { note: `quick mode: ${n} journeys, not the 10,000 of the full run` } : {}),
    postAnsweredMs: round(assigned.postMs),
    batchSeconds: round(assigned.wallMs / 1000),
    batchPerSecond: round(batchRate),
    rawUpdatesSeconds: round(raw.wallMs / 1000),
    rawUpdatePerSecond: round(rawRate),
    ratio: round(batchRate / rawRate),
  };
}

/**
 * The daily digest at scale: 1,000 bureau staff with 60 stalled journeys each (60,000), every journey
 * with a reminder and an escalation waiting as digest items, seeded directly (stalling 60,000
 * workflows would measure the stalls). The notification dispatcher's Schedule is triggered, and the
 * figure is the time from the trigger to the last digest recorded sent.
 */
async function measureDigests(stack: Stack, c: Campaign, temporal: Client, pg: Pg) {
  const roundId = await newRound(stack, c, 'bench digests', { digest: { at: '00:00' } });
  const perRecipient = Math.round(N.digestJourneys / N.digestRecipients);
  const seedStart = performance.now();
  const seeded = await seedDigests(async (sql, params) => (await pg.query(sql, params)).rows, {
    roundId,
    recipients: N.digestRecipients,
    perRecipient,
    tag: 'bench',
  });
  const seedMs = performance.now() - seedStart;
  const sentNow = async () =>
    (await pg.query(`SELECT count(*)::int AS n FROM emails WHERE template = 'digest' AND status = 'sent'`))
      .rows[0].n as number;
  const before = await sentNow();
  const delivered = stack.mail.messages.length;
  const schedule = temporal.schedule.getHandle(
    `uplift-notification-dispatch-${stack.env().TEMPORAL_TASK_QUEUE}`,
  );
  const triggered = new Date();
  await schedule.trigger();
  await until(
    'every digest sent',
    async () => (await sentNow()) - before >= N.digestRecipients,
    30 * 60_000,
    250,
  );
  const last = (await pg.query(`SELECT max(sent_at) AS at FROM emails WHERE template = 'digest'`)).rows[0]
    .at as Date;
  const seconds = (last.getTime() - triggered.getTime()) / 1000;
  figures.digests = {
    recipients: N.digestRecipients,
    stalledJourneys: seeded.journeys,
    digestItems: seeded.journeys * 2,
    seededInMs: Math.round(seedMs),
    triggerToLastDigestSeconds: round(seconds),
    digestsPerSecond: round(N.digestRecipients / seconds),
    smtpDelivered: stack.mail.messages.length - delivered,
  };
}

/** Seeds the read model directly: 60,000 workflows would measure the launch again, not the reads. */
async function measureReads(stack: Stack, c: Campaign, pg: Pg) {
  const roundId = await newRound(stack, c, 'bench reads');
  const bodies = [c.bodyId];
  for (const i of [1, 2]) {
    const made = await stack.request('POST', '/v1/certification-bodies', {
      body: {
        code: `CNCA-R-2002-97${i}`,
        name: `基准测试报告认证机构${i}`,
        email: `bench-read-${i}@cert.example`,
      },
    });
    if (made.status !== 201) throw new Error(`read-side body: ${made.status}`);
    bodies.push((made.body as { id: string }).id);
  }
  const template =
    (await pg.query(`SELECT state FROM journeys WHERE state IS NOT NULL AND stage = 'follow_up' LIMIT 1`))
      .rows[0]?.state ?? null;
  const seedStart = performance.now();
  for (let offset = 0; offset < N.readRows; offset += 5000)
    await seedReadSide(pg, { roundId, offset, count: 5000, bodies, template });
  await pg.query('ANALYZE journeys');
  const seedMs = performance.now() - seedStart;
  // The national report is an admin's; every other read the round's regulator's.
  const get = (path: string) => async () => {
    const a = await stack.request('GET', path, {
      key: path.startsWith('/v1/reports?') ? undefined : c.regulatorKey,
    });
    if (a.status !== 200) throw new Error(`${path}: ${a.status}`);
  };
  const page2 = (
    await stack.request('GET', `/v1/journeys?roundId=${roundId}&limit=50`, { key: c.regulatorKey })
  ).body.nextCursor;
  const cases: Record<string, string> = {
    list: `/v1/journeys?roundId=${roundId}&limit=50`,
    listByStage: `/v1/journeys?roundId=${roundId}&stage=follow_up&limit=50`,
    listStalled: `/v1/journeys?roundId=${roundId}&stalled=true&limit=50`,
    listByBody: `/v1/journeys?roundId=${roundId}&certificationBodyId=${c.bodyId}&limit=50`,
    listPage2: `/v1/journeys?roundId=${roundId}&limit=50&cursor=${page2}`,
    report: `/v1/rounds/${roundId}/report`,
    reportCsv: `/v1/rounds/${roundId}/report?format=csv`,
    // Every round opened this year, the nation's (the admin's key), as a bureau's year report.
    nationalYearReport: `/v1/reports?year=${new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()}`,
  };
  const out: Record<string, unknown> = {
    journeysInReadModel: N.readRows,
    seededInMs: Math.round(seedMs),
    target: 'p95 < 100 ms',
  };
  for (const [name, path] of Object.entries(cases)) {
    await get(path)();
    const { ms } = await timed(N.reads, 1, get(path));
    out[name] = {
      p50: round(percentile(ms, 50)),
      p95: round(percentile(ms, 95)),
      met: percentile(ms, 95) < 100,
    };
  }
  figures.readSide = out;
}

/**
 * How long until a round's dashboard is usable: 60,000 journeys seeded straight into the read model
 * (as the read side does), spread over Zhejiang's counties, industries, stages, two bodies and the
 * unassigned, some stalled with someone to act; then `GET /v1/rounds/{id}/dashboard` cold (first
 * request after ANALYZE, so no plan or page is warm from this round) and warm, at each drill level.
 */
async function measureDashboard(stack: Stack, c: Campaign, pg: Pg) {
  const roundId = await newRound(stack, c, 'bench dashboard');
  const other = await stack.request('POST', '/v1/certification-bodies', {
    body: { code: 'CNCA-R-2002-998', name: '基准测试第二认证机构', email: 'bench-2@cert.example' },
  });
  if (other.status !== 201) throw new Error(`second body: ${other.status}`);
  const counties = [
    '330102',
    '330106',
    '330108',
    '330110',
    '330203',
    '330212',
    '330302',
    '330304',
    '330402',
    '330602',
  ];
  const stages = [
    'screening',
    'diagnosis',
    'assistance',
    'certification',
    'follow_up',
    'completed',
    'rejected',
  ];
  const seedStart = performance.now();
  for (let offset = 0; offset < N.dashboardRows; offset += 5000) {
    await pg.query(
      `INSERT INTO journeys (id, round_id, uscc, enterprise, region_code, industry_code, industry_section, stage, stalled,
                             due_actors, certification_body_id, version, launched_at, assistance_completed,
                             certification_outcome, evaluations_answered, satisfaction, effectiveness)
       SELECT 'journey-' || $1::text || '-DASH' || g, $1::uuid, '91330106DASH' || lpad(g::text, 6, '0'), '{"name":"seed"}'::jsonb,
              ($3::text[])[1 + g % 10], (ARRAY['C','F','I','M','E'])[1 + g % 5] || '3511', (ARRAY['C','F','I','M','E'])[1 + g % 5],
              st, g % 9 = 0 AND st IN ('screening', 'diagnosis', 'assistance', 'follow_up'),
              CASE st WHEN 'screening' THEN '{regulator}' WHEN 'follow_up' THEN '{enterprise,certification_body}'
                      WHEN 'completed' THEN '{}' WHEN 'rejected' THEN '{}' ELSE '{certification_body}' END::text[],
              CASE WHEN st IN ('screening', 'rejected') THEN NULL WHEN g % 2 = 0 THEN $5::uuid ELSE $6::uuid END,
              2, now(), st IN ('certification', 'follow_up', 'completed'),
              CASE WHEN st IN ('follow_up', 'completed') THEN (ARRAY['certified','not_certified','certified'])[1 + g % 3] END,
              CASE WHEN st IN ('follow_up', 'completed') THEN 1 + g % 2 ELSE 0 END,
              CASE WHEN st IN ('follow_up', 'completed') THEN (ARRAY['satisfied','fairly_satisfied','neutral'])[1 + g % 3] END,
              CASE WHEN st IN ('follow_up', 'completed') THEN (ARRAY['very_obvious','fairly_obvious','not_obvious'])[1 + g % 3] END
         FROM generate_series($2::int + 1, $2::int + 5000) AS g,
              LATERAL (SELECT ($4::text[])[1 + (g * 7 + g / 13) % 7] AS st) AS s`,
      [roundId, offset, counties, stages, c.bodyId, (other.body as { id: string }).id],
    );
  }
  await pg.query('ANALYZE journeys');
  const seedMs = performance.now() - seedStart;
  const levels: Record<string, string> = {
    province: `/v1/rounds/${roundId}/dashboard`,
    city: `/v1/rounds/${roundId}/dashboard?regionCode=330100`,
    county: `/v1/rounds/${roundId}/dashboard?regionCode=330106`,
  };
  const once = async (path: string) => {
    const t = performance.now();
    const a = await stack.request('GET', path, { key: c.regulatorKey });
    if (a.status !== 200) throw new Error(`${path}: ${a.status}`);
    return performance.now() - t;
  };
  const out: Record<string, unknown> = {
    journeys: N.dashboardRows,
    seededInMs: Math.round(seedMs),
    target: 'usable (dashboard answered) < 2 s, cold',
  };
  for (const [name, path] of Object.entries(levels)) {
    const cold = await once(path);
    const { ms } = await timed(N.dashboardReads, 1, () => once(path).then(() => undefined));
    out[name] = {
      coldMs: round(cold),
      warmP50: round(percentile(ms, 50)),
      warmP95: round(percentile(ms, 95)),
      met: cold < 2000 && percentile(ms, 95) < 2000,
    };
  }
  figures.dashboard = out;
}

async function measureMemory(stack: Stack, c: Campaign) {
  const pid = stack.workerPid!;
  const roundId = await newRound(stack, c, 'bench memory');
  // Let the worker settle, then open journeys that stay cached (each has run its first task).
  await new Promise((r) => setTimeout(r, 2000));
  const before = rssKb(pid);
  await importAndLaunch(stack, c, N.cached, roundId);
  await until(
    'journeys to report',
    async () => {
      const r = (await stack.request('GET', `/v1/rounds/${roundId}`, { key: c.regulatorKey })).body;
      return r.counts.screening === N.cached;
    },
    10 * 60_000,
  );
  const after = rssKb(pid);
  const perJourneyKb = (after - before) / N.cached;
  figures.memory = {
    cachedJourneys: N.cached,
    maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? N.cached),
    workerRssBeforeMb: round(before / 1024),
    workerRssAfterMb: round(after / 1024),
    perThousandCachedJourneysMb: round((perJourneyKb * 1000) / 1024),
    perCachedJourneyKb: round(perJourneyKb),
    target: '≤ 500 KB per cached journey',
  };
}

/**
 * The console's inbox in Chromium, for a body with 2,000 journeys waiting for it (seeded into the
 * read model, as the read side does): the JavaScript it loads before it is usable, gzip-compressed,
 * and the time from navigation until the first rows and the counts are on screen, from a cold cache.
 */
async function measureConsole(stack: Stack, c: Campaign, pg: Pg) {
  const journeys = 2000;
  const runs = quick ? 3 : 7;
  const password = 'bench-console-password-2026';
  const principals = (await stack.request('GET', '/v1/principals')).body.items as {
    id: string;
    email: string;
  }[];
  const person = principals.find((p) => p.email === c.bodyEmail)!;
  await stack.request('POST', `/v1/principals/${person.id}/invitation`);
  const [email] = await stack.mail.waitFor(
    (m) => JSON.stringify(m.to).includes(c.bodyEmail) && /\/console\/invitation\//.test(m.text ?? ''),
  );
  const token = /\/console\/invitation\/([\w-]+)/.exec(email.text ?? '')![1];
  const set = await stack.request('POST', `/v1/invitations/${token}`, { key: null, body: { password } });
  if (set.status !== 200) throw new Error(`setting the password answered ${set.status}`);

  const roundId = await newRound(stack, c, 'bench console');
  await pg.query(
    `INSERT INTO journeys (id, round_id, uscc, enterprise, region_code, industry_code, industry_section, stage, stalled,
                           certification_body_id, version, launched_at, deadline, due_step, due_actors, reminders_sent)
     SELECT 'journey-' || $1::text || '-91330106INBX' || lpad(g::text, 6, '0'), $1::uuid, '91330106INBX' || lpad(g::text, 6, '0'),
            jsonb_build_object('name', '杭州示例制造有限公司' || g, 'uscc', '91330106INBX' || lpad(g::text, 6, '0'),
                               'regionCode', '330106', 'industryCode', 'C3511', 'email', 'e' || g || '@example.com'),
            '330106', 'C3511', 'C', 'diagnosis', false, $2::uuid, 5, now(),
            now() + (g - 300) * interval '1 hour', 'diagnosis', '{certification_body}', g % 3
       FROM generate_series(1, $3::int) AS g`,
    [roundId, c.bodyId, journeys],
  );
  await pg.query('ANALYZE journeys');

  const browser = await launchChromium();
  try {
    const loads: number[] = [];
    let javascript = { files: 0, bytes: 0, gzipBytes: 0 };
    for (let i = 0; i < runs; i++) {
      // A new context each time: no cache, no cookie; sign in through the API, as the login page does.
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      const signIn = await context.request.post(`${stack.baseUrl}/v1/sessions`, {
        data: { email: c.bodyEmail, password },
        headers: { origin: stack.baseUrl },
      });
      if (signIn.status() !== 200) throw new Error(`sign-in answered ${signIn.status()}`);
      const page = await context.newPage();
      const scripts: Promise<Buffer>[] = [];
      page.on('response', (r) => {
        if (r.request().resourceType() === 'script') scripts.push(r.body());
      });
      await page.goto(`${stack.baseUrl}/console/inbox`, { waitUntil: 'commit' });
      const usableAt = await (
        await page.waitForFunction(
          () =>
            document.querySelector('[data-testid="inbox-row"]') &&
            document.querySelector('[data-testid="inbox-counts"][data-loaded="yes"]')
              ? performance.now()
              : false,
          undefined,
          { polling: 'raf', timeout: 30_000 },
        )
      ).jsonValue();
      loads.push(Number(usableAt));
      const bodies = await Promise.all(scripts);
      javascript = {
        files: bodies.length,
        bytes: bodies.reduce((n, b) => n + b.length, 0),
        gzipBytes: bodies.reduce((n, b) => n + gzipSync(b).length, 0),
      };
      await context.close();
    }
    figures.console = {
      journeysWaiting: journeys,
      runs,
      inboxJavaScript: {
        files: javascript.files,
        kb: round(javascript.bytes / 1024),
        gzipKb: round(javascript.gzipBytes / 1024),
        target: '≤ 300 KB gzipped',
        met: javascript.gzipBytes / 1024 <= 300,
      },
      inboxUsableMs: {
        p50: round(percentile(loads, 50)),
        p95: round(percentile(loads, 95)),
        target: 'first rows and counts < 1000 ms',
        met: percentile(loads, 50) < 1000,
      },
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  // `--cluster`: the launch, lifecycle and step phases on the production shape, 1 then 2 workers.
  if (process.argv.includes('--cluster')) return benchCluster(quick, only, log).then(() => process.exit(0));
  const started = Date.now();
  log(
    `Uplift benchmark (${quick ? 'quick' : 'full'}) on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  // The cache holds every journey the memory figure opens, so it measures cached journeys, not evictions.
  const stack = await Stack.start({
    env: {
      // `WORKER_MAX_CACHED_WORKFLOWS=2000 npm run bench -- --only "national round"`: the production default.
      WORKER_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED_WORKFLOWS ?? String(N.cached + 1000),
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: '1000000',
      // The digest phase triggers the dispatcher itself and times it; its hourly run stays out of the way.
      NOTIFICATION_DISPATCH_SECONDS: '3600',
      // Scraped by the step phase for the SDK's cache and task figures.
      WORKER_METRICS_PORT: String(await freePort()),
    },
  });
  const temporal = await stack.temporalClient();
  const pg = new Pg({ connectionString: stack.databaseUrl });
  await pg.connect();
  const twinWorker = await Worker.create({
    connection: await (
      await import('@temporalio/worker')
    ).NativeConnection.connect({ address: stack.temporalAddress }),
    taskQueue: TWIN_QUEUE,
    // The twins pay for payload encryption as the journeys do, so the ceilings stay comparable.
    dataConverter: upliftDataConverter(testPayloadKeys()),
    workflowsPath: require.resolve('./workflows/twins'),
    activities: { noop: async () => undefined },
    maxCachedWorkflows: 2000,
    reuseV8Context: true,
  });
  const twinRunning = twinWorker.run();
  try {
    const c = await openCampaign(stack, {}, 'bench');
    const phases: [string, () => Promise<void>][] = [
      ['memory', () => measureMemory(stack, c)],
      ['launch', () => measureLaunch(stack, c, temporal)],
      ['lifecycle', () => measureLifecycle(stack, c, temporal)],
      ['reminder storm', () => measureReminderStorm(stack, c, temporal, pg)],
      ['step latency and throughput', () => measureSteps(stack, c, temporal, pg)],
      ['read side', () => measureReads(stack, c, pg)],
      ['dashboard', () => measureDashboard(stack, c, pg)],
      ['bulk assignment', () => measureBatch(stack, c, temporal)],
      ['console', () => measureConsole(stack, c, pg)],
      ['digests', () => measureDigests(stack, c, temporal, pg)],
      [
        'national round',
        () => measureNationalRound({ stack, temporal, pg, quick, figures, log, options: national }),
      ],
    ];
    for (const [name, run] of phases) {
      if (only.length > 0 && !only.includes(name)) continue;
      const t = Date.now();
      log(`- ${name}...`);
      try {
        await run();
      } catch (err) {
        figures[name] = { error: String(err) };
        log(`  failed: ${String(err)}`);
      }
      log(`  done in ${Math.round((Date.now() - t) / 1000)} s`);
    }
  } finally {
    twinWorker.shutdown();
    await twinRunning.catch(() => undefined);
    await pg.end();
    await temporal.connection.close();
    await stack.stop();
  }
  // Written by the worker as it exits (`UPLIFT_WORKER_CPU_PROF=<dir>`, see test/support/stack.ts).
  const profileDir = process.env.UPLIFT_WORKER_CPU_PROF;
  if (profileDir) figures.workerProfile = profileFigures(profileDir, figures.stepLatency);
  const result = {
    at: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    ...(only.length > 0 ? { only } : {}),
    machine: {
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      cpu: cpus()[0]?.model,
    },
    durationSeconds: Math.round((Date.now() - started) / 1000),
    figures,
  };
  const dir = join(projectRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(result, null, 2);
  writeFileSync(join(dir, `${result.at.replace(/[:.]/g, '-')}-${result.mode}.json`), json);
  // A partial run (--only) is kept beside the others but never stands as the latest figures.
  if (only.length === 0) writeFileSync(join(dir, `latest-${result.mode}.json`), json);
  log(json);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
