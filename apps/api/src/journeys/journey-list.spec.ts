import { InvalidInputError, journeyId } from '@uplift/domain';
import { decodeCursor, encodeCursor, mustActOf } from './journey-list';

const ID = journeyId('0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d', '91330106MA2B3C4D5X');
const KEY = '2026-12-01T04:00:55.123456Z';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInputError);
    return (err as InvalidInputError).details[0]?.field;
  }
  return undefined;
}

describe('the journey list cursor', () => {
  it('resumes where it was issued, in every order, the key exact to the microsecond', () => {
    for (const sort of ['deadline', '-deadline', '-updatedAt'] as const)
      expect(decodeCursor(encodeCursor(sort, { id: ID, sortKey: KEY }), sort)).toEqual({ key: KEY, id: ID });
    // A journey without a deadline sorts last; its cursor resumes among those.
    expect(decodeCursor(encodeCursor('deadline', { id: ID, sortKey: null }), 'deadline')).toEqual({
      key: null,
      id: ID,
    });
  });

  it('is the id alone in id order, as cursors were before sorts', () => {
    const cursor = encodeCursor('id', { id: ID, sortKey: null });
    expect(Buffer.from(cursor, 'base64url').toString()).toBe(ID);
    expect(decodeCursor(cursor, 'id')).toEqual({ key: null, id: ID });
  });

  it('refuses a cursor of another order as a 400 on query.cursor', () => {
    const byDeadline = encodeCursor('deadline', { id: ID, sortKey: KEY });
    expect(fieldOf(() => decodeCursor(byDeadline, '-deadline'))).toBe('query.cursor');
    expect(fieldOf(() => decodeCursor(byDeadline, 'id'))).toBe('query.cursor');
    expect(fieldOf(() => decodeCursor(encodeCursor('id', { id: ID, sortKey: null }), 'deadline'))).toBe(
      'query.cursor',
    );
  });

  it('refuses what it did not issue: a forged key never reaches SQL', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'not a cursor',
      forged(['deadline', "2026-12-01'; DROP TABLE journeys; --", ID]),
      forged(['deadline', KEY, 'journey-1']),
      forged(['deadline', KEY]),
      forged(['-updatedAt', null, ID]),
      forged({ sort: 'deadline' }),
    ])
      for (const sort of ['id', 'deadline', '-updatedAt'] as const)
        expect(fieldOf(() => decodeCursor(cursor, sort))).toBe('query.cursor');
  });
});

describe('mustAct', () => {
  it('names an actor of the step table as given', () => {
    expect(mustActOf({ role: 'admin' }, 'enterprise')).toEqual(['enterprise']);
    expect(mustActOf({ role: 'certification_body' }, 'regulator')).toEqual(['regulator']);
  });

  it("resolves `me` by the caller's role: a body its body, a bureau its bureau, an admin either", () => {
    expect(mustActOf({ role: 'certification_body' }, 'me')).toEqual(['certification_body']);
    expect(mustActOf({ role: 'regulator' }, 'me')).toEqual(['regulator']);
    expect(mustActOf({ role: 'admin' }, 'me')).toEqual(['regulator', 'certification_body']);
  });
});
