import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, portOpen, waitFor } from './ports';
import { projectRoot } from '@uplift/config';

/**
 * The production Temporal server (go.temporal.io/server, built by scripts/install-temporal-server.sh)
 * on PostgreSQL: the shape docker-compose.yml runs, on this machine without Docker. Frontend, history,
 * matching and worker services run in one process here; in production each scales on its own.
 */
export interface TemporalServer {
  address: string;
  stop(): Promise<void>;
}

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

const TOOLS = join(projectRoot(), '.tools');

export function installTemporalServer(): void {
  const built = spawnSync('bash', [join(projectRoot(), 'scripts', 'install-temporal-server.sh')], {
    stdio: 'inherit',
  });
  if (built.status !== 0)
    throw new Error('could not build the Temporal server (scripts/install-temporal-server.sh)');
}

/** Creates the `temporal` and `temporal_visibility` databases and brings their schemas up to date. */
export function setUpSchemas(pg: PostgresEndpoint): void {
  const tool = join(TOOLS, 'bin', 'temporal-sql-tool');
  const schemas = join(TOOLS, 'temporal-schema', 'postgresql', 'v12');
  const run = (database: string, ...args: string[]) => {
    const r = spawnSync(
      tool,
      [
        '--plugin',
        'postgres12',
        '--ep',
        pg.host,
        '-p',
        String(pg.port),
        '-u',
        pg.user,
        '--pw',
        pg.password,
        '--db',
        database,
        ...args,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0)
      throw new Error(`temporal-sql-tool ${args.join(' ')} on ${database}: ${r.stderr || r.stdout}`);
  };
  for (const [database, dir] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    run(database, 'create-database');
    run(database, 'setup-schema', '-v', '0.0');
    run(database, 'update-schema', '-d', join(schemas, dir, 'versioned'));
  }
}

/** Writes the server's configuration (JSON is YAML) under `dir` and starts it; resolves once it serves. */
export async function startTemporalServer(options: {
  dir: string;
  pg: PostgresEndpoint;
  logFile?: string;
}): Promise<TemporalServer> {
  const configDir = join(options.dir, 'config');
  mkdirSync(configDir, { recursive: true });
  const ports: number[] = [];
  while (ports.length < 9) ports.push(await freePort());
  const [frontend, http, history, matching, worker, ...membership] = ports;
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${options.pg.host}:${options.pg.port}`,
      connectProtocol: 'tcp',
      user: options.pg.user,
      password: options.pg.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, membershipPort: number, extra: Record<string, unknown> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra },
  });
  const config = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: 4,
      datastores: {
        'postgres-default': store('temporal', 20),
        'postgres-visibility': store('temporal_visibility', 10),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: service(frontend, membership[0], { httpPort: http }),
      history: service(history, membership[1]),
      matching: service(matching, membership[2]),
      worker: service(worker, membership[3]),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: join(configDir, 'dynamic.yaml'), pollInterval: '10s' },
  };
  writeFileSync(join(configDir, 'uplift.yaml'), JSON.stringify(config, null, 2));
  writeFileSync(
    join(configDir, 'dynamic.yaml'),
    JSON.stringify({
      // Search attributes registered by the worker are usable at once, as on the dev server (a test
      // setting: production registers them before workers start). Updates need no flag: 1.29 enables
      // frontend.enableUpdateWorkflowExecution by default.
      'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
    }),
  );
  const log = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child: ChildProcess = spawn(
    join(TOOLS, 'bin', 'temporal-server'),
    ['--root', options.dir, '--config', 'config', '--env', 'uplift', '--allow-no-auth', 'start'],
    { stdio: ['ignore', log, log] },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  process.once('exit', () => exited || child.kill('SIGKILL'));
  await waitFor(
    'the Temporal server',
    async () => {
      if (exited) throw new Error(`the Temporal server exited (log: ${options.logFile ?? 'none'})`);
      return portOpen(frontend);
    },
    120_000,
  );
  return {
    address: `127.0.0.1:${frontend}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
      }),
  };
}
