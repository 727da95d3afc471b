import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';
import { freePort, waitFor } from './ports';
import { resolveTemporalCli } from './temporal-dev-server';
import { installTemporalServer, setUpSchemas, startTemporalServer } from './temporal-server';

/** The production shape without Docker, for `npm run test:cluster` and `npm run bench -- --cluster`. */
export interface Cluster {
  /** The Temporal frontend, `host:port`. */
  temporalAddress: string;
  /** PostgreSQL's admin URL: each suite or bench run creates a database of its own on it. */
  databaseUrl: string;
  /** Data folders and the server's log (`temporal-server.log`). */
  dir: string;
  /** Stops the server, then PostgreSQL; `keep` leaves the folder for a look at the logs. */
  stop(keep?: boolean): Promise<void>;
}

/**
 * Embedded PostgreSQL holding Temporal's persistence and visibility, go.temporal.io/server on it (all
 * four services in one process) and the `default` namespace, ready for workers. Built on first use.
 */
export async function startCluster(log: (line: string) => void): Promise<Cluster> {
  installTemporalServer();
  const dir = mkdtempSync(join(tmpdir(), 'uplift-cluster-'));
  // As root, PostgreSQL runs as the postgres user, which must reach its data folder inside this one.
  chmodSync(dir, 0o755);
  const stops: (() => Promise<void>)[] = [];
  const stop = async (keep = false) => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
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
    return { temporalAddress: server.address, databaseUrl: db.url, dir, stop };
  } catch (err) {
    await stop(true);
    throw err;
  }
}
