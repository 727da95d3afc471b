import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import type { Role } from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';
import {
  ALLOWED_ROLES,
  PUBLIC_ROUTE,
  type AuthenticatedBy,
  type AuthenticatedRequest,
} from './auth.decorators';
import {
  PRINCIPAL_LOOKUP,
  SESSION_COOKIE,
  SESSION_LOOKUP,
  type PrincipalLookup,
  type SessionLookup,
} from './principal-lookup';

/** What a request without a valid key is told, by the guard and the hook alike. */
export const UNAUTHENTICATED = 'missing, unknown or revoked API key';
/** What a request whose only credential is a session cookie that no longer works is told. */
export const SESSION_ENDED = '会话已失效，请重新登录 (the session has ended or expired; sign in again)';
/** What a state-changing request authenticated by cookie from another origin is told. */
export const CROSS_ORIGIN =
  '请求来源与控制台不一致，已拒绝 (a request signed in by the session cookie must come from the console’s own origin: its Origin or Referer header does not match)';

type Headers = Record<string, string | string[] | undefined>;

/** The principal of `Authorization: Bearer <key>`, or null for a missing, unknown or revoked key. */
export async function authenticateBearer(
  principals: PrincipalLookup,
  headers: Headers,
): Promise<PrincipalEntity | null> {
  const authorization = headers.authorization;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(typeof authorization === 'string' ? authorization : '');
  return match ? principals.authenticate(match[1]) : null;
}

/** The value of one cookie of the request's `Cookie` header, or null. */
export function cookieOf(headers: Headers, name: string): string | null {
  const header = headers.cookie;
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
    }
  }
  return null;
}

export type Authentication =
  | { principal: PrincipalEntity; by: AuthenticatedBy; sessionId?: string }
  | { principal: null; message: string };

/**
 * Who a request is: `Authorization: Bearer <key>` when it carries one (a wrong key is not made good
 * by a cookie), else the console's session cookie. The answer for neither names what failed.
 */
export async function authenticateRequest(
  principals: PrincipalLookup,
  sessions: SessionLookup | null | undefined,
  headers: Headers,
): Promise<Authentication> {
  if (headers.authorization !== undefined) {
    const principal = await authenticateBearer(principals, headers);
    return principal ? { principal, by: 'api_key' } : { principal: null, message: UNAUTHENTICATED };
  }
  const token = cookieOf(headers, SESSION_COOKIE);
  if (token && sessions) {
    const session = await sessions.authenticateSession(token);
    if (session) return { principal: session.principal, by: 'session', sessionId: session.sessionId };
    return { principal: null, message: SESSION_ENDED };
  }
  return { principal: null, message: UNAUTHENTICATED };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What the origin check reads of a request (a Fastify request has all of it). */
export interface OriginFacts {
  method: string;
  headers: Headers;
  /** `http` or `https`; X-Forwarded-Proto when TRUST_PROXY says so (Fastify's `request.protocol`). */
  protocol: string;
  /** The Host (with port), X-Forwarded-Host when TRUST_PROXY says so (Fastify's `request.host`). */
  host: string;
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Whether a request comes from the console's own origin: its `Origin` (or, when a browser sent
 * none, its `Referer`) is the origin of PUBLIC_BASE_URL or the request's own scheme and host. A
 * request with neither header is not from the console.
 */
export function fromOwnOrigin(request: OriginFacts, publicBaseUrl: string): boolean {
  const header = (name: string) => {
    const v = request.headers[name];
    return typeof v === 'string' && v !== '' ? v : null;
  };
  const origin = header('origin');
  const claimed =
    origin !== null ? originOf(origin) : header('referer') ? originOf(header('referer')!) : null;
  if (claimed === null) return false;
  const own = [originOf(publicBaseUrl), originOf(`${request.protocol}://${request.host}`)];
  return own.includes(claimed);
}

/**
 * The CSRF rule: a state-changing request authenticated by the session cookie must come from the
 * console's own origin (SameSite=Strict already keeps the cookie off most cross-site requests;
 * this also refuses same-site ones from another origin, and old browsers). API keys are unaffected.
 */
export function crossOriginRefusal(
  request: OriginFacts,
  by: AuthenticatedBy,
  publicBaseUrl: string,
): ForbiddenException | null {
  if (by !== 'session' || !STATE_CHANGING.has(request.method)) return null;
  return fromOwnOrigin(request, publicBaseUrl) ? null : new ForbiddenException(CROSS_ORIGIN);
}

/**
 * `Authorization: Bearer <key>` or the session cookie on every route not marked @Public(); the
 * origin of a cookie's state-changing request; then the route's roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PRINCIPAL_LOOKUP) private readonly principals: PrincipalLookup,
    @Optional() @Inject(SESSION_LOOKUP) private readonly sessions?: SessionLookup,
    @Optional() @Inject(CONFIG) private readonly config?: UpliftConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & OriginFacts>();
    // The onRequest hook (http-safeguards.ts) authenticated the request before the body was read; a
    // route reached some other way authenticates here, by the same rule.
    if (!request.principal) {
      const auth = await authenticateRequest(this.principals, this.sessions, request.headers);
      if (!auth.principal) throw new UnauthorizedException(auth.message);
      request.principal = auth.principal;
      request.authenticatedBy = auth.by;
      request.sessionId = auth.sessionId;
    }
    const refusal = crossOriginRefusal(
      request,
      request.authenticatedBy ?? 'api_key',
      this.config?.PUBLIC_BASE_URL ?? '',
    );
    if (refusal) throw refusal;
    const principal = request.principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenException(`this route is for ${roles.join(' or ')}, not ${principal.role}`);
    }
    return true;
  }
}
