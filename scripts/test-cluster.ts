import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEmbeddedPostgres,
  freePort,
  waitFor,
  resolveTemporalCli,
  installTemporalServer,
  setUpSchemas,
  startTemporalServer,
} from '@uplift/devstack';
import { projectRoot } from '@uplift/config';

/**
 * `npm run test:cluster [-- jest args]`: the end-to-end suites against the production shape, not the
 * dev server. PostgreSQL (embedded) holds Temporal's persistence and visibility as well as Uplift's
 * own databases; the Temporal server is go.temporal.io/server on it; each suite runs two workers and
 * two APIs, with requests spread across the APIs. `UPLIFT_CLUSTER_WORKERS` / `UPLIFT_CLUSTER_APIS`
 * change the counts.
 */
async function main(): Promise<void> {
  installTemporalServer();
  const dir = mkdtempSync(join(tmpdir(), 'uplift-cluster-'));
  // As root, PostgreSQL runs as the postgres user, which must reach its data folder inside this one.
  chmodSync(dir, 0o755);
  const log = (line: string) => process.stdout.write(`[cluster] ${line}\n`);
  const stops: (() => Promise<void>)[] = [];
  let code = 1;
  try {
    const pgPort = await freePort();
    const db = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), port: pgPort });
    stops.push(() => db.stop());
    log(`PostgreSQL on 127.0.0.1:${pgPort}`);
    const pg = { host: '127.0.0.1', port: pgPort, user: 'uplift', password: 'uplift' };
    setUpSchemas(pg);
    log('Temporal schemas created (temporal, temporal_visibility)');
    const server = await startTemporalServer({ dir, pg, logFile: join(dir, 'temporal-server.log') });
    stops.push(() => server.stop());
    log(`Temporal server ${server.address} (log: ${join(dir, 'temporal-server.log')})`);
    const cli = resolveTemporalCli();
    const temporal = (...args: string[]) =>
      spawnSync(cli, [...args, '--address', server.address], { encoding: 'utf8' });
    await waitFor(
      'the default namespace',
      async () => {
        const created = temporal('operator', 'namespace', 'create', '--namespace', 'default');
        if (created.status !== 0 && !/already|exists/i.test(created.stderr + created.stdout)) return false;
        return temporal('workflow', 'list', '--namespace', 'default', '--limit', '1').status === 0;
      },
      120_000,
    );
    log('namespace default ready');

    const jest = spawn(
      process.execPath,
      [
        join(projectRoot(), 'node_modules', 'jest', 'bin', 'jest.js'),
        '--selectProjects',
        'e2e',
        '--runInBand',
        ...process.argv.slice(2),
      ],
      {
        stdio: 'inherit',
        cwd: projectRoot(),
        env: {
          ...process.env,
          UPLIFT_TEST_TEMPORAL_ADDRESS: server.address,
          UPLIFT_TEST_DATABASE_URL: db.url,
          UPLIFT_TEST_WORKERS: process.env.UPLIFT_CLUSTER_WORKERS ?? '2',
          UPLIFT_TEST_APIS: process.env.UPLIFT_CLUSTER_APIS ?? '2',
        },
      },
    );
    code = await new Promise<number>((resolve) => jest.once('exit', (c) => resolve(c ?? 1)));
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    if (code === 0) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir} for a look at the logs`);
  }
  process.exit(code);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
