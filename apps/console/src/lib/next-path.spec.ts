import { HOME, safeNext } from './next-path';

describe('where the console lands after signing in', () => {
  it('goes back to the page that asked for a session, with its query', () => {
    expect(safeNext('/journeys/journey-1')).toBe('/journeys/journey-1');
    expect(safeNext('/inbox?stage=diagnosis')).toBe('/inbox?stage=diagnosis');
    expect(safeNext('/console/journeys/journey-1')).toBe('/journeys/journey-1');
  });

  it('never leaves the app, nor lands back on a sign-in page', () => {
    for (const next of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '/console//evil.example',
      'javascript:alert(1)',
      '/login?next=/inbox',
      '/invitation/abc',
      '/password-reset',
      '/',
      '/inbox\n',
    ])
      expect([next, safeNext(next)]).toEqual([next, HOME]);
  });
});
