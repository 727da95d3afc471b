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
