import type { Actor } from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';

/** The principal as the journey's workflow records it on each step. */
export function actorOf(p: PrincipalEntity): Actor {
  return {
    principalId: p.id,
    role: p.role,
    name: p.name,
    regionCode: p.regionCode,
    certificationBodyId: p.certificationBodyId,
  };
}
