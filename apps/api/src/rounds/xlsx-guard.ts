import { inflateRaw } from 'node:zlib';
import { promisify } from 'node:util';

const inflate = promisify(inflateRaw) as (
  data: Buffer,
  options: { maxOutputLength: number },
) => Promise<Buffer>;

/**
 * What an honest ledger unpacks to at most: 100,000 rows of a dozen columns are about 60 MB of sheet
 * XML and shared strings. A 16 MB upload of zeros deflates from several gigabytes, and the workbook
 * reader inflates every part into memory before it reads a cell, so a zip bomb would end the process.
 */
export const MAX_UNPACKED_XLSX_BYTES = 128 * 1024 * 1024;

export type ZipVerdict = { ok: true; unpackedBytes: number } | { ok: false; reason: 'too_large' | 'not_zip' };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Checks a zip archive before anything unpacks it: the sizes its directory declares, and then the
 * sizes its parts really inflate to, each inflation stopped at the size it declared. A part that
 * lies about its size (the classic bomb) is refused as soon as it passes that size.
 */
export async function checkZipBudget(bytes: Buffer, budget = MAX_UNPACKED_XLSX_BYTES): Promise<ZipVerdict> {
  const end = findEndOfDirectory(bytes);
  if (end < 0) return { ok: false, reason: 'not_zip' };
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const parts: { method: number; compressed: number; size: number; local: number }[] = [];
  let declared = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) return { ok: false, reason: 'not_zip' };
    const part = {
      method: bytes.readUInt16LE(at + 10),
      compressed: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      local: bytes.readUInt32LE(at + 42),
    };
    // 0xFFFFFFFF defers to a ZIP64 record: 4 GB and more, never a ledger.
    if (part.size === 0xffffffff || part.compressed === 0xffffffff) return { ok: false, reason: 'too_large' };
    declared += part.size;
    if (declared > budget) return { ok: false, reason: 'too_large' };
    parts.push(part);
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  for (const part of parts) {
    const { local } = part;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL)
      return { ok: false, reason: 'not_zip' };
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + part.compressed);
    if (part.method !== 8) continue; // stored: its size is its length, already counted
    try {
      // One byte over the declared size is enough to know it lied.
      await inflate(data, { maxOutputLength: part.size + 1 }).then((out) => {
        if (out.length > part.size) throw new RangeError('larger than declared');
      });
    } catch (err) {
      if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        return { ok: false, reason: 'too_large' };
      return { ok: false, reason: 'not_zip' };
    }
  }
  return { ok: true, unpackedBytes: declared };
}

/** The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KB. */
function findEndOfDirectory(bytes: Buffer): number {
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 0xffff; i--)
    if (bytes.readUInt32LE(i) === EOCD) return i;
  return -1;
}
