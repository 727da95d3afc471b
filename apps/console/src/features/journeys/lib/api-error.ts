/** An API answer other than 2xx: its status and its `{ message, details }` body. */
export interface ErrorDetail {
  field: string;
  code?: string;
  message: string;
}

export class ApiError extends Error {
  readonly details: ErrorDetail[];
  readonly currentStage: string | null;
  constructor(
    readonly status: number,
    body: unknown,
  ) {
    const b = (body ?? {}) as { message?: unknown; details?: unknown };
    super(typeof b.message === 'string' ? b.message : `HTTP ${status}`);
    this.name = 'ApiError';
    const details = b.details;
    this.details = Array.isArray(details)
      ? details.filter((d): d is ErrorDetail => typeof d === 'object' && d !== null && 'field' in d)
      : [];
    this.currentStage =
      details && typeof details === 'object' && !Array.isArray(details) && 'currentStage' in details
        ? String((details as { currentStage: unknown }).currentStage)
        : null;
  }
}
