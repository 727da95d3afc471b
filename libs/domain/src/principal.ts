export const ROLES = ['admin', 'regulator', 'certification_body'] as const;
export type Role = (typeof ROLES)[number];

/** Who performs a step, as the workflow records it. */
export interface Actor {
  principalId: string;
  role: Role;
  name: string;
  regionCode?: string | null;
  certificationBodyId?: string | null;
}
