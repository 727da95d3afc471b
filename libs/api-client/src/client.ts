import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export interface UpliftClientOptions {
  /** Where the API answers, e.g. `https://uplift.example.gov.cn` (no trailing `/v1`: paths carry it). */
  baseUrl: string;
  /** A principal's API key, sent as a bearer token; without one only the public routes answer. */
  apiKey?: string;
  /** The fetch to send with (a test's, a proxy's); the platform's by default. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Typed calls on the API's paths: `client.POST('/v1/rounds', { body })`, answers `{ data, error, response }`. */
export type UpliftClient = Client<paths, JsonMedia>;

/**
 * The client reads answers as JSON (openapi-fetch's default `parseAs`), so its types are the JSON
 * answers only: a route that can also answer a file (`format=csv`) still types as its JSON. A file is
 * fetched with `parseAs: 'blob'` or as a plain link.
 */
type JsonMedia = 'application/json';

/**
 * The client every caller of the API shares (the end-to-end harness, the console). Only the platform's
 * fetch, Request and Response: it runs in Node 20 and in a browser alike.
 */
export function createUpliftClient(options: UpliftClientOptions): UpliftClient {
  return createClient<paths, JsonMedia>({
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : undefined,
  });
}
