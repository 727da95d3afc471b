import { InvalidInputError, isJourneyId, type StepActor } from '@uplift/domain';
import type { JourneyListRow, JourneyPage, JourneySort, PrincipalEntity } from '@uplift/persistence';

/** `mustAct` as the list takes it: an actor of the STEPS table, or `me`. */
export type MustAct = StepActor | 'me';

/**
 * Whose move the caller means by `me`: a certification body's, a bureau's (within its division, as
 * its scope already is). An admin may take every step a principal takes, so for an admin `me` is
 * every journey waiting for a bureau or a certification body: all the work people with accounts
 * have, and not the journeys waiting only for an enterprise's answer.
 */
export function mustActOf(principal: Pick<PrincipalEntity, 'role'>, mustAct: MustAct): StepActor[] {
  if (mustAct !== 'me') return [mustAct];
  switch (principal.role) {
    case 'certification_body':
      return ['certification_body'];
    case 'regulator':
      return ['regulator'];
    case 'admin':
      return ['regulator', 'certification_body'];
  }
}

const KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function refused(message: string): InvalidInputError {
  return new InvalidInputError([{ field: 'query.cursor', message }]);
}

/**
 * The cursor of the page after `last`. In id order it is the id alone (as before sorts existed);
 * in another order it also names the order and the row's key, so it resumes exactly there and a
 * cursor of one order is refused by another.
 */
export function encodeCursor(sort: JourneySort, last: Pick<JourneyListRow, 'id' | 'sortKey'>): string {
  const text = sort === 'id' ? last.id : JSON.stringify([sort, last.sortKey, last.id]);
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Where the page after `cursor` resumes; a cursor this API did not issue for `sort` is a 400. */
export function decodeCursor(cursor: string, sort: JourneySort): NonNullable<JourneyPage['after']> {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (isJourneyId(text)) {
    if (sort !== 'id') throw refused(`was issued for the list in id order, not for sort=${sort}`);
    return { key: null, id: text };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refused('is not a cursor this API issued');
  }
  if (
    !Array.isArray(value) ||
    value.length !== 3 ||
    typeof value[0] !== 'string' ||
    !(value[1] === null || (typeof value[1] === 'string' && KEY.test(value[1]))) ||
    typeof value[2] !== 'string' ||
    !isJourneyId(value[2])
  )
    throw refused('is not a cursor this API issued');
  const [issuedFor, key, id] = value as [string, string | null, string];
  if (issuedFor !== sort)
    throw refused(
      `was issued for sort=${issuedFor}, not for ${sort === 'id' ? 'the id order' : `sort=${sort}`}`,
    );
  if (key === null && sort === '-updatedAt') throw refused('is not a cursor this API issued');
  return { key, id };
}
