import { checkUscc, checkUsccShape, normaliseUscc, usccCheckCharacter, usccDivision } from './uscc';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', 'the example printed in the standard'],
    ['9144030071526726XG', 'a company registered in Shenzhen'],
    ['91110000802100433B', 'a company registered in Beijing'],
  ])('accepts %s (%s)', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true });
  });

  it('computes the check character from the first 17 characters', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(usccCheckCharacter('9144030071526726X')).toBe('G');
  });

  it('refuses every single-character change of the check character', () => {
    const code = '91350100M000100Y43';
    for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY'.replace('3', '')) {
      const result = checkUscc(code.slice(0, 17) + c);
      expect(result).toEqual({
        ok: false,
        reason: 'wrong check character: expected 3',
        code: 'uscc.check_character',
        params: { expected: '3' },
      });
    }
  });

  it('refuses wrong lengths and letters the standard leaves out', () => {
    expect(checkUscc('91350100M000100Y4')).toMatchObject({ ok: false, reason: 'must be 18 characters' });
    expect(checkUscc('91350100M000100I43')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('outside'),
    });
    expect(checkUscc('91350100m000100y43')).toMatchObject({ ok: false });
    expect(checkUscc('91ABCDEFM000100Y43')).toMatchObject({ ok: false });
  });

  it('checks the shape alone for codes accepted with the check character they were issued with', () => {
    expect(checkUsccShape('91350100M000100Y40')).toEqual({ ok: true });
    expect(checkUscc('91350100M000100Y40')).toMatchObject({ ok: false });
    expect(checkUsccShape('91350100M000100I43')).toMatchObject({ ok: false });
    expect(checkUsccShape('91350100M000100Y4')).toMatchObject({ ok: false });
  });

  it('reads the registering division', () => {
    expect(usccDivision('91350100M000100Y43')).toBe('350100');
  });
});

describe('reading a USCC wherever it enters', () => {
  it.each([
    ['91350100m000100y43', 'lowercase'],
    ['  91350100M000100Y43\t', 'surrounded by spaces'],
    ['９１３５０１００Ｍ０００１００Ｙ４３', 'full-width, as Chinese input methods type it'],
    ['\u3000９１350100ｍ000100ｙ43', 'full-width lowercase behind an ideographic space'],
  ])('reads %p (%s) as the code it is', (text) => {
    expect(normaliseUscc(text)).toBe('91350100M000100Y43');
    expect(checkUscc(normaliseUscc(text))).toEqual({ ok: true });
  });

  it('changes nothing valid, and makes nothing valid of letters the standard leaves out', () => {
    expect(normaliseUscc('91350100M000100Y43')).toBe('91350100M000100Y43');
    expect(checkUscc(normaliseUscc('91350100m000100i43')).ok).toBe(false);
  });
});
