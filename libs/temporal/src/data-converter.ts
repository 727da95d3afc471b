import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, type PayloadKeys } from './payload-codec';

/** For the prebuilt workflow bundle, the worker, the replayer and every client alike. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The one data converter of every Temporal client and worker of Uplift: payloads encrypted with
 * the configured key, failure messages encoded into payloads. The codec runs outside the workflow
 * sandbox (the worker encodes a workflow's commands and decodes its activations), so the workflow
 * code never sees a key.
 */
export function upliftDataConverter(keys: PayloadKeys): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
