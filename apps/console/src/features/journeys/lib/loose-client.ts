import type { UpliftClient } from '@uplift/api-client';

interface LooseAnswer {
  data?: unknown;
  error?: unknown;
  response: Response;
}
interface LooseInit {
  params?: { path?: Record<string, string | number> };
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The typed client on a path the generated schema may not list yet (a route another part of this
 * issue adds): the same client, its answers unchecked. Callers check what they read.
 */
export function loose(client: UpliftClient): {
  GET(path: string, init?: LooseInit): Promise<LooseAnswer>;
  POST(path: string, init?: LooseInit): Promise<LooseAnswer>;
} {
  return client as never;
}
