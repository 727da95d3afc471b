import {
  checkInputText,
  checkLineText,
  escapeUnsafeCharacters,
  hasUnsafeCharacters,
  MAX_INPUT_DEPTH,
  toSingleLine,
} from './text';

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
    ['a\u0085b', 'a C1 control (next line)'],
    ['\u202Egnp.exe', 'a right-to-left override'],
    ['a\u2067b\u2069', 'a right-to-left isolate'],
    ['a\u200Fb', 'a right-to-left mark'],
    ['a\u061Cb', 'an Arabic letter mark'],
  ])('refuses %p (%s)', (text) => {
    expect(hasUnsafeCharacters(text)).toBe(true);
  });

  it('names each field holding an unsafe character, field names included, escaped', () => {
    expect(checkInputText({ a: '\u0000', b: ['x', '\u0000'], ['c\u0000']: 1 })).toHaveLength(3);
    expect(
      checkInputText({ reason: 'a\u0000', ok: 'fine', nested: [{ name: '\ud800' }], ['bad\u0000key']: 1 }),
    ).toEqual(
      expect.arrayContaining([
        { field: 'reason', code: 'input.control_character', message: 'contains a control character' },
        {
          field: 'nested.0.name',
          code: 'input.control_character',
          message: 'contains a control character',
        },
        {
          field: 'bad\\u0000key',
          code: 'input.field_name_control_character',
          message: 'is a field name with a control character',
        },
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
      { field: 'query.uscc', code: 'input.control_character', message: 'contains a control character' },
    ]);
  });
});

describe('name-like text: one line, nothing invisible', () => {
  it.each(['杭州某某科技有限公司', 'ACME Co., Ltd. (Hangzhou)', '张三', '👍 Team', 'ISO 9001:2015'])(
    'takes %p',
    (text) => {
      expect(checkLineText(text)).toBeNull();
    },
  );

  it.each([
    ['a\nb', 'must be a single line: contains a line break or control character (U+000A)'],
    ['a\r\nSubject: x', 'must be a single line: contains a line break or control character (U+000D)'],
    ['a\tb', 'must be a single line: contains a line break or control character (U+0009)'],
    ['a\u2028b', 'must be a single line: contains a line break or control character (U+2028)'],
    ['a\u2029b', 'must be a single line: contains a line break or control character (U+2029)'],
    ['\u202Egnp.exe', 'contains a control character (U+202E)'],
    ['a\u2066b', 'contains a control character (U+2066)'],
    ['a\u200Eb', 'contains a control character (U+200E)'],
    ['a\u0000b', 'contains a control character (U+0000)'],
    ['a\u200Bb', 'contains an invisible formatting character (U+200B)'],
    ['a\u200Db', 'contains an invisible formatting character (U+200D)'],
    ['a\u2060b', 'contains an invisible formatting character (U+2060)'],
    ['\uFEFFa', 'contains an invisible formatting character (U+FEFF)'],
    ['a\u00ADb', 'contains an invisible formatting character (U+00AD)'],
    ['a\u{E0041}b', 'contains an invisible formatting character (U+E0041)'],
  ])('refuses %j: %s', (text, reason) => {
    expect(checkLineText(text)).toBe(reason);
  });
});

describe('text made one line for output', () => {
  it('turns each run of line breaks and controls into a space and drops what is invisible', () => {
    expect(toSingleLine('ACME\r\nBcc: evil@example.com')).toBe('ACME Bcc: evil@example.com');
    expect(toSingleLine('a\u2028\u2029b\tc\u0085d')).toBe('a b c d');
    expect(toSingleLine('\u202Egnp\u202C.exe\u200B\uFEFF')).toBe('gnp.exe');
    expect(toSingleLine('x\ud800y')).toBe('xy');
  });

  it('leaves ordinary text alone', () => {
    expect(toSingleLine('杭州某某科技有限公司 👍 A&B')).toBe('杭州某某科技有限公司 👍 A&B');
  });
});
