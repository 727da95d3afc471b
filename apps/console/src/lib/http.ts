import { currentLocale } from './i18n';

/** The API's error body (one shape for every error, see apps/api/src/common/error.filter.ts). */
export interface ErrorBody {
  statusCode: number;
  error?: string;
  message: string;
  details?: { field: string; message: string; code?: string }[];
}

/** An answer that was not 2xx: its status, body, and `Retry-After` in seconds when given. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    readonly retryAfterSeconds: number | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The message of the detail about `field`, if the API named it. */
  detail(field: string): string | undefined {
    return this.body?.details?.find((d) => d.field === field || d.field.endsWith(`.${field}`))?.message;
  }
}

export const isApiError = (err: unknown, status?: number): err is ApiError =>
  err instanceof ApiError && (status === undefined || err.status === status);

/** Turns an openapi-fetch answer (`{ data, error, response }`) into data or a thrown ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw toApiError(result.response, result.error);
}

function toApiError(response: Response, body: unknown): ApiError {
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    body && typeof body === 'object' && 'message' in body ? (body as ErrorBody) : null,
    Number.isFinite(retry) && retry > 0 ? retry : null,
  );
}

/**
 * A same-origin call for routes the generated client (libs/api-client/src/schema.ts) does not list
 * yet; the session cookie goes with it, messages come back in the person's language.
 */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      'accept-language': currentLocale(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) throw toApiError(response, parsed);
  return parsed as T;
}
