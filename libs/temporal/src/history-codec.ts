import type { Client } from '@temporalio/client';
import {
  decode,
  visit,
  walkGetWorkflowExecutionHistoryResponse,
} from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/**
 * Decrypts, in place, every payload of a fetched history with the client's own codecs (inputs,
 * Update arguments, activity inputs, results, timer summaries, encoded failures), so readers of the
 * history (`readableHistory`) see what the workflow saw. Unencrypted payloads pass through.
 */
export async function decodeHistory(client: Client, history: History): Promise<History> {
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  await visit({ history }, walkGetWorkflowExecutionHistoryResponse, {
    transformPayload: async (payload) => (await decode(codecs, [payload]))[0],
    transformPayloads: (payloads) => decode(codecs, payloads),
    skipSearchAttributes: true,
  });
  return history;
}
