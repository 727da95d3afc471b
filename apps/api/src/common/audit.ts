import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { type Observable, tap } from 'rxjs';
import { escapeUnsafeCharacters } from '@uplift/domain';
import type { AuditLog } from '@uplift/persistence';
import type { AuthenticatedRequest } from './auth.decorators';

/** What a route may add to its audit entry. Never a key, a secret or a whole body. */
interface AuditAnnotations {
  auditDetails?: Record<string, unknown>;
  auditTarget?: string;
  /** What an account route did (`sign_in`, `account_locked`, ...), stored as the entry's action. */
  auditAction?: AccountAction;
  /** Whom it was about when the caller is not authenticated (a sign-in names the account tried). */
  auditPrincipalId?: string;
}

type Request = FastifyRequest & AuthenticatedRequest & AuditAnnotations;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The route recorded for a request no route matched. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** Adds to the audit entry of this request, e.g. an admin override it used. */
export function annotateAudit(request: object, details: Record<string, unknown>): void {
  const r = request as AuditAnnotations;
  r.auditDetails = { ...r.auditDetails, ...details };
}

/** What a people's-account route may record as its audit entry's action. */
export const ACCOUNT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'account_locked',
  'sign_out',
  'invitation_sent',
  'password_set',
  'password_reset_requested',
  'password_reset',
] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

/**
 * Names what an account route did (`sign_in`, `sign_in_failed`, `account_locked`, `sign_out`,
 * `invitation_sent`, `password_set`, `password_reset_requested`, `password_reset`), and whom it was
 * about when no principal is authenticated. An entry with an action is recorded even when it is
 * answered 429 (an account that locks).
 */
export function annotateAccountAction(
  request: object,
  action: AccountAction,
  about: { principalId?: string; details?: Record<string, unknown> } = {},
): void {
  const r = request as AuditAnnotations;
  r.auditAction = action;
  if (about.principalId !== undefined) {
    r.auditPrincipalId = about.principalId;
    r.auditTarget ??= about.principalId;
  }
  if (about.details) annotateAudit(request, about.details);
}

/** Stored text from request input: unsafe characters escaped, length bounded. */
function storable(text: string, max = 200): string {
  return escapeUnsafeCharacters(text).slice(0, max);
}

/**
 * The target of a call that creates something is the id in its answer: a global interceptor
 * notes it, so new routes are audited with their target without doing anything.
 */
@Injectable()
export class AuditTargetInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (!STATE_CHANGING.has(request.method)) return next.handle();
    return next.handle().pipe(
      tap((body) => {
        const id = (body as { id?: unknown } | null)?.id;
        if (request.auditTarget === undefined && typeof id === 'string') request.auditTarget = id;
      }),
    );
  }
}

/**
 * Records every POST, PUT, PATCH and DELETE in `audit_log` before its answer leaves, whatever the
 * outcome (401, 400, 409 and 5xx included) — except 429s, so a flood cannot fill the log.
 */
export function registerAuditHook(fastify: FastifyInstance, log: AuditLog): void {
  const logger = new Logger('Audit');
  fastify.addHook('onSend', async (raw, reply, payload) => {
    const request = raw as Request;
    if (!STATE_CHANGING.has(request.method)) return payload;
    if (reply.statusCode === 429 && request.auditAction === undefined) return payload;
    const params = request.params as Record<string, unknown> | undefined;
    const paramId = typeof params?.id === 'string' ? params.id : undefined;
    const target = paramId ?? request.auditTarget;
    // Only a route pattern is stored: the raw path of an unmatched request may carry a token.
    const route = request.routeOptions?.url ?? UNMATCHED_ROUTE;
    const given = request.headers['x-request-id'];
    const clientRequestId = typeof given === 'string' ? storable(given, 64) : null;
    // The record's request id is the server's own; the client's value, if any, is kept beside it.
    const requestId =
      typeof given === 'string' && String(request.id) === given
        ? randomUUID()
        : storable(String(request.id), 64);
    try {
      await log.record({
        principalId: request.principal?.id ?? request.auditPrincipalId ?? null,
        requestId,
        clientRequestId,
        method: request.method,
        route: storable(route),
        targetId: target === undefined ? null : storable(target),
        statusCode: reply.statusCode,
        ip: request.ip ?? null,
        details: request.auditDetails ?? null,
        action: request.auditAction ?? null,
      });
    } catch (err) {
      logger.error(`could not record ${request.method} ${route} [${request.id}]: ${(err as Error).message}`);
    }
    return payload;
  });
}
