import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PayloadKeys } from '@uplift/config';

export type { PayloadKeys };

/**
 * Client-side encryption of every Temporal payload (workflow inputs, Update arguments and results,
 * activity inputs, timer summaries, encoded failure messages): the Temporal server, ours or
 * Temporal Cloud, only ever stores ciphertext of enterprises' names, contacts and emails (PIPL).
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const text = new TextDecoder();

/** A payload that cannot be decrypted: its key is gone, or its bytes were changed. */
export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

/** The key id is authenticated with the ciphertext, so a payload cannot be relabelled to another key. */
function aad(keyId: string): Buffer {
  return Buffer.from(`uplift-payload-v1:${keyId}`);
}

/**
 * AES-256-GCM over the whole serialised payload (its metadata too: the encoding names the JSON's
 * type). The key id travels in clear in the metadata; the data is IV ‖ ciphertext ‖ tag. Payloads
 * that are not encrypted (histories recorded before encryption) pass through decode unchanged.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly settings: PayloadKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.settings.encryptWith;
    const key = this.settings.keys.get(keyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(keyId));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(keyId) },
        data: new Uint8Array(data),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decodeOne(payload));
  }

  private decodeOne(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    if (!encoding || text.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    const keyId = idBytes ? text.decode(idBytes) : '';
    const key = this.settings.keys.get(keyId);
    if (!key)
      throw new PayloadDecryptionError(
        keyId
          ? `payload encrypted with key id '${keyId}', which is not in UPLIFT_PAYLOAD_KEYS: keep retired keys there after a rotation`
          : `encrypted payload carries no '${KEY_ID_METADATA}'`,
      );
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new PayloadDecryptionError(`payload encrypted with key id '${keyId}' is truncated`);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aad(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      const decoded = temporal.api.common.v1.Payload.decode(plain);
      return { metadata: decoded.metadata, data: decoded.data };
    } catch {
      throw new PayloadDecryptionError(
        `payload encrypted with key id '${keyId}' failed authentication: it was altered, or that id names another key now`,
      );
    }
  }
}
