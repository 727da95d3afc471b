import type { PrincipalEntity } from '@uplift/persistence';

/**
 * What authentication needs of the principals: the guard and the onRequest hook live in common/,
 * which knows no feature, so the principals module provides this under PRINCIPAL_LOOKUP.
 */
export interface PrincipalLookup {
  /** The principal a key belongs to, or null for an unknown or revoked key. */
  authenticate(key: string): Promise<PrincipalEntity | null>;
}

export const PRINCIPAL_LOOKUP = Symbol('PRINCIPAL_LOOKUP');

/** The console's session cookie: its value is the session's secret (the database keeps its hash). */
export const SESSION_COOKIE = 'uplift_session';

/**
 * What authentication needs of people's sessions, by the same seam: the accounts module provides
 * it under SESSION_LOOKUP.
 */
export interface SessionLookup {
  /**
   * The session a cookie's secret names and its principal; null when the session is unknown,
   * ended, idle too long or past its absolute lifetime, or its principal is revoked.
   */
  authenticateSession(token: string): Promise<{ principal: PrincipalEntity; sessionId: string } | null>;
}

export const SESSION_LOOKUP = Symbol('SESSION_LOOKUP');
