import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { Role } from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';

export const PUBLIC_ROUTE = 'uplift:public';
export const ALLOWED_ROLES = 'uplift:roles';

/**
 * No API key needed: health, docs and the enterprise's evaluation link. Marked for the guard and in
 * the Fastify route's config, where the authentication hook reads it before any body is read.
 */
export const Public = () =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), RouteConfig({ [PUBLIC_ROUTE]: true }));

/** Whether a Fastify route's config marks it public (see `Public`). */
export function isPublicRoute(config: unknown): boolean {
  return (config as Record<string, unknown> | undefined)?.[PUBLIC_ROUTE] === true;
}

/** Only these roles may call the route at all; scope within the role is checked by the service. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** How a request proved who it is: an API key (`Authorization: Bearer`) or a console session cookie. */
export type AuthenticatedBy = 'api_key' | 'session';

export interface AuthenticatedRequest {
  principal?: PrincipalEntity;
  authenticatedBy?: AuthenticatedBy;
  /** The session's id, when authenticated by its cookie. */
  sessionId?: string;
  id: string;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});
