import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';
import { ALLOWED_ROLES, PUBLIC_ROUTE, type AuthenticatedRequest } from './auth.decorators';
import { PRINCIPAL_LOOKUP, type PrincipalLookup } from './principal-lookup';

/** What a request without a valid key is told, by the guard and the hook alike. */
export const UNAUTHENTICATED = 'missing, unknown or revoked API key';

/** The principal of `Authorization: Bearer <key>`, or null for a missing, unknown or revoked key. */
export async function authenticateBearer(
  principals: PrincipalLookup,
  headers: Record<string, string | string[] | undefined>,
): Promise<PrincipalEntity | null> {
  const authorization = headers.authorization;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(typeof authorization === 'string' ? authorization : '');
  return match ? principals.authenticate(match[1]) : null;
}

/** `Authorization: Bearer <key>` on every route not marked @Public(); then the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PRINCIPAL_LOOKUP) private readonly principals: PrincipalLookup,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    // The onRequest hook (http-safeguards.ts) authenticated the key before the body was read; a
    // route reached some other way authenticates here, by the same rule.
    const principal = request.principal ?? (await authenticateBearer(this.principals, request.headers));
    if (!principal) throw new UnauthorizedException(UNAUTHENTICATED);
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenException(`this route is for ${roles.join(' or ')}, not ${principal.role}`);
    }
    return true;
  }
}
