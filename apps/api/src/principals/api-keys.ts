import { createHash, randomBytes } from 'node:crypto';

/**
 * API keys look like `upl_3f9a1c2b_<43 random characters>`: the visible prefix names the key in
 * logs and leak scanners without revealing it; the rest is 256 bits from a secure generator.
 */
export function generateApiKey(): { key: string; prefix: string } {
  const prefix = `upl_${randomBytes(4).toString('hex')}`;
  return { key: `${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What may be shown of a key: its prefix for our keys, the first characters of an operator-chosen one. */
export function visiblePrefix(key: string): string {
  const ours = /^(upl_[0-9a-f]{8})_/.exec(key);
  return ours ? ours[1] : `${key.slice(0, 4)}…`;
}
