import type { JourneyScope, PrincipalEntity } from '@uplift/persistence';

/**
 * The journeys a principal may see, for the repository's lists and counts: the same rule as
 * `journeyInScope` (libs/domain/src/steps.ts), so a list shows exactly the journeys one could open.
 */
export function journeyScopeOf(principal: PrincipalEntity): JourneyScope {
  switch (principal.role) {
    case 'admin':
      return { kind: 'all' };
    case 'regulator':
      return { kind: 'division', regionCode: principal.regionCode ?? '-' };
    case 'certification_body':
      return { kind: 'body', certificationBodyId: principal.certificationBodyId };
  }
}
