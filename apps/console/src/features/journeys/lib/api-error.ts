/** An API answer other than 2xx: its status and its `{ message, details }` body. */
export interface ErrorDetail {
  field: string;
  code?: string;
  message: string;
}

export class ApiError extends Error {
  readonly details: ErrorDetail[];
  readonly currentStage: string | null;
  /** A 409's rule in the message catalog (`details.code`): why the step was refused. */
  readonly code: string | null;
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
    const conflict = details && typeof details === 'object' && !Array.isArray(details) ? details : null;
    this.currentStage =
      conflict && 'currentStage' in conflict
        ? String((conflict as { currentStage: unknown }).currentStage)
        : null;
    this.code = conflict && 'code' in conflict ? String((conflict as { code: unknown }).code) : null;
  }
}
