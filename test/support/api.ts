import type { paths } from '@uplift/api-client';
import type { HttpAnswer } from './stack';

/**
 * How the end-to-end harness reads the typed client's answers. Ordinary calls go through
 * `stack.api(key)` (typed paths, parameters and bodies: a contract change that would break a client
 * breaks `tsc` over test/); suites that send malformed or hostile requests on purpose keep
 * `stack.request`.
 */

/**
 * An answer the API document does not describe yet reads as `any`, a described one keeps its type.
 * The typed success bodies the harness reads (`ok`) pass through here, so the harness compiles
 * against today's document and becomes typed as the document gains response schemas.
 */
export type Loose<T> = [T] extends [never] ? any : unknown extends T ? any : T;

/** What openapi-fetch answers: `data` on a 2xx, `error` otherwise. */
interface Fetched {
  data?: unknown;
  error?: unknown;
  response: Response;
}
type DataOf<R extends Fetched> = Loose<Exclude<R['data'], undefined>>;

/** The success body of a call, or an error naming the call, its status and the refusal. */
export async function ok<R extends Fetched>(call: Promise<R>, status?: number): Promise<DataOf<R>> {
  const { data, error, response } = await call;
  if (status === undefined ? !response.ok : response.status !== status)
    throw new Error(`${describe(response)} → ${response.status} ${JSON.stringify(error ?? data)}`);
  return data as DataOf<R>;
}

/**
 * A call's status, headers and body (the success body or the refusal), for a test that checks the
 * status itself. The body stays untyped on purpose: such a test reads a refusal and a success from the
 * same answer, which a union of the two precise types would not let it do.
 */
export async function answer(call: Promise<Fetched>): Promise<HttpAnswer> {
  const { data, error, response } = await call;
  return { status: response.status, headers: response.headers, body: response.ok ? data : error };
}

function describe(response: Response): string {
  const url = new URL(response.url);
  return `${url.pathname}${url.search}`;
}

/** The JSON request body of `method` on `path`, as the document describes it. */
export type JsonBody<P extends keyof paths, M extends keyof paths[P]> =
  NonNullable<paths[P][M]> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** A step a journey takes: the path segment after `/v1/journeys/{id}/` of a POST route. */
export type StepPath = {
  [P in keyof paths]: P extends `/v1/journeys/{id}/${infer S}`
    ? S extends `${string}/${string}`
      ? never
      : paths[P] extends { post: object }
        ? S
        : never
    : never;
}[keyof paths];

/** The body of step `S`. */
export type StepBody<S extends StepPath> = JsonBody<`/v1/journeys/{id}/${S}`, 'post'>;

/** The path parameters of a route on one resource: `/v1/journeys/{id}`, `/v1/rounds/{id}/close`... */
export const byId = (id: string) => ({ params: { path: { id } } });
