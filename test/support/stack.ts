import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { createUpliftClient, type UpliftClient } from '@uplift/api-client';
import { freePort, waitFor } from '@uplift/devstack';
import { projectRoot } from '@uplift/config';
import type { Client } from '@temporalio/client';
import { connectClient, NOTIFICATION_DISPATCH_WORKFLOW } from '@uplift/temporal';
import { ok } from './api';
import { TEST_PAYLOAD_KEY_ID, TEST_PAYLOAD_KEYS, testPayloadKeys } from './payload-keys';
import { SmtpSink } from './smtp-sink';

/**
 * A visibility query for the executions requests started: the notification Schedule starts a run
 * every few seconds by itself, so a count meant to show "nothing was started" leaves those out.
 */
export const STARTED_BY_REQUESTS = `WorkflowType != '${NOTIFICATION_DISPATCH_WORKFLOW}'`;

const ROOT = projectRoot();
const DIST = join(ROOT, 'dist');

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface StackOptions {
  /** Environment of the API and worker beyond the stack's own (rate limits, CORS, log level...). */
  env?: Record<string, string>;
  /** Worker processes on the task queue; by default `UPLIFT_TEST_WORKERS` or 1. */
  workers?: number;
  /** API processes, requests spread across them in turn; by default `UPLIFT_TEST_APIS` or 1. */
  apis?: number;
  /**
   * A folder for the workers' V8 CPU profiles (`node --cpu-prof`, one file per thread, written when
   * the worker exits); by default `UPLIFT_WORKER_CPU_PROF`, unset: no profile.
   */
  workerCpuProfileDir?: string;
}

export interface RequestOptions {
  /** The API key; `null` sends none; by default the bootstrap admin's. */
  key?: string | null;
  /** Sent as JSON unless a string (then as is). */
  body?: unknown;
  headers?: Record<string, string>;
  /** The client's own address (any of 127.0.0.0/8), to act as another host. */
  localAddress?: string;
}

interface Proc {
  name: string;
  child: ChildProcess;
  /** What this process printed, for its own readiness check. */
  out: string[];
}

/**
 * The real stack for an end-to-end suite: Temporal dev server and embedded PostgreSQL (each in its own
 * child process, so a fault-injection test can stop one and bring it back on the same port and state),
 * an SMTP sink, and the compiled worker and API as their own processes, as in production.
 * `npm test` builds first; run `npm run build` before running a suite alone.
 *
 * Against a shared cluster (`npm run test:cluster`): `UPLIFT_TEST_TEMPORAL_ADDRESS` names a Temporal
 * server (the suite gets a task queue of its own), `UPLIFT_TEST_DATABASE_URL` a PostgreSQL on which the
 * suite creates a database of its own, and `UPLIFT_TEST_WORKERS` / `UPLIFT_TEST_APIS` how many
 * processes of each run.
 */
export class Stack {
  readonly mail = new SmtpSink();
  readonly adminKey = `test-admin-${randomBytes(24).toString('hex')}`;
  databaseUrl = '';
  temporalAddress = '';
  baseUrl = '';
  private readonly suiteId = randomBytes(6).toString('hex');
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'uplift-e2e-'));
  private readonly external = {
    temporal: process.env.UPLIFT_TEST_TEMPORAL_ADDRESS || undefined,
    database: process.env.UPLIFT_TEST_DATABASE_URL || undefined,
  };
  private readonly workerCount: number;
  private readonly apiCount: number;
  private temporalService?: Proc;
  private databaseService?: Proc;
  private temporalPort = 0;
  private pgPort = 0;
  private workers: Proc[] = [];
  private apis: { proc: Proc; port: number }[] = [];
  private apiPorts: number[] = [];
  private nextApi = 0;
  private readonly logs: string[] = [];
  private db?: Promise<DataSource>;

  private constructor(private readonly options: StackOptions) {
    this.workerCount = options.workers ?? Number(process.env.UPLIFT_TEST_WORKERS || 1);
    this.apiCount = options.apis ?? Number(process.env.UPLIFT_TEST_APIS || 1);
  }

  static async start(options: StackOptions = {}): Promise<Stack> {
    const stack = new Stack(options);
    try {
      await stack.boot();
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  private async boot(): Promise<void> {
    if (!existsSync(join(DIST, 'apps', 'api', 'src', 'main.js')))
      throw new Error('run `npm run build` first');
    // As root, PostgreSQL runs as the postgres user, which must reach its data folder inside this one.
    chmodSync(this.dataDir, 0o755);
    this.temporalPort = await freePort();
    this.pgPort = await freePort();
    await Promise.all([this.startTemporal(), this.startDatabase(), this.mail.start()]);
    for (let i = 0; i < this.apiCount; i++) this.apiPorts.push(await freePort());
    this.baseUrl = `http://127.0.0.1:${this.apiPorts[0]}`;
    await this.startWorker();
    await this.startApi();
  }

  /** The Temporal dev server on its state file, back on the same port after `stopTemporal`. */
  async startTemporal(): Promise<void> {
    if (this.external.temporal) {
      this.temporalAddress = this.external.temporal;
      return;
    }
    this.temporalService = await this.startService('temporal', [
      '--temporal-port',
      String(this.temporalPort),
    ]);
    this.temporalAddress = `127.0.0.1:${this.temporalPort}`;
  }

  async stopTemporal(): Promise<void> {
    if (this.external.temporal) throw new Error("the Temporal server is not this stack's to stop");
    await kill(this.temporalService?.child, 'SIGTERM', 30_000);
  }

  /** Embedded PostgreSQL on its data folder, back on the same port after `stopDatabase`. */
  async startDatabase(): Promise<void> {
    if (this.external.database) {
      if (!this.databaseUrl)
        this.databaseUrl = await createDatabase(this.external.database, `uplift_e2e_${this.suiteId}`);
      return;
    }
    this.databaseService = await this.startService('postgres', ['--pg-port', String(this.pgPort)]);
    this.databaseUrl = `postgres://uplift:uplift@127.0.0.1:${this.pgPort}/uplift`;
  }

  async stopDatabase(): Promise<void> {
    if (this.external.database) throw new Error("the PostgreSQL server is not this stack's to stop");
    await this.db?.then((db) => db.destroy()).catch(() => undefined);
    this.db = undefined;
    await kill(this.databaseService?.child, 'SIGTERM', 30_000);
  }

  private async startService(only: 'temporal' | 'postgres', args: string[]): Promise<Proc> {
    const proc = this.spawnProc(
      only,
      [join(DIST, 'scripts', 'services.js'), this.dataDir, '--only', only, ...args],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: proc.child.stdout! }).once('line', () => resolve());
      proc.child.once('exit', (code) =>
        reject(new Error(`${only} exited with ${code}: ${proc.out.join('')}`)),
      );
    });
    return proc;
  }

  env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      // On a shared server every suite polls a task queue of its own, or it would run another's journeys.
      TEMPORAL_TASK_QUEUE: this.external.temporal ? `uplift-e2e-${this.suiteId}` : 'uplift-journeys',
      SMTP_URL: this.mail.url,
      HOST: '127.0.0.1',
      UPLIFT_ADMIN_KEY: this.adminKey,
      PUBLIC_BASE_URL: this.baseUrl,
      LOG_LEVEL: 'warn',
      // Several workers on one machine would contend for the default metrics port; a suite that
      // scrapes the worker names one.
      WORKER_METRICS_PORT: '0',
      UPLIFT_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
      UPLIFT_PAYLOAD_KEY_ID: TEST_PAYLOAD_KEY_ID,
      ...this.options.env,
    };
  }

  /** A Temporal client with the stack's payload keys, as the API and worker have: it reads what they wrote. */
  temporalClient(): Promise<Client> {
    return connectClient({
      address: this.temporalAddress,
      namespace: 'default',
      taskQueue: this.env().TEMPORAL_TASK_QUEUE!,
      payloadKeys: testPayloadKeys(),
    });
  }

  private spawnProc(name: string, args: string[], options: SpawnOptions): Proc {
    const child = spawn(process.execPath, args, options);
    const proc: Proc = { name, child, out: [] };
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      this.logs.push(`[${name}] ${text}`);
      if (this.logs.length > 500) this.logs.shift();
      proc.out.push(text);
      if (proc.out.length > 200) proc.out.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return proc;
  }

  /** What the processes printed, for a failing test's message. */
  get output(): string {
    return this.logs.join('');
  }

  /** Starts the configured number of workers (those not running), each ready when it polls. */
  async startWorker(): Promise<void> {
    this.workers = this.workers.filter((w) => alive(w.child));
    const started: Proc[] = [];
    while (this.workers.length < this.workerCount) {
      const n = this.workers.length + 1;
      const proc = this.spawnProc(
        this.workerCount > 1 ? `worker-${n}` : 'worker',
        [...this.profileArgs(), join(DIST, 'apps', 'worker', 'src', 'main.js')],
        { env: this.env() },
      );
      this.workers.push(proc);
      started.push(proc);
    }
    await Promise.all(
      started.map((w) =>
        waitFor(
          `${w.name}`,
          async () => {
            if (!alive(w.child)) throw new Error(`${w.name} exited: ${w.out.join('')}`);
            return w.out.join('').includes('RUNNING');
          },
          60_000,
        ),
      ),
    );
  }

  private profileArgs(): string[] {
    const dir = this.options.workerCpuProfileDir ?? process.env.UPLIFT_WORKER_CPU_PROF;
    return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
  }

  get workerPid(): number | undefined {
    return this.workers.find((w) => alive(w.child))?.child.pid;
  }

  /** Kills every worker outright, as a crash or an OOM kill would. */
  async killWorker(): Promise<void> {
    await Promise.all(this.workers.map((w) => kill(w.child, 'SIGKILL')));
    this.workers = [];
  }

  /** Starts the APIs, with `env` added to the stack's environment for this run only. */
  async startApi(env: Record<string, string> = {}): Promise<void> {
    this.apis = this.apis.filter((a) => alive(a.proc.child));
    const running = new Set(this.apis.map((a) => a.port));
    const started = this.apiPorts.filter((port) => !running.has(port));
    for (const port of started) {
      const name = this.apiCount > 1 ? `api-${this.apiPorts.indexOf(port) + 1}` : 'api';
      const proc = this.spawnProc(name, [join(DIST, 'apps', 'api', 'src', 'main.js')], {
        env: { ...this.env(), PORT: String(port), ...env },
      });
      this.apis.push({ proc, port });
    }
    this.apis.sort((a, b) => a.port - b.port);
    await Promise.all(
      started.map((port) =>
        waitFor(
          `the API on ${port}`,
          async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200,
          60_000,
        ),
      ),
    );
  }

  async stopApi(): Promise<void> {
    await Promise.all(this.apis.map((a) => kill(a.proc.child, 'SIGTERM')));
    this.apis = [];
  }

  /** Kills every API outright, mid-request if one is in flight. */
  async killApi(): Promise<void> {
    await Promise.all(this.apis.map((a) => kill(a.proc.child, 'SIGKILL')));
    this.apis = [];
  }

  /** The API processes' pids, for a test that signals one itself. */
  get apiPids(): number[] {
    return this.apis.map((a) => a.proc.child.pid!).filter((p) => p !== undefined);
  }

  /** SQL against the stack's database, to check what the API stored (or did not). */
  async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.db ??= new DataSource({ type: 'postgres', url: this.databaseUrl, extra: { max: 2 } }).initialize();
    return (await (await this.db).query(sql, params)) as T[];
  }

  /**
   * Waits until every imported journey has its first state in the read model (version 1 or more,
   * written by the launcher or by a journey started on demand), so nothing changes in the
   * background while a test compares before and after.
   */
  async journeysSettled(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      'imported journeys to report',
      async () => (await this.query(`SELECT count(*)::int AS n FROM journeys WHERE version = 0`))[0].n === 0,
      timeoutMs,
    );
  }

  /** The next API in turn: with several, consecutive requests land on different processes. */
  private nextBaseUrl(): string {
    const live = this.apis.length > 0 ? this.apis.map((a) => a.port) : this.apiPorts;
    const port = live[this.nextApi++ % live.length];
    return `http://127.0.0.1:${port}`;
  }

  /**
   * The typed client (`@uplift/api-client`) as `key`: `undefined` the bootstrap admin, `null` no key.
   * Its requests go round the APIs as `request`'s do. How suites make ordinary calls.
   */
  api(key?: string | null): UpliftClient {
    const apiKey = key === undefined ? this.adminKey : (key ?? undefined);
    return createUpliftClient({
      baseUrl: this.baseUrl,
      apiKey,
      fetch: (request) => {
        const { pathname, search } = new URL(request.url);
        return fetch(new Request(`${this.nextBaseUrl()}${pathname}${search}`, request));
      },
    });
  }

  /**
   * A raw request, any method, path and body, typed or not: for suites that send malformed or
   * hostile requests on purpose, and for what the typed client cannot send (a chosen local address,
   * a body past the limits). Ordinary calls go through `api`.
   */
  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? this.adminKey : options.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | Buffer | undefined;
    if (options.body !== undefined) {
      body =
        typeof options.body === 'string' || Buffer.isBuffer(options.body)
          ? options.body
          : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const url = `${this.nextBaseUrl()}${path}`;
    const res =
      options.localAddress || (body !== undefined && Buffer.byteLength(body) > LARGE_BODY)
        ? await sendFrom(options.localAddress ?? '127.0.0.1', url, method, headers, body)
        : await fetch(url, { method, headers, body: Buffer.isBuffer(body) ? new Uint8Array(body) : body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  /** Waits until the round's launch workflow has started every stored journey. */
  async waitForLaunch(
    roundId: string,
    key: string,
    timeoutMs = 60_000,
  ): Promise<{ started: number; total: number }> {
    let launch = { started: -1, total: 0 };
    await waitFor(
      `launch of round ${roundId}`,
      async () => {
        const round = await ok(this.api(key).GET('/v1/rounds/{id}', { params: { path: { id: roundId } } }));
        launch = round.launch;
        return launch.started === launch.total;
      },
      timeoutMs,
    );
    return launch;
  }

  async stop(): Promise<void> {
    await this.db?.then((db) => db.destroy()).catch(() => undefined);
    await Promise.all([
      ...this.apis.map((a) => kill(a.proc.child, 'SIGTERM')),
      ...this.workers.map((w) => kill(w.child, 'SIGTERM')),
    ]);
    await this.mail.stop();
    await Promise.all([
      kill(this.temporalService?.child, 'SIGTERM', 30_000),
      kill(this.databaseService?.child, 'SIGTERM', 30_000),
    ]);
    if (this.external.database && this.databaseUrl)
      await dropDatabase(this.external.database, `uplift_e2e_${this.suiteId}`).catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** A fresh database on a shared server, so suites never see each other's rows. */
async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Bodies this large go in chunks that stop when the answer comes (a 413 comes before the body ends). */
const LARGE_BODY = 8 * 1024 * 1024;

/**
 * One HTTP request from a chosen local address (fetch cannot bind one). A large body is written in
 * chunks, and writing stops once the server has answered: a server that refuses a body by its
 * Content-Length answers and closes while the client is still sending, which fetch reports as EPIPE.
 */
function sendFrom(
  localAddress: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
): Promise<{ status: number; headers: Headers; text(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(url, { method, headers, localAddress }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) h.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: h, text: async () => text });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The answer may still be on its way after the server stopped reading: give it a moment.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') setTimeout(() => answered || reject(err), 2000);
      else reject(err);
    });
    if (body === undefined) return void req.end();
    req.setHeader('content-length', Buffer.byteLength(body));
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const CHUNK = 1024 * 1024;
    let offset = 0;
    const write = (): void => {
      while (offset < data.length && !answered && !req.destroyed) {
        const chunk = data.subarray(offset, offset + CHUNK);
        offset += CHUNK;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (!req.destroyed) req.end();
    };
    if (data.length <= LARGE_BODY) return void write();
    // Headers first, then a pause: a server that refuses the body by its length answers before any
    // of it is written, and writing into its closed connection would lose that answer (EPIPE).
    req.flushHeaders();
    setTimeout(write, 500);
  });
}

function kill(child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
