import { checkInputText, escapeUnsafeCharacters, hasUnsafeCharacters, MAX_INPUT_DEPTH } from './text';

describe('text any input may carry', () => {
  it('allows ordinary text, Chinese, emoji, tabs and line breaks', () => {
    expect(hasUnsafeCharacters('意愿不强\n第二行\tOK 👍')).toBe(false);
  });

  it.each([
    ['a\u0000b', 'NUL, which PostgreSQL cannot store'],
    ['\u001b[31m', 'an escape sequence'],
    ['\u007f', 'DEL'],
    ['\ud800', 'a lone high surrogate'],
    ['x\udc00', 'a lone low surrogate'],
  ])('refuses %p (%s)', (text) => {
    expect(hasUnsafeCharacters(text)).toBe(true);
  });

  it('names each field holding an unsafe character, field names included, escaped', () => {
    expect(checkInputText({ a: '\u0000', b: ['x', '\u0000'], ['c\u0000']: 1 })).toHaveLength(3);
    expect(
      checkInputText({ reason: 'a\u0000', ok: 'fine', nested: [{ name: '\ud800' }], ['bad\u0000key']: 1 }),
    ).toEqual(
      expect.arrayContaining([
        { field: 'reason', message: 'contains a control character' },
        { field: 'nested.0.name', message: 'contains a control character' },
        { field: 'bad\\u0000key', message: 'is a field name with a control character' },
      ]),
    );
    expect(escapeUnsafeCharacters('a\u0000b\ud800')).toBe('a\\u0000b\\ud800');
  });

  it('refuses nesting deeper than the limit without recursing', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const errors = checkInputText({ a: deep });
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain(`deeper than ${MAX_INPUT_DEPTH}`);
    expect(errors[0].field.startsWith('a.0.0')).toBe(true);
  });

  it('prefixes query fields', () => {
    expect(checkInputText({ uscc: '\u0000' }, 'query')).toEqual([
      { field: 'query.uscc', message: 'contains a control character' },
    ]);
  });
});
