import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * How long to wait before the next start of a process that died: `initialMs`, doubling with every
 * death in a row up to `maxMs`; a process that stayed up `resetAfterMs` counts as healthy again.
 */
export interface Backoff {
  initialMs: number;
  maxMs: number;
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/** The wait before restart number `deathsInARow` (1 for the first death after a healthy run). */
export function restartDelay(deathsInARow: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, deathsInARow - 1));
}

export interface SupervisedOptions {
  /** How the process is named in log lines: `api`, `worker`. */
  name: string;
  command: string;
  args: string[];
  spawnOptions?: SpawnOptions;
  log: (line: string) => void;
  backoff?: Backoff;
  /** Milliseconds between SIGTERM and SIGKILL when stopping. */
  graceMs: number;
}

/**
 * One child process kept running, as a process manager does: when it dies (a crash, an OOM kill, a
 * signal from outside, even exit 0) it is started again after a back-off, with a loud line naming
 * it, how it ended and when the next attempt is. Only `stop` ends it for good.
 */
export class Supervised {
  private child: ChildProcess | null = null;
  private startedAt = 0;
  private deathsInARow = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private readonly backoff: Backoff;

  constructor(private readonly options: SupervisedOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  private get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.stopping || this.running) return;
    const { name, command, args, spawnOptions, log } = this.options;
    const child = spawn(command, args, spawnOptions ?? {});
    this.child = child;
    this.startedAt = Date.now();
    child.once('error', (err) => log(`${name} could not be started: ${err.message}`));
    child.once('exit', (code, signal) => this.exited(child, code, signal));
    if (child.pid !== undefined) log(`${name} started (pid ${child.pid})`);
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || child !== this.child) return;
    const upMs = Date.now() - this.startedAt;
    this.deathsInARow = upMs >= this.backoff.resetAfterMs ? 1 : this.deathsInARow + 1;
    const delay = restartDelay(this.deathsInARow, this.backoff);
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    this.options.log(
      `!!! ${this.options.name} (pid ${child.pid}) ${how} after ${(upMs / 1000).toFixed(1)} s; ` +
        `restarting in ${delay / 1000} s (attempt ${this.deathsInARow}); the data services keep running`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, delay);
  }

  /** SIGTERM (it drains), SIGKILL after the grace period; no restart from now on. */
  stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), this.options.graceMs);
      timer.unref();
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** At once, for a second Ctrl-C or the supervisor's own exit. */
  kill(): void {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.running) this.child?.kill('SIGKILL');
  }
}
