import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@uplift/devstack';
import { projectRoot } from '@uplift/config';
import { candidate } from '../support/campaign';
import { eventually } from '../support/faults';

const START = join(projectRoot(), 'dist', 'scripts', 'start.js');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm start` as a process manager: the API or the worker killed outright comes back on its own,
 * while Temporal and PostgreSQL keep running (the same processes); Ctrl-C stops everything.
 */
describe('npm start keeps the API and the worker running', () => {
  const adminKey = `faults-admin-${randomBytes(24).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'uplift-npm-start-'));
  const lines: string[] = [];
  let supervisor: ChildProcess;
  let port = 0;
  let exited: Promise<number | null>;

  /** The pid the supervisor last logged for `what` (`api started (pid N)`, `PostgreSQL running (pid N)`). */
  const pidOf = (what: string): number => {
    const pattern = new RegExp(`^\\[uplift\\] ${what} (?:started|running) \\(pid (\\d+)\\)`);
    const found = lines.map((l) => pattern.exec(l)?.[1]).filter((p): p is string => p !== undefined);
    if (found.length === 0) throw new Error(`no pid logged for ${what}:\n${lines.join('\n')}`);
    return Number(found[found.length - 1]);
  };
  const count = (pattern: RegExp) => lines.filter((l) => pattern.test(l)).length;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json', ...init.headers },
    });
  const serves = async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;

  beforeAll(async () => {
    if (!existsSync(START)) throw new Error('run `npm run build` first');
    // As root, PostgreSQL runs as the postgres user, which must reach its data folder inside this one.
    chmodSync(dataDir, 0o755);
    port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      UPLIFT_DATA_DIR: dataDir,
      UPLIFT_PG_PORT: String(await freePort()),
      UPLIFT_TEMPORAL_PORT: String(await freePort()),
      UPLIFT_TEMPORAL_UI_PORT: String(await freePort()),
      UPLIFT_MAIL_SMTP_PORT: String(await freePort()),
      UPLIFT_MAIL_WEB_PORT: String(await freePort()),
      WORKER_METRICS_PORT: '0',
      UPLIFT_ADMIN_KEY: adminKey,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_SECONDS: '5',
    };
    supervisor = spawn(process.execPath, [START], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    exited = new Promise((resolve) => supervisor.once('exit', (code) => resolve(code)));
    for (const stream of [supervisor.stdout!, supervisor.stderr!])
      createInterface({ input: stream }).on('line', (line) => lines.push(line));
    await eventually(
      'npm start ready',
      async () => {
        if (supervisor.exitCode !== null) throw new Error(`npm start exited:\n${lines.join('\n')}`);
        return lines.some((l) => l === '[uplift] ready:');
      },
      Boolean,
      240_000,
      250,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${lines.join('\n')}`);
    });
  }, 300_000);

  afterAll(async () => {
    if (supervisor && supervisor.exitCode === null) {
      supervisor.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
    }
    if (supervisor?.exitCode === null) supervisor.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);

  it('restarts a killed API within 10 s and leaves Temporal and PostgreSQL as they were', async () => {
    const temporal = pidOf('Temporal dev server');
    const postgres = pidOf('PostgreSQL');
    // PostgreSQL's own record of its postmaster agrees with the log.
    expect(Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0])).toBe(
      postgres,
    );
    const before = pidOf('api');
    expect((await api('/v1/journeys')).status).toBe(200);

    process.kill(before, 'SIGKILL');
    const killedAt = Date.now();
    await eventually('the old API gone', async () => !alive(before), Boolean, 5000, 20);
    await eventually('the API serving again', serves, Boolean, 60_000, 100);
    const downMs = Date.now() - killedAt;
    expect({ downMs, within10s: downMs < 10_000 }).toEqual({ downMs, within10s: true });

    const after = pidOf('api');
    expect(after).not.toBe(before);
    expect(alive(after)).toBe(true);
    expect(
      lines.some((l) =>
        new RegExp(
          `^\\[uplift\\] !!! api \\(pid ${before}\\) was killed by SIGKILL after [\\d.]+ s; restarting in 1 s \\(attempt 1\\)`,
        ).test(l),
      ),
    ).toBe(true);
    // The data services were never restarted: the same processes, started once.
    expect([pidOf('Temporal dev server'), pidOf('PostgreSQL')]).toEqual([temporal, postgres]);
    expect([alive(temporal), alive(postgres)]).toEqual([true, true]);
    expect(count(/Temporal dev server running/)).toBe(1);
    expect(count(/PostgreSQL running/)).toBe(1);
    // It answers with the data it had: the bootstrap admin's key still opens it.
    expect((await api('/v1/journeys')).status).toBe(200);
  });

  it('restarts a killed worker, which then launches journeys', async () => {
    const temporal = pidOf('Temporal dev server');
    const postgres = pidOf('PostgreSQL');
    await eventually('the API serving', serves, Boolean, 60_000, 100);
    const before = pidOf('worker');
    process.kill(before, 'SIGKILL');
    await eventually('the worker started again', async () => pidOf('worker') !== before, Boolean, 15_000);
    expect(alive(pidOf('worker'))).toBe(true);
    expect(lines.some((l) => l.startsWith(`[uplift] !!! worker (pid ${before}) was killed by SIGKILL`))).toBe(
      true,
    );

    // The new worker does the work: a journey imported now is launched.
    const regulator = await (
      await api('/v1/principals', {
        method: 'POST',
        body: JSON.stringify({
          role: 'regulator',
          name: '浙江省市场监管局',
          email: 'r@samr.example',
          regionCode: '330000',
        }),
      })
    ).json();
    const key = { authorization: `Bearer ${regulator.apiKey}` };
    const round = await (
      await api('/v1/rounds', {
        method: 'POST',
        headers: key,
        body: JSON.stringify({ name: '2026年浙江省批次', regionCode: '330000' }),
      })
    ).json();
    const imported = await api(`/v1/rounds/${round.id}/candidates`, {
      method: 'POST',
      headers: key,
      body: JSON.stringify({ enterprises: [candidate(1)] }),
    });
    expect(imported.status).toBe(200);
    await eventually(
      'the journey launched by the restarted worker',
      async () => (await (await api(`/v1/rounds/${round.id}`, { headers: key })).json()).launch,
      (launch: { started: number; total: number }) => launch.total === 1 && launch.started === 1,
      60_000,
    );
    expect([pidOf('Temporal dev server'), pidOf('PostgreSQL')]).toEqual([temporal, postgres]);
    expect([alive(temporal), alive(postgres)]).toEqual([true, true]);
  });

  it('stops everything on SIGINT, and only then', async () => {
    const pids = [pidOf('api'), pidOf('worker'), pidOf('Temporal dev server'), pidOf('PostgreSQL')];
    expect(pids.map(alive)).toEqual([true, true, true, true]);
    supervisor.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(lines).toContain('[uplift] stopped');
    await eventually(
      'every process gone',
      async () => pids.map(alive),
      (a) => a.every((x) => !x),
      10_000,
    );
    // Nothing was restarted while stopping.
    expect(count(/^\[uplift\] api started/)).toBe(2);
    expect(count(/^\[uplift\] worker started/)).toBe(2);
  }, 120_000);
});
