import {
  decodeFailure,
  encodeErrorToFailure,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import { parsePayloadKeys } from '@uplift/config';
import { upliftDataConverter } from './data-converter';

/** Bytes shown both as text and as base64, so a secret in either form is found. */
const visible = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Uint8Array ? `${Buffer.from(v).toString('utf8')} ${Buffer.from(v).toString('base64')}` : v,
  );

describe("Uplift's data converter", () => {
  const converter = loadDataConverter(
    upliftDataConverter(parsePayloadKeys(`k1:${Buffer.alloc(32, 9).toString('base64')}`)),
  );

  it("encrypts a failure's message and stack, which may quote an address, and reads them back", async () => {
    const err = new Error('501 5.1.3 bad recipient <wang.xiaoming@enterprise.example>');
    const failure = await encodeErrorToFailure(converter, err);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(visible(failure)).not.toContain('wang.xiaoming');
    expect(visible(failure)).not.toContain(Buffer.from('wang.xiaoming').toString('base64').slice(0, 12));
    const decoded = await decodeFailure(converter.payloadCodecs, failure);
    const back = converter.failureConverter.failureToError(decoded, converter.payloadConverter);
    expect(back.message).toBe(err.message);
    expect(back.stack).toContain('data-converter.spec');
  });
});
