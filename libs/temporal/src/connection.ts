import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { readFileSync } from 'node:fs';
import { type UpliftConfig, parsePayloadKeys, type PayloadKeys } from '@uplift/config';
import { upliftDataConverter } from './data-converter';
import { SEARCH_ATTRIBUTES } from './search-attributes';

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /** mTLS client certificate and key (PEM), as Temporal Cloud's certificate auth wants. */
  tlsClientCert?: Buffer;
  tlsClientKey?: Buffer;
  /** An API key (Temporal Cloud); implies TLS. */
  apiKey?: string;
  /** TLS with the system's CAs and no client certificate. */
  tls?: boolean;
  /** The payload codec's keys: no client or worker talks to Temporal without them. */
  payloadKeys: PayloadKeys;
}

/** What Uplift's configuration says about reaching Temporal: a local server, a cluster, or Temporal Cloud. */
export function temporalSettings(c: UpliftConfig): TemporalSettings {
  if (!c.UPLIFT_PAYLOAD_KEYS)
    throw new Error(
      'UPLIFT_PAYLOAD_KEYS is not set: Uplift encrypts every Temporal payload (enterprise names, contacts, emails) and will not send them in clear. Give it `<id>:<base64 of 32 random bytes>` (e.g. `openssl rand -base64 32`)',
    );
  return {
    payloadKeys: parsePayloadKeys(c.UPLIFT_PAYLOAD_KEYS, c.UPLIFT_PAYLOAD_KEY_ID),
    address: c.TEMPORAL_ADDRESS,
    namespace: c.TEMPORAL_NAMESPACE,
    taskQueue: c.TEMPORAL_TASK_QUEUE,
    ...(c.TEMPORAL_TLS_CERT && c.TEMPORAL_TLS_KEY
      ? { tlsClientCert: readFileSync(c.TEMPORAL_TLS_CERT), tlsClientKey: readFileSync(c.TEMPORAL_TLS_KEY) }
      : {}),
    ...(c.TEMPORAL_API_KEY ? { apiKey: c.TEMPORAL_API_KEY } : {}),
    ...(c.TEMPORAL_TLS ? { tls: true } : {}),
  };
}

/** The connection options both the client and the worker's native connection take. */
export function connectionOptions(settings: Omit<TemporalSettings, 'payloadKeys'>) {
  const tls =
    settings.tlsClientCert && settings.tlsClientKey
      ? { clientCertPair: { crt: settings.tlsClientCert, key: settings.tlsClientKey } }
      : settings.apiKey || settings.tls
        ? true
        : undefined;
  return {
    address: settings.address,
    ...(tls ? { tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}

export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(settings));
  return new Client({
    connection,
    namespace: settings.namespace,
    dataConverter: upliftDataConverter(settings.payloadKeys),
  });
}

/** The worker's connection; its `Worker.create` takes `upliftDataConverter(settings.payloadKeys)`. */
export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(settings));
}

const INDEXED_VALUE_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/** Registers Uplift's search attributes on a server that lacks them (a dev server started with flags has them). */
export async function ensureSearchAttributes(client: Client, namespace: string): Promise<void> {
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const missing = SEARCH_ATTRIBUTES.filter((k) => !(k.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  try {
    await client.connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED_VALUE_TYPE[k.type]])),
    });
  } catch (err) {
    // Several workers starting together race to register them; the loser finds them there.
    if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
  }
}

/** gRPC status code of a registration another process made first. */
const ALREADY_EXISTS = 6;
