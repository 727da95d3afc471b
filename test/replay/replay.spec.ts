import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  upliftDataConverter,
  ENCRYPTED_ENCODING,
  workflowBundlerOptions,
  workflowsPath,
} from '@uplift/temporal';
import { PATCHES } from '../../workflows/patches';
import { HISTORIES_DIR } from '../support/histories';
import { testPayloadKeys } from '../support/payload-keys';

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

  it('holds journeys recorded before payload encryption and after, the latter with no payload in clear', () => {
    // Where a payload's encoding says what it is, outside search attributes (which Temporal must
    // index) and the SDK's own patch markers (which name a patch, nothing of an enterprise).
    const clearPayloads = (file: string): string[] => {
      const found: string[] = [];
      const walk = (node: unknown, path: string): void => {
        if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${path}[${i}]`));
        if (node === null || typeof node !== 'object') return;
        if (/searchAttributes|patch-data/.test(path)) return;
        const encoding = (node as { metadata?: { encoding?: string } }).metadata?.encoding;
        if (encoding && Buffer.from(encoding, 'base64').toString() !== ENCRYPTED_ENCODING) found.push(path);
        for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
      };
      walk(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')), '');
      return found;
    };
    const encrypted = files.filter((f) =>
      readFileSync(join(HISTORIES_DIR, f), 'utf8').includes(
        Buffer.from(ENCRYPTED_ENCODING).toString('base64'),
      ),
    );
    expect(encrypted.length).toBeGreaterThanOrEqual(1);
    expect(files.length - encrypted.length).toBeGreaterThanOrEqual(1);
    for (const f of encrypted) expect({ f, clear: clearPayloads(f) }).toEqual({ f, clear: [] });
  });

  it('replays each without a determinism error', async () => {
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, f), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      // The workers' data converter: encrypted histories decrypt (under the test stacks' keys,
      // which recorded them), unencrypted ones pass through.
      {
        workflowsPath: workflowsPath(),
        bundlerOptions: workflowBundlerOptions(),
        dataConverter: upliftDataConverter(testPayloadKeys()),
      },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
