import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';
import { startTemporalDevServer, type TemporalDevServer } from './temporal-dev-server';

export interface BackingServices {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  /** The pids of the services started here, by name (`Temporal dev server`, `PostgreSQL`). */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

/** Temporal and PostgreSQL under `dataDir`, each only when the environment names none. */
export async function startBackingServices(options: {
  dataDir: string;
  pgPort: number;
  temporalPort: number;
  temporalUiPort?: number;
  env?: NodeJS.ProcessEnv;
  /** Told the name of a service that exited on its own. */
  onUnexpectedExit?: (what: string) => void;
}): Promise<BackingServices> {
  const env = options.env ?? process.env;
  mkdirSync(options.dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  try {
    let temporal: TemporalDevServer | null = null;
    if (!env.TEMPORAL_ADDRESS) {
      temporal = await startTemporalDevServer({
        dbFile: join(options.dataDir, 'temporal.db'),
        port: options.temporalPort,
        uiPort: options.temporalUiPort,
        logFile: join(options.dataDir, 'temporal.log'),
      });
      stops.push(() => temporal!.stop());
      temporal.onUnexpectedExit(() => options.onUnexpectedExit?.('the Temporal dev server'));
    }
    let db: EmbeddedDatabase | null = null;
    if (!env.DATABASE_URL) {
      db = await startEmbeddedPostgres({ dir: join(options.dataDir, 'postgres'), port: options.pgPort });
      stops.push(() => db!.stop());
    }
    return {
      databaseUrl: env.DATABASE_URL ?? db!.url,
      temporalAddress: env.TEMPORAL_ADDRESS ?? temporal!.address,
      temporalUiUrl: temporal?.uiUrl ?? null,
      pids: {
        ...(temporal ? { 'Temporal dev server': temporal.pid } : {}),
        ...(db ? { PostgreSQL: db.pid } : {}),
      },
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
