export const ROLES = ['admin', 'regulator', 'certification_body'] as const;
export type Role = (typeof ROLES)[number];

/** Who performs a step: a principal with an API key, or an enterprise through its evaluation link. */
export interface Actor {
  principalId: string;
  role: Role | 'enterprise' | 'system';
  name: string;
  regionCode?: string | null;
  certificationBodyId?: string | null;
  /** Set for an enterprise acting through its link. */
  uscc?: string | null;
}
