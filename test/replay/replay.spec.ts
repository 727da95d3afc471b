import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATCHES } from '../../workflows/patches';
import { HISTORIES_DIR } from '../support/histories';

/**
 * Replays every recorded journey history against today's workflow code. A change that would make a
 * running journey take a different path (a non-determinism error) fails here, before it ships;
 * such a change belongs behind `patched()`.
 */
describe('recorded journey histories replay on the current workflow code', () => {
  const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it('holds, for every patch, journeys recorded before it and journeys that took it', () => {
    // A patch marker's details carry its id (base64 JSON in the history's JSON form).
    const patchesIn = (file: string): Set<string> => {
      const { events } = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')) as {
        events: { markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, any> } }[];
      };
      const ids = new Set<string>();
      for (const e of events) {
        const marker = e.markerRecordedEventAttributes;
        if (marker?.markerName !== 'core_patch') continue;
        for (const payload of marker.details?.['patch-data']?.payloads ?? []) {
          const data = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as { id?: string };
          if (data.id) ids.add(data.id);
        }
      }
      return ids;
    };
    const recorded = files.map(patchesIn);
    for (const id of Object.values(PATCHES)) {
      expect({ id, before: recorded.filter((p) => !p.has(id)).length > 0 }).toEqual({ id, before: true });
      expect({ id, after: recorded.filter((p) => p.has(id)).length > 0 }).toEqual({ id, after: true });
    }
  });

  it('replays each without a determinism error', async () => {
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, f), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowsPath: require.resolve('../../workflows/index') },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
