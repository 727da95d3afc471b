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
