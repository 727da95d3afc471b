import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { freePort, waitFor } from '../../libs/devstack/src/ports';
import { projectRoot } from '../../libs/devstack/src/project-root';
import { SmtpSink } from './smtp-sink';

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

/**
 * The real stack for an end-to-end suite: Temporal dev server and embedded PostgreSQL (in a child
 * process), an SMTP sink, and the compiled worker and API as their own processes, as in production.
 * `npm test` builds first; run `npm run build` before running a suite alone.
 */
export class Stack {
  readonly mail = new SmtpSink();
  readonly adminKey = `test-admin-${randomBytes(24).toString('hex')}`;
  databaseUrl = '';
  temporalAddress = '';
  baseUrl = '';
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'uplift-e2e-'));
  private services?: ChildProcess;
  private worker?: ChildProcess;
  private api?: ChildProcess;
  private port = 0;
  private readonly logs: string[] = [];
  private db?: Promise<DataSource>;

  private constructor(private readonly options: StackOptions) {}

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
    this.services = spawn(process.execPath, [join(DIST, 'scripts', 'services.js'), this.dataDir], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.capture('services', this.services);
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: this.services!.stdout! }).once('line', resolve);
      this.services!.once('exit', (code) =>
        reject(new Error(`services exited with ${code}: ${this.logs.join('')}`)),
      );
    });
    const addresses = JSON.parse(line) as { databaseUrl: string; temporalAddress: string };
    this.databaseUrl = addresses.databaseUrl;
    this.temporalAddress = addresses.temporalAddress;
    await this.mail.start();
    this.port = await freePort();
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    await this.startWorker();
    await this.startApi();
  }

  env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      SMTP_URL: this.mail.url,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      UPLIFT_ADMIN_KEY: this.adminKey,
      PUBLIC_BASE_URL: `http://127.0.0.1:${this.port}`,
      LOG_LEVEL: 'warn',
      ...this.options.env,
    };
  }

  private capture(name: string, child: ChildProcess): void {
    const keep = (chunk: Buffer) => {
      this.logs.push(`[${name}] ${chunk.toString()}`);
      if (this.logs.length > 500) this.logs.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** What the processes printed, for a failing test's message. */
  get output(): string {
    return this.logs.join('');
  }

  async startWorker(): Promise<void> {
    this.worker = spawn(process.execPath, [join(DIST, 'apps', 'worker', 'src', 'main.js')], {
      env: this.env(),
    });
    this.capture('worker', this.worker);
    await waitFor('the worker', async () => this.output.includes('RUNNING'), 60_000);
  }

  get workerPid(): number | undefined {
    return this.worker?.pid;
  }

  /** Kills the worker outright, as a crash or an OOM kill would. */
  async killWorker(): Promise<void> {
    await kill(this.worker, 'SIGKILL');
    this.logs.length = 0;
  }

  /** Starts the API, with `env` added to the stack's environment for this run only. */
  async startApi(env: Record<string, string> = {}): Promise<void> {
    this.api = spawn(process.execPath, [join(DIST, 'apps', 'api', 'src', 'main.js')], {
      env: { ...this.env(), ...env },
    });
    this.capture('api', this.api);
    await waitFor('the API', async () => (await fetch(`${this.baseUrl}/health`)).status === 200, 60_000);
  }

  async stopApi(): Promise<void> {
    await kill(this.api, 'SIGTERM');
  }

  /** SQL against the stack's database, to check what the API stored (or did not). */
  async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.db ??= new DataSource({ type: 'postgres', url: this.databaseUrl, extra: { max: 2 } }).initialize();
    return (await (await this.db).query(sql, params)) as T[];
  }

  /**
   * Waits until every imported journey's workflow has reported its state (version 1 or more), so
   * nothing changes in the background while a test compares before and after.
   */
  async journeysSettled(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      'imported journeys to report',
      async () => (await this.query(`SELECT count(*)::int AS n FROM journeys WHERE version = 0`))[0].n === 0,
      timeoutMs,
    );
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? this.adminKey : options.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | Blob | undefined;
    if (options.body !== undefined) {
      body =
        typeof options.body === 'string'
          ? options.body
          : Buffer.isBuffer(options.body)
            ? new Blob([new Uint8Array(options.body)])
            : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = options.localAddress
      ? await sendFrom(
          options.localAddress,
          `${this.baseUrl}${path}`,
          method,
          headers,
          body as string | undefined,
        )
      : await fetch(`${this.baseUrl}${path}`, { method, headers, body });
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
        launch = (await this.request('GET', `/v1/rounds/${roundId}`, { key })).body.launch;
        return launch.started === launch.total;
      },
      timeoutMs,
    );
    return launch;
  }

  async stop(): Promise<void> {
    await this.db?.then((db) => db.destroy()).catch(() => undefined);
    await Promise.all([kill(this.api, 'SIGTERM'), kill(this.worker, 'SIGTERM')]);
    await this.mail.stop();
    await kill(this.services, 'SIGTERM', 30_000);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** One HTTP request from a chosen local address (fetch cannot bind one). */
function sendFrom(
  localAddress: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; headers: Headers; text(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, localAddress }, (res) => {
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
    req.on('error', reject);
    req.end(body);
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
