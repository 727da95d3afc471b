import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { devServerSearchAttributeFlags } from '@uplift/temporal';
import { portOpen, waitFor } from './ports';
import { projectRoot } from '@uplift/config';

export interface TemporalDevServer {
  address: string;
  uiUrl: string | null;
  pid: number;
  /** Called once should the server exit without `stop` (a crash, a kill from outside). */
  onUnexpectedExit(listener: () => void): void;
  stop(): Promise<void>;
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/** `TEMPORAL_CLI`, then a `temporal` on PATH, then the project's own build (made when missing). */
export function resolveTemporalCli(): string {
  if (process.env.TEMPORAL_CLI) return process.env.TEMPORAL_CLI;
  const found = onPath('temporal');
  if (found) return found;
  const local = join(projectRoot(), '.tools', 'bin', 'temporal');
  if (!existsSync(local)) {
    const built = spawnSync('bash', [join(projectRoot(), 'scripts', 'install-temporal-cli.sh')], {
      stdio: 'inherit',
    });
    if (built.status !== 0)
      throw new Error('could not build the Temporal CLI; set TEMPORAL_CLI to a temporal binary');
  }
  return local;
}

export interface TemporalDevServerOptions {
  dbFile: string;
  port: number;
  uiPort?: number;
  namespace?: string;
  logFile?: string;
}

/** The Temporal CLI's dev server with a persistent SQLite state file in WAL mode. */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  mkdirSync(dirname(options.dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--db-filename',
    options.dbFile,
    // The default rollback journal makes every write an fsync'd file rewrite; WAL is many times faster.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    '--log-level',
    'warn',
    ...devServerSearchAttributeFlags(),
    ...(options.namespace && options.namespace !== 'default' ? ['--namespace', options.namespace] : []),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
  ];
  const log = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  // Its own process group: a Ctrl-C in the terminal reaches `npm start` only, which stops this server
  // after the API and the worker rather than under them.
  const child: ChildProcess = spawn(resolveTemporalCli(), args, {
    stdio: ['ignore', log, log],
    detached: true,
  });
  let exited = false;
  let stopping = false;
  let unexpected: (() => void) | null = null;
  child.once('exit', () => {
    exited = true;
    if (!stopping) unexpected?.();
  });
  // A parent that dies without stopping it must not leave a server holding the port and state file.
  process.once('exit', () => exited || child.kill('SIGTERM'));
  await waitFor('the Temporal dev server', async () => {
    if (exited) throw new Error('the Temporal dev server exited');
    return portOpen(options.port);
  });
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : null,
    pid: child.pid!,
    onUnexpectedExit: (listener) => (unexpected = listener),
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
