import type { Client } from '@temporalio/client';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client as Pg } from 'pg';
import { projectRoot } from '@uplift/config';
import { CANDIDATE_TEMPLATE_HEADERS, divisionName, journeyId, type CandidateField } from '@uplift/domain';
import { GBT2260_DIVISIONS } from '@uplift/domain/data/gbt2260-divisions';
import { IMPORT_LIMIT } from '../../apps/api/src/common/import-body';
import { MAX_IMPORT_ROWS } from '../../apps/api/src/rounds/rounds.dto';
import { validUscc } from '../../test/support/fixtures';
import type { Stack } from '../../test/support/stack';
import { percentile, pool, round, rssKb, until } from '../stats';

/**
 * A national round for real (issue 16, part 5): `count` enterprises from every province imported as
 * one CSV through the public API, launched as real journeys, held open with the worker's cache cap,
 * read while other work loads the same processes, and stalled all together by one screening deadline.
 *
 * The deadline counts from each journey's own start, so a launch of minutes spreads the deadlines over
 * the same minutes. To let them fall due at once, as after a deploy or an outage, the worker is
 * stopped once every journey sits at screening and started again after the last deadline has passed:
 * every journey's timer has then fired on the server and all of them wait on the worker together.
 */
export interface NationalRoundOptions {
  count: number;
  /** Seconds from a journey's start to its screening deadline: longer than the launch must take. */
  deadlineSeconds: number;
  /** Epoch ms after which the phase stops waiting and keeps what it measured (`--national-until`). */
  until: number | null;
}

const flag = (argv: string[], name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

/**
 * `--national 60000` (default: 60,000 in the full run, 2,000 quick), `--national-deadline <seconds>`
 * (default: room for a launch at 40 journeys/s plus two minutes) and `--national-until 16:15` (UTC, today).
 */
export function nationalRoundOptions(argv: string[], quick: boolean): NationalRoundOptions {
  const count = Number(flag(argv, '--national') ?? (quick ? 2000 : 60_000));
  if (!Number.isInteger(count) || count < 1) throw new Error(`--national takes a count, not ${count}`);
  const deadlineSeconds = Number(flag(argv, '--national-deadline') ?? Math.ceil(count / 40) + 120);
  const at = flag(argv, '--national-until');
  let untilMs: number | null = null;
  if (at) {
    const [h, m] = at.split(':').map(Number);
    const d = new Date();
    d.setUTCHours(h, m, 0, 0);
    untilMs = d.getTime();
  }
  return { count, deadlineSeconds, until: untilMs };
}

export interface NationalRoundContext {
  stack: Stack;
  temporal: Client;
  pg: Pg;
  quick: boolean;
  /** Where the phase's figures go; also written to a partial file as each one comes. */
  figures: Record<string, unknown>;
  log: (line: string) => void;
  options: NationalRoundOptions;
}

/** Industry classes (GB/T 4754-2017) of the campaign's typical small and micro enterprises. */
const INDUSTRIES: [string, string][] = [
  ['C1713', '纺织'],
  ['C1810', '服饰'],
  ['C2110', '家具'],
  ['C2231', '包装材料'],
  ['C2927', '塑料制品'],
  ['C3311', '金属结构'],
  ['C3484', '机械零部件'],
  ['C3511', '矿山机械'],
  ['C3831', '电线电缆'],
  ['C3976', '电子元件'],
  ['C1391', '食品'],
  ['E4813', '建筑工程'],
  ['F5174', '五金交电'],
  ['G5430', '道路运输'],
  ['I6513', '软件开发'],
  ['M7484', '工程设计'],
];
const TRADE_NAMES = [
  '恒达',
  '华信',
  '宏远',
  '鑫源',
  '永盛',
  '瑞丰',
  '金诚',
  '博创',
  '天成',
  '汇通',
  '立德',
  '新程',
];

/** Every county-level division GB/T 2260 lists, across all 31 provinces. */
function counties(): string[] {
  return GBT2260_DIVISIONS.trim()
    .split(/\s+/)
    .filter((c) => !c.endsWith('00'));
}

/** A national candidate file as a bureau exports it: Chinese headers, one enterprise per county in turn. */
export function nationalCsv(count: number, firstSerial: number): { csv: string[]; usccs: string[] } {
  const places = counties();
  const fields = Object.keys(CANDIDATE_TEMPLATE_HEADERS) as CandidateField[];
  const header = ['序号', ...fields.map((f) => CANDIDATE_TEMPLATE_HEADERS[f])].join(',');
  const lines: string[] = [];
  const usccs: string[] = [];
  for (let i = 0; i < count; i++) {
    const serial = firstSerial + i;
    // A stride coprime with the county count visits every county before any repeats.
    const division = places[(i * 7919) % places.length];
    const [industryCode, trade] = INDUSTRIES[i % INDUSTRIES.length];
    const uscc = validUscc(division, serial);
    usccs.push(uscc);
    const row: Record<CandidateField, string | number> = {
      uscc,
      name: `${divisionName(division) ?? ''}${TRADE_NAMES[i % TRADE_NAMES.length]}${trade}有限公司`,
      regionCode: division,
      industryCode,
      email: `qy${serial}@enterprise.example`,
      contactName: `联系人${serial}`,
      employees: 5 + ((i * 37) % 295),
      annualRevenue: 80 + ((i * 613) % 19_000),
    };
    lines.push([i + 1, ...fields.map((f) => row[f])].join(','));
  }
  // Chunks within the route's limits: rows and bytes (one chunk for 60,000 rows, about 10 MB).
  const chunks: string[] = [];
  let chunk: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (chunk.length >= MAX_IMPORT_ROWS || bytes + size > IMPORT_LIMIT - 64 * 1024) {
      chunks.push([header, ...chunk].join('\n'));
      chunk = [];
      bytes = 0;
    }
    chunk.push(line);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push([header, ...chunk].join('\n'));
  return { csv: chunks, usccs };
}

/** The Temporal dev server of the stack (a grandchild): its pid and state file, found by its port. */
function devServer(address: string): { pid: number; stateFile: string } | null {
  const port = address.split(':').pop();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = args.indexOf('--port');
    if (args.includes('start-dev') && at >= 0 && args[at + 1] === port) {
      return { pid: Number(entry), stateFile: args[args.indexOf('--db-filename') + 1] };
    }
  }
  return null;
}

const fileMb = (path: string) => {
  try {
    return statSync(path).size / 2 ** 20;
  } catch {
    return 0;
  }
};

class OutOfTime extends Error {}

export async function measureNationalRound(ctx: NationalRoundContext): Promise<void> {
  const { stack, temporal, pg, log, options } = ctx;
  const n = options.count;
  const out: Record<string, unknown> = {
    journeys: n,
    target: 'report and list p95 < 100 ms at this many journeys, under load',
  };
  ctx.figures.nationalRound = out;
  const startedAt = new Date().toISOString();
  const partialFile = join(
    projectRoot(),
    'bench',
    'results',
    `${startedAt.replace(/[:.]/g, '-')}-${ctx.quick ? 'quick' : 'full'}-national-round.partial.json`,
  );
  /** Every figure is written as it comes, so a run cut short still reports what it reached. */
  /** Progress samples are kept in order (`progress`, `stormProgress`): how memory grew matters as much as where it ended. */
  const record = (key: string, value: unknown) => {
    out[key] = /[pP]rogress$/.test(key) ? [...((out[key] as unknown[] | undefined) ?? []), value] : value;
    mkdirSync(join(projectRoot(), 'bench', 'results'), { recursive: true });
    writeFileSync(
      partialFile,
      JSON.stringify({ at: startedAt, updatedAt: new Date().toISOString(), nationalRound: out }, null, 2),
    );
    log(`  ${key}: ${JSON.stringify(value)}`);
  };
  const waitUntil = (what: string, check: () => Promise<boolean>, everyMs = 1000) => {
    const budget = options.until === null ? 6 * 3_600_000 : options.until - Date.now();
    if (budget <= 0) throw new OutOfTime(`out of time before ${what}`);
    return until(what, check, budget, everyMs).catch((err: unknown) => {
      throw options.until !== null && Date.now() >= options.until
        ? new OutOfTime(`stopped by --national-until while waiting for ${what}`)
        : err;
    });
  };

  // None against an external server (`--cluster`): its memory is not this machine's dev server's.
  const server = devServer(stack.temporalAddress);
  const memory = { workerPeakMb: 0, temporalPeakMb: 0 };
  const sampleMemory = () => {
    const worker = stack.workerPid ? rssKb(stack.workerPid) / 1024 : NaN;
    const temporalMb = server ? rssKb(server.pid) / 1024 : NaN;
    if (worker > memory.workerPeakMb) memory.workerPeakMb = worker;
    if (temporalMb > memory.temporalPeakMb) memory.temporalPeakMb = temporalMb;
    return { worker, temporalMb };
  };
  const memoryFigures = () => {
    const now = sampleMemory();
    return {
      maxCachedWorkflows: Number(stack.env().WORKER_MAX_CACHED_WORKFLOWS ?? 2000),
      workerRssMb: round(now.worker, 0),
      workerPeakRssMb: round(memory.workerPeakMb, 0),
      temporalDevServerRssMb: round(now.temporalMb, 0),
      temporalDevServerPeakRssMb: round(memory.temporalPeakMb, 0),
      temporalStateFileMb: server
        ? round(
            fileMb(server.stateFile) + fileMb(`${server.stateFile}-wal`) + fileMb(`${server.stateFile}-shm`),
            0,
          )
        : null,
    };
  };

  try {
    // A national bureau's regulator opens the round for the whole country ('000000'). Its reminders
    // to staff go into one daily digest, as the console's preset has it.
    const regulator = await stack.request('POST', '/v1/principals', {
      body: {
        role: 'regulator',
        name: '国家市场监督管理总局认证监督管理司',
        email: 'national-bench@samr.example',
        regionCode: '000000',
      },
    });
    if (regulator.status !== 201) throw new Error(`national regulator: ${regulator.status}`);
    const key = regulator.body.apiKey as string;
    const opened = await stack.request('POST', '/v1/rounds', {
      key,
      body: {
        name: '2026年全国小微企业质量管理体系认证提升行动（基准）',
        regionCode: '000000',
        settings: {
          deadlines: { screening: `PT${options.deadlineSeconds}S` },
          reminders: { every: 'PT1H', max: 1 },
          escalateAfter: 'P1D',
          digest: { at: '00:00' },
        },
      },
    });
    if (opened.status !== 201)
      throw new Error(`national round: ${opened.status} ${JSON.stringify(opened.body)}`);
    const roundId = opened.body.id as string;

    const { csv, usccs } = nationalCsv(n, 5_000_000);
    const t0 = performance.now();
    const importMs: number[] = [];
    for (const body of csv) {
      const t = performance.now();
      const answer = await stack.request('POST', `/v1/rounds/${roundId}/candidates`, {
        key,
        body,
        headers: { 'content-type': 'text/csv; charset=utf-8' },
      });
      importMs.push(performance.now() - t);
      if (answer.status !== 200 || answer.body.rejectedRows > 0)
        throw new Error(`import: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
    }
    record('import', {
      requests: csv.length,
      csvMb: round(csv.reduce((s, c) => s + Buffer.byteLength(c), 0) / 2 ** 20, 1),
      provinces: new Set(usccs.map((u) => u.slice(2, 4))).size,
      counties: new Set(usccs.map((u) => u.slice(2, 8))).size,
      answeredSeconds: round(importMs.reduce((s, m) => s + m, 0) / 1000, 1),
    });

    // Started (the launcher's count) and at screening in the read model (first state written).
    const atScreening = async () =>
      (
        await pg.query(
          `SELECT count(*)::int AS n FROM journeys WHERE round_id = $1 AND stage = 'screening' AND version >= 1`,
          [roundId],
        )
      ).rows[0].n as number;
    let started = 0;
    let allStartedS: number | null = null;
    let allAtScreeningS: number | null = null;
    let lastLog = Date.now();
    const launchProgress = async (): Promise<boolean> => {
      sampleMemory();
      if (allStartedS === null) {
        const r = await stack.request('GET', `/v1/rounds/${roundId}`, { key });
        started = r.body.launch.started;
        if (started === n) {
          allStartedS = round((performance.now() - t0) / 1000, 1);
          record('allStartedSeconds', allStartedS);
        }
      }
      const screening = allAtScreeningS === null ? await atScreening() : n;
      if (screening === n && allAtScreeningS === null) {
        allAtScreeningS = round((performance.now() - t0) / 1000, 1);
        record('allAtScreeningSeconds', allAtScreeningS);
      }
      if (Date.now() - lastLog > 30_000) {
        lastLog = Date.now();
        record('progress', {
          seconds: round((performance.now() - t0) / 1000, 0),
          started,
          atScreening: screening,
          ...memoryFigures(),
        });
      }
      return allStartedS !== null && allAtScreeningS !== null;
    };
    // The launcher writes first states before it starts their workflows: either may come first. A
    // poll that fails on the loaded machine is taken again at the next tick.
    await waitUntil('every journey started and at screening in the read model', () =>
      launchProgress().catch(() => false),
    );
    record('startedPerSecond', round(n / allStartedS!));
    let workflows = 0;
    await until(
      'the journeys in visibility',
      async () => (workflows = (await temporal.workflow.count(`UpliftRoundId = '${roundId}'`)).count) >= n,
      120_000,
      1000,
    ).catch(() => undefined);
    record('workflowsInTemporal', workflows);
    record('memoryAtScreening', memoryFigures());

    // Reads at this scale while other work loads the same processes: a second round imported and
    // launched (the launch phase's load), then its journeys screened over HTTP, 32 at a time (the
    // step phase's load).
    const reads = readSampler(stack, key, roundId);
    const sideN = Math.min(1000, Math.max(200, Math.round(n / 60)));
    const side = await stack.request('POST', '/v1/rounds', {
      key,
      body: { name: '2026年全国批次（并行负载）', regionCode: '000000' },
    });
    const { csv: sideCsv, usccs: sideUsccs } = nationalCsv(sideN, 9_000_000);
    const loadStart = performance.now();
    const loaded = (async () => {
      for (const body of sideCsv)
        await stack.request('POST', `/v1/rounds/${side.body.id}/candidates`, {
          key,
          body,
          headers: { 'content-type': 'text/csv; charset=utf-8' },
        });
      await stack.waitForLaunch(side.body.id, key, 20 * 60_000);
      let refused = 0;
      await pool(sideN, 32, async (i) => {
        const status = await stack
          .request('POST', `/v1/journeys/${journeyId(side.body.id, sideUsccs[i])}/screening-decision`, {
            key,
            body: { decision: 'selected' },
          })
          .then((a) => a.status)
          .catch(() => 0);
        if (status !== 200) refused++;
      });
      return refused;
    })();
    const refused = await reads.during(loaded);
    record('readsUnderLoad', {
      load: `${sideN} journeys imported, launched and screened over HTTP (32 in flight) in another round`,
      loadSeconds: round((performance.now() - loadStart) / 1000, 1),
      stepsRefused: refused,
      ...reads.figures(),
    });

    // The storm: the worker stops, every deadline passes, the worker comes back to all of them at once.
    const { rows: dl } = await pg.query(
      `SELECT min(deadline) AS first, max(deadline) AS last FROM journeys WHERE round_id = $1`,
      [roundId],
    );
    const firstDeadline = new Date(dl[0].first).getTime();
    const lastDeadline = new Date(dl[0].last).getTime();
    const stalledEarly = (
      await pg.query(`SELECT count(*)::int AS n FROM journeys WHERE round_id = $1 AND stalled`, [roundId])
    ).rows[0].n as number;
    await stack.killWorker();
    const stoppedAt = Date.now();
    record('deadlines', {
      screeningDeadlineSeconds: options.deadlineSeconds,
      spreadSeconds: round((lastDeadline - firstDeadline) / 1000, 1),
      workerStoppedSecondsBeforeFirstDeadline: round((firstDeadline - stoppedAt) / 1000, 1),
      stalledBeforeWorkerStopped: stalledEarly,
    });
    if (options.until !== null && lastDeadline > options.until)
      throw new OutOfTime('the last deadline falls after --national-until');
    // Meanwhile, the reads again with nothing else running (the API and PostgreSQL only).
    const rest = readSampler(stack, key, roundId);
    await rest.during(new Promise((r) => setTimeout(r, Math.max(0, lastDeadline + 2000 - Date.now()))));
    record('readsAtRest', rest.figures());

    const recorded = async () =>
      (
        await pg.query(
          `SELECT (SELECT count(*)::int FROM digest_items WHERE round_id = $1 AND template = 'reminder')
                + (SELECT count(*)::int FROM emails e JOIN journeys j ON j.id = e.journey_id
                    WHERE j.round_id = $1 AND e.template = 'reminder') AS n`,
          [roundId],
        )
      ).rows[0].n as number;
    const before = await recorded();
    const restart = Date.now();
    await stack.startWorker();
    const workerUpS = round((Date.now() - restart) / 1000, 1);
    const storm = readSampler(stack, key, roundId);
    let remindersRecorded = before;
    let stormLog = Date.now();
    const stormDone = waitUntil('a reminder for every journey', async () => {
      sampleMemory();
      remindersRecorded = await recorded();
      if (Date.now() - stormLog > 30_000) {
        stormLog = Date.now();
        record('stormProgress', {
          seconds: round((Date.now() - restart) / 1000, 0),
          remindersRecorded,
          ...memoryFigures(),
        });
      }
      return remindersRecorded >= n;
    });
    await storm.during(stormDone);
    const lastReminderS = round((Date.now() - restart) / 1000, 1);
    const stalled = (
      await pg.query(`SELECT count(*)::int AS n FROM journeys WHERE round_id = $1 AND stalled`, [roundId])
    ).rows[0].n as number;
    record('storm', {
      design: 'worker stopped before the first deadline, started after the last: every deadline due at once',
      workerReadySeconds: workerUpS,
      restartToLastReminderRecordedSeconds: lastReminderS,
      // Those that stalled while the worker still ran (a deadline shorter than launch and reads) are not the storm's.
      remindersDueAtRestart: n - before,
      remindersPerSecond: round((n - before) / lastReminderS),
      remindersRecorded,
      stalledInReadModel: stalled,
      ...memoryFigures(),
    });
    record('readsDuringStorm', storm.figures());

    // The digest that carries those reminders, sent by the dispatcher when it next runs.
    const sentDigests = async () =>
      (
        await pg.query(
          `SELECT count(*)::int AS n FROM emails WHERE template = 'digest' AND status = 'sent' AND recipient = $1`,
          ['national-bench@samr.example'],
        )
      ).rows[0].n as number;
    const digestsBefore = await sentDigests();
    const triggered = Date.now();
    await temporal.schedule
      .getHandle(`uplift-notification-dispatch-${stack.env().TEMPORAL_TASK_QUEUE}`)
      .trigger();
    await waitUntil('the national digest', async () => (await sentDigests()) > digestsBefore, 500);
    record('digestSentSeconds', round((Date.now() - triggered) / 1000, 1));
    record('memoryAtEnd', memoryFigures());
    const { rows: sizes } = await pg.query(`SELECT pg_database_size(current_database()) AS bytes`);
    record('readModelDatabaseMb', round(Number(sizes[0].bytes) / 2 ** 20, 0));
  } catch (err) {
    if (!(err instanceof OutOfTime)) throw err;
    record('cut', err.message);
    record('memoryWhenCut', memoryFigures());
  }
}

/** Report and journey-list reads, one at a time, until `work` settles (at least 30 of each). */
function readSampler(stack: Stack, key: string, roundId: string) {
  const paths: Record<string, string> = {
    report: `/v1/rounds/${roundId}/report`,
    list: `/v1/journeys?roundId=${roundId}&limit=50`,
    listByProvince: `/v1/journeys?roundId=${roundId}&regionCode=330000&limit=50`,
  };
  const ms: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
  let failed = 0;
  return {
    async during<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const settled = work.finally(() => (done = true));
      settled.catch(() => undefined);
      while (!done || Math.min(...Object.values(ms).map((m) => m.length)) < 30) {
        for (const [name, path] of Object.entries(paths)) {
          const t = performance.now();
          const status = await stack
            .request('GET', path, { key })
            .then((a) => a.status)
            .catch(() => 0);
          if (status === 200) ms[name].push(performance.now() - t);
          else failed++;
        }
      }
      return settled;
    },
    figures() {
      const f: Record<string, unknown> = { failed };
      for (const [name, m] of Object.entries(ms))
        f[name] = {
          reads: m.length,
          p50: round(percentile(m, 50)),
          p95: round(percentile(m, 95)),
          p99: round(percentile(m, 99)),
          met: percentile(m, 95) < 100,
        };
      return f;
    },
  };
}
