import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The keys that decrypt Temporal payloads, and the one that encrypts: the newest after a rotation. */
export interface PayloadKeys {
  encryptWith: string;
  keys: ReadonlyMap<string, Buffer>;
}

const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads `UPLIFT_PAYLOAD_KEYS` (comma-separated `id:base64key`, each key 32 bytes for AES-256) and
 * `UPLIFT_PAYLOAD_KEY_ID` (the id that encrypts; optional when there is one key). Throws a message
 * naming the variable and what is wrong, so a misconfigured process stops at start.
 */
export function parsePayloadKeys(keysVar: string, keyIdVar?: string): PayloadKeys {
  const keys = new Map<string, Buffer>();
  for (const entry of keysVar.split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!KEY_ID.test(id))
      throw new Error(
        "UPLIFT_PAYLOAD_KEYS: each entry is id:base64key, the id 1-64 letters, digits, '.', '_' or '-'",
      );
    if (keys.has(id)) throw new Error(`UPLIFT_PAYLOAD_KEYS: key id '${id}' appears twice`);
    const key = Buffer.from(encoded, 'base64');
    if (!BASE64.test(encoded) || key.length !== KEY_BYTES)
      throw new Error(
        `UPLIFT_PAYLOAD_KEYS: key '${id}' must be ${KEY_BYTES} bytes in base64 (AES-256, e.g. \`openssl rand -base64 32\`), not ${key.length} bytes`,
      );
    keys.set(id, key);
  }
  if (keys.size === 0) throw new Error('UPLIFT_PAYLOAD_KEYS: no key given');
  const chosen = keyIdVar?.trim() || (keys.size === 1 ? [...keys.keys()][0] : undefined);
  if (!chosen) throw new Error('UPLIFT_PAYLOAD_KEY_ID: required when UPLIFT_PAYLOAD_KEYS holds several keys');
  if (!keys.has(chosen))
    throw new Error(`UPLIFT_PAYLOAD_KEY_ID: '${chosen}' is not one of the ids in UPLIFT_PAYLOAD_KEYS`);
  return { encryptWith: chosen, keys };
}

/** A new random key in `UPLIFT_PAYLOAD_KEYS` form, for a first start or a rotation. */
export function generatePayloadKey(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/**
 * For `npm start` only: the payload key kept in `<dataDir>/payload-keys` (mode 0600), made on the
 * first start and reused after, so the embedded Temporal's histories stay readable across
 * restarts. A key the environment gives wins, and nothing is written then.
 */
export function localPayloadKeysEnv(dataDir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.UPLIFT_PAYLOAD_KEYS) return {};
  const file = join(dataDir, 'payload-keys');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${generatePayloadKey('local-1')}\n`, { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return { UPLIFT_PAYLOAD_KEYS: readFileSync(file, 'utf8').trim() };
}
