import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HISTORIES_DIR = join(__dirname, '..', 'histories');

/**
 * With RECORD_HISTORIES=1, saves a finished journey's event history as a replay fixture. Fixtures
 * are recorded once per workflow change that is meant to be compatible, and committed: the replay
 * test then proves new workflow code still replays journeys already running in production.
 * A fixture is never overwritten: it stands for journeys recorded under older code, which must keep
 * replaying; a history recorded after a change gets a new name (CONTRIBUTING.md).
 */
export async function recordHistory(client: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const file = join(HISTORIES_DIR, `${name}.json`);
  if (existsSync(file)) {
    console.warn(`${file} exists: kept as it is (record under a new name to add a history)`);
    return;
  }
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  writeFileSync(file, historyToJSON(history));
}
