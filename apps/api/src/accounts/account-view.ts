import type { PrincipalEntity } from '@uplift/persistence';
import type { z } from 'zod';
import type { accountPrincipalSchema } from './accounts.dto';

/** The principal view (as admins see it) with its certification body's name. */
export function accountPrincipalView(
  p: PrincipalEntity,
  certificationBodyName: string | null,
): z.input<typeof accountPrincipalSchema> {
  return {
    id: p.id,
    role: p.role,
    name: p.name,
    email: p.email,
    regionCode: p.regionCode,
    certificationBodyId: p.certificationBodyId,
    certificationBodyName,
    keyPrefix: p.keyPrefix,
    isBootstrap: p.isBootstrap,
    revokedAt: p.revokedAt,
    createdAt: p.createdAt,
    notificationMode: p.notificationMode ?? null,
  };
}
