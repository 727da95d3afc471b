import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfig, generatePayloadKey, localPayloadKeysEnv, parsePayloadKeys } from '@uplift/config';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadDecryptionError,
} from './payload-codec';

const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');
const enterprise = { name: '杭州某某精密机械有限公司', contactName: '王小明', email: 'wang@example.com' };

describe('the Temporal payload codec (AES-256-GCM)', () => {
  const old = generatePayloadKey('2025-07');
  const current = generatePayloadKey('2026-01');
  const before = new AesGcmPayloadCodec(parsePayloadKeys(old));
  const after = new AesGcmPayloadCodec(parsePayloadKeys(`${current},${old}`, '2026-01'));
  const plain = defaultPayloadConverter.toPayload(enterprise);

  it('round-trips a payload, and the stored form shows neither the value nor its base64', async () => {
    const [encrypted] = await after.encode([plain]);
    expect(text(encrypted.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted.metadata?.[KEY_ID_METADATA])).toBe('2026-01');
    const stored = JSON.stringify({
      data: Buffer.from(encrypted.data!).toString('base64'),
      raw: Buffer.from(encrypted.data!).toString('latin1'),
    });
    for (const secret of Object.values(enterprise)) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
    }
    const [decoded] = await after.decode([encrypted]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(enterprise);
    expect(text(decoded.metadata?.encoding)).toBe('json/plain');
  });

  it('encrypts the same value differently each time (a fresh IV per payload)', async () => {
    const [a, b] = await after.encode([plain, plain]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('still decrypts payloads of the retired key after a rotation, and encrypts with the new one', async () => {
    const [underOld] = await before.encode([plain]);
    expect(text(underOld.metadata?.[KEY_ID_METADATA])).toBe('2025-07');
    const [decoded] = await after.decode([underOld]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(enterprise);
  });

  it('refuses, naming the id, a payload whose key is unknown', async () => {
    const [underNew] = await after.encode([plain]);
    await expect(before.decode([underNew])).rejects.toThrow(PayloadDecryptionError);
    await expect(before.decode([underNew])).rejects.toThrow(/key id '2026-01'.*not in UPLIFT_PAYLOAD_KEYS/);
  });

  it('refuses a tampered ciphertext, a truncated one, and one relabelled to another key id', async () => {
    const [encrypted] = await after.encode([plain]);
    const flipped = Buffer.from(encrypted.data!);
    flipped[20] ^= 1;
    await expect(after.decode([{ ...encrypted, data: flipped }])).rejects.toThrow(/failed authentication/);
    await expect(after.decode([{ ...encrypted, data: flipped.subarray(0, 20) }])).rejects.toThrow(
      /truncated/,
    );
    const relabelled: Payload = {
      ...encrypted,
      metadata: { ...encrypted.metadata, [KEY_ID_METADATA]: Buffer.from('2025-07') },
    };
    await expect(after.decode([relabelled])).rejects.toThrow(/failed authentication/);
  });

  it('passes unencrypted payloads (histories recorded before encryption) through unchanged', async () => {
    const binary: Payload = { metadata: { encoding: Buffer.from('binary/null') } };
    const [a, b] = await after.decode([plain, binary]);
    expect(a).toBe(plain);
    expect(b).toBe(binary);
  });
});

describe('payload keys from the environment', () => {
  const key = Buffer.alloc(32, 1).toString('base64');

  it('reads id:base64key pairs, and takes the only key as the one that encrypts', () => {
    const one = parsePayloadKeys(`a:${key}`);
    expect(one.encryptWith).toBe('a');
    const two = parsePayloadKeys(` a:${key} , b:${Buffer.alloc(32, 2).toString('base64')}`, 'b');
    expect([...two.keys.keys()]).toEqual(['a', 'b']);
    expect(two.encryptWith).toBe('b');
  });

  it('refuses keys of the wrong length, bad ids, repeats, and an unclear or unknown key id', () => {
    expect(() => parsePayloadKeys(`a:${Buffer.alloc(16).toString('base64')}`)).toThrow(
      /key 'a' must be 32 bytes.*not 16 bytes/,
    );
    expect(() => parsePayloadKeys('a:not base64!')).toThrow(/must be 32 bytes/);
    expect(() => parsePayloadKeys(key)).toThrow(/id:base64key/);
    expect(() => parsePayloadKeys(`a:${key},a:${key}`)).toThrow(/'a' appears twice/);
    expect(() => parsePayloadKeys(`a:${key},b:${key}`)).toThrow(/UPLIFT_PAYLOAD_KEY_ID: required/);
    expect(() => parsePayloadKeys(`a:${key}`, 'c')).toThrow(/UPLIFT_PAYLOAD_KEY_ID: 'c' is not one/);
    expect(() => parsePayloadKeys(' , ')).toThrow(/no key given/);
  });

  it('stops the configuration at start with the variable named', () => {
    expect(() => loadConfig({ UPLIFT_PAYLOAD_KEYS: 'a:c2hvcnQ=' })).toThrow(
      /invalid configuration:\n {2}UPLIFT_PAYLOAD_KEYS: key 'a' must be 32 bytes/,
    );
    expect(() => loadConfig({ UPLIFT_PAYLOAD_KEY_ID: 'a' })).toThrow(/UPLIFT_PAYLOAD_KEYS: no key given/);
    expect(loadConfig({ UPLIFT_PAYLOAD_KEYS: `a:${key}` }).UPLIFT_PAYLOAD_KEYS).toBe(`a:${key}`);
  });

  it('gives npm start a key made once into its data folder, private to its owner, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uplift-keys-'));
    try {
      const first = localPayloadKeysEnv(join(dir, '.data'), {});
      expect(parsePayloadKeys(first.UPLIFT_PAYLOAD_KEYS!).encryptWith).toBe('local-1');
      expect(statSync(join(dir, '.data', 'payload-keys')).mode & 0o777).toBe(0o600);
      expect(localPayloadKeysEnv(join(dir, '.data'), {})).toEqual(first);
      expect(readFileSync(join(dir, '.data', 'payload-keys'), 'utf8').trim()).toBe(first.UPLIFT_PAYLOAD_KEYS);
      expect(localPayloadKeysEnv(join(dir, '.data'), { UPLIFT_PAYLOAD_KEYS: `x:${key}` })).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
