import type { Actor } from '../../../../libs/domain/src/principal';
import type { PrincipalEntity } from '../../../../libs/persistence/src/entities/principal.entity';

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
