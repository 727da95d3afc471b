import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { divisionPrefix } from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';

/**
 * The SQL form of `journeyInScope` (libs/domain/src/steps.ts): lists and counts show a principal
 * exactly the journeys it could open one by one.
 */
export function whereJourneyInScope<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  principal: PrincipalEntity,
  alias = 'j',
): SelectQueryBuilder<T> {
  switch (principal.role) {
    case 'admin':
      return qb;
    case 'regulator':
      return qb.andWhere(`${alias}.region_code LIKE :scopePrefix`, {
        scopePrefix: `${divisionPrefix(principal.regionCode ?? '-')}%`,
      });
    case 'certification_body':
      return qb.andWhere(`${alias}.certification_body_id = :scopeBody`, {
        scopeBody: principal.certificationBodyId,
      });
  }
}
