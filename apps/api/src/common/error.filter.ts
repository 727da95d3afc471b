import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CsvError } from 'csv-parse';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  LinkUnusableError,
  NotFoundError,
  StepRefusedError,
  UnsupportedMediaTypeError,
} from '@uplift/domain';
import { BodyTooLargeError } from './body-parsers';
import type { ErrorBody } from './api-contract';
import { ReplayedAnswer } from './replayed-answer';
import { unavailableService } from './unavailable';

/** A backing service that is down is usually back within this; clients should wait at least so long. */
const RETRY_AFTER_SECONDS = 5;

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function body(statusCode: number, message: string, details?: ErrorBody['details']): ErrorBody {
  return {
    statusCode,
    error: REASON[statusCode] ?? 'Error',
    message,
    ...(details !== undefined ? { details } : {}),
  };
}

/** Every error becomes `{ statusCode, error, message, details? }`; nothing internal leaks out. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof ReplayedAnswer) return err.body as ErrorBody;
  if (err instanceof InvalidInputError) return body(400, err.message, err.details);
  if (err instanceof BodyTooLargeError) return body(413, err.message);
  if (err instanceof UnsupportedMediaTypeError) return body(415, err.message, err.details);
  if (err instanceof CsvError) return body(400, 'malformed CSV', [{ field: '(body)', message: err.message }]);
  if (err instanceof NotFoundError) return body(404, err.message);
  if (err instanceof WorkflowNotFoundError) return body(404, 'journey not found');
  if (err instanceof ForbiddenError) return body(403, err.message);
  if (err instanceof ConflictError) return body(409, err.message);
  if (err instanceof LinkUnusableError) {
    const status = { used: 409, expired: 410, closed: 410, unknown: 404 }[err.problem];
    return body(status, err.message);
  }
  if (err instanceof StepRefusedError) {
    const r = err.refusal;
    if (r.kind === 'out_of_scope') return body(404, 'journey not found');
    if (r.kind === 'actor') return body(403, r.message);
    return body(409, r.message, { currentStage: r.currentStage });
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? err.message);
    // Nest turns Fastify's body errors (malformed or empty JSON) into these: name the body.
    if (status === 400) return body(400, message, [{ field: '(body)', message }]);
    return body(status, status === 404 && message.startsWith('Cannot ') ? 'route not found' : message);
  }
  const status = (err as { statusCode?: unknown })?.statusCode;
  // Errors fastify raises itself (body too large, malformed JSON, unsupported media type).
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = String((err as Error).message);
    if (status !== 400) return body(status, message);
    // Every 400 names what is wrong: here the URL (frameworkErrors) or the body as a whole.
    const code = String((err as { code?: unknown }).code ?? '');
    const field = code === 'FST_ERR_BAD_URL' ? '(url)' : '(body)';
    return body(400, message, [{ field, message }]);
  }
  const down = unavailableService(err);
  if (down) return body(503, `the ${down} is unavailable; try again shortly`);
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error');
}

/**
 * Errors Fastify's router answers before any hook or handler (a URL that is not valid UTF-8, a path
 * parameter over its length): the adapter's `frameworkErrors`, so they get the same shape.
 */
export function answerFrameworkError(err: unknown, _request: FastifyRequest, reply: FastifyReply): void {
  const payload = toErrorBody(err);
  void reply
    .status(payload.statusCode)
    .header('content-type', 'application/json; charset=utf-8')
    .send(payload);
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const payload = toErrorBody(err);
    if (payload.statusCode >= 500) {
      this.logger.error(
        `${request.method} ${request.routeOptions?.url ?? '?'} [${request.id}]: ${(err as Error)?.stack ?? String(err)}`,
      );
    }
    if (payload.statusCode === 503) void reply.header('retry-after', RETRY_AFTER_SECONDS);
    void reply
      .status(payload.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send(payload);
  }
}
