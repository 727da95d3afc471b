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
  fieldError,
  isMessageCode,
  type CodedMessage,
  type FieldError,
  type MessageCode,
  type MessageLocale,
  type MessageParams,
} from '@uplift/domain';
import { API_DEFAULT_LOCALE, localDetail, requestLocale, say, varyByLanguage } from './locale';
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

/** What a status says in Chinese when the error names no rule of its own; English keeps its words. */
const STATUS_CODE: Record<number, MessageCode> = {
  401: 'http.unauthenticated',
  403: 'http.forbidden',
  404: 'http.not_found',
  409: 'http.conflict',
  410: 'http.gone',
  413: 'http.payload_too_large',
  414: 'http.uri_too_long',
  415: 'http.unsupported_media_type',
};

/** The summary of a 400 by what the error said (`InvalidInputError`'s message). */
const SUMMARY: Record<string, MessageCode> = {
  'invalid body': 'request.invalid_body',
  'invalid query': 'request.invalid_query',
  'invalid header': 'request.invalid_header',
  'malformed CSV': 'request.malformed_csv',
};

/** The role refusal of AuthGuard (`this route is for a or b, not c`), by its parts. */
const ROLE_REFUSAL = /^this route is for (.+), not (\w+)$/;

function codedOf(err: unknown): CodedMessage | undefined {
  const coded = (err as { coded?: CodedMessage } | null)?.coded;
  if (coded && isMessageCode(coded.code)) return coded;
  const own = err as { messageCode?: unknown; messageParams?: MessageParams } | null;
  if (own && isMessageCode(own.messageCode)) return { code: own.messageCode, params: own.messageParams };
  return undefined;
}

/**
 * Every error becomes `{ statusCode, error, message, details? }` in `locale`; nothing internal leaks
 * out. Each detail carries its rule's stable `code`; a step refused for the stage carries its own in
 * `details.code` beside `details.currentStage`. English keeps the words it always had.
 */
export function toErrorBody(err: unknown, locale: MessageLocale = API_DEFAULT_LOCALE): ErrorBody {
  if (err instanceof ReplayedAnswer) return err.body as ErrorBody;
  const details = (list: FieldError[]) => list.map((d) => localDetail(d, locale));
  /** `english` as it is for en, else the catalog's words for `code`. */
  const told = (english: string, code: MessageCode, params?: MessageParams) =>
    locale === 'en' ? english : say(code, locale, params);
  const byStatus = (status: number, english: string) => {
    const coded = codedOf(err);
    if (coded) return body(status, say(coded.code, locale, coded.params));
    const code = STATUS_CODE[status];
    return body(status, code ? told(english, code, { what: 'resource' }) : english);
  };
  if (err instanceof InvalidInputError) {
    const summary = SUMMARY[err.message] ?? 'request.invalid';
    return body(400, told(err.message, summary, { count: err.details.length }), details(err.details));
  }
  if (err instanceof BodyTooLargeError) return byStatus(413, err.message);
  if (err instanceof UnsupportedMediaTypeError)
    return body(415, told(err.message, 'http.unsupported_media_type'), details(err.details));
  if (err instanceof CsvError)
    return body(400, told('malformed CSV', 'request.malformed_csv', { count: 1 }), [
      localDetail(fieldError('(body)', 'csv.malformed', { reason: err.message }), locale),
    ]);
  if (err instanceof NotFoundError) return body(404, told(err.message, 'http.not_found', { what: err.what }));
  if (err instanceof WorkflowNotFoundError)
    return body(404, say('http.not_found', locale, { what: 'journey' }));
  if (err instanceof ForbiddenError) return byStatus(403, err.message);
  if (err instanceof ConflictError) return byStatus(409, err.message);
  if (err instanceof LinkUnusableError) {
    const status = { used: 409, expired: 410, closed: 410, unknown: 404 }[err.problem];
    return body(status, told(err.message, `link.${err.problem}`));
  }
  if (err instanceof StepRefusedError) {
    const r = err.refusal;
    if (r.kind === 'out_of_scope') return body(404, say('http.not_found', locale, { what: 'journey' }));
    if (r.kind === 'actor')
      return body(403, r.code ? told(r.message, r.code, r.params) : told(r.message, 'http.forbidden'));
    const code = r.code ?? 'step.refused';
    const params = r.code ? r.params : { stage: r.currentStage };
    return body(409, told(r.message, code, params), { currentStage: r.currentStage, code });
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
    if (status === 400) {
      const detail = localDetail(fieldError('(body)', 'body.malformed', { reason: message }), locale);
      return body(400, told(message, 'body.malformed', { reason: message }), [detail]);
    }
    if (status === 404 && message.startsWith('Cannot '))
      return body(404, told('route not found', 'http.route_not_found'));
    const role = status === 403 ? ROLE_REFUSAL.exec(message) : null;
    if (role) return body(403, told(message, 'http.forbidden_role', { roles: role[1], role: role[2] }));
    return byStatus(status, message);
  }
  const status = (err as { statusCode?: unknown })?.statusCode;
  // Errors fastify raises itself (body too large, malformed JSON, unsupported media type).
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = String((err as Error).message);
    if (status !== 400) return byStatus(status, message);
    // Every 400 names what is wrong: here the URL (frameworkErrors) or the body as a whole.
    const url = String((err as { code?: unknown }).code ?? '') === 'FST_ERR_BAD_URL';
    const detail = fieldError(url ? '(url)' : '(body)', url ? 'url.malformed' : 'body.malformed', {
      reason: message,
    });
    return body(400, told(message, detail.code!, detail.params), [localDetail(detail, locale)]);
  }
  const down = unavailableService(err);
  if (down) return body(503, say('http.unavailable', locale, { service: down }));
  return body(HttpStatus.INTERNAL_SERVER_ERROR, say('http.internal', locale));
}

/**
 * Errors Fastify's router answers before any hook or handler (a URL that is not valid UTF-8, a path
 * parameter over its length): the adapter's `frameworkErrors`, so they get the same shape.
 */
export function answerFrameworkError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const payload = toErrorBody(err, requestLocale(request));
  varyByLanguage(reply);
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
    const payload = toErrorBody(err, requestLocale(request));
    if (payload.statusCode >= 500) {
      this.logger.error(
        `${request.method} ${request.routeOptions?.url ?? '?'} [${request.id}]: ${(err as Error)?.stack ?? String(err)}`,
      );
    }
    if (payload.statusCode === 503) void reply.header('retry-after', RETRY_AFTER_SECONDS);
    varyByLanguage(reply);
    void reply
      .status(payload.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send(payload);
  }
}
