import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startCluster } from '@uplift/devstack';
import { projectRoot } from '@uplift/config';

/**
 * `npm run test:cluster [-- jest args]`: the end-to-end suites against the production shape, not the
 * dev server. PostgreSQL (embedded) holds Temporal's persistence and visibility as well as Uplift's
 * own databases; the Temporal server is go.temporal.io/server on it; each suite runs two workers and
 * two APIs, with requests spread across the APIs. `UPLIFT_CLUSTER_WORKERS` / `UPLIFT_CLUSTER_APIS`
 * change the counts.
 */
async function main(): Promise<void> {
  const cluster = await startCluster((line) => process.stdout.write(`[cluster] ${line}\n`));
  let code = 1;
  try {
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
          UPLIFT_TEST_TEMPORAL_ADDRESS: cluster.temporalAddress,
          UPLIFT_TEST_DATABASE_URL: cluster.databaseUrl,
          UPLIFT_TEST_WORKERS: process.env.UPLIFT_CLUSTER_WORKERS ?? '2',
          UPLIFT_TEST_APIS: process.env.UPLIFT_CLUSTER_APIS ?? '2',
        },
      },
    );
    code = await new Promise<number>((resolve) => jest.once('exit', (c) => resolve(c ?? 1)));
  } finally {
    await cluster.stop(code !== 0);
    if (code !== 0) process.stdout.write(`[cluster] kept ${cluster.dir} for a look at the logs\n`);
  }
  process.exit(code);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
