import { englishMessage, fieldError, type FieldError, type MessageParams } from './messages';

/**
 * Characters no input may carry, in values or in field names: C0 controls other than tab, line feed
 * and carriage return, DEL, C1 controls, unpaired UTF-16 surrogates, and the bidirectional controls
 * (marks, embeddings, overrides, isolates: Unicode's Bidi_Control). PostgreSQL refuses U+0000 and
 * unpaired surrogates in text and jsonb, so letting one through would turn a bad request into a failure
 * deep inside a step (or a workflow activity retrying forever). A bidirectional control makes text
 * display in another order than it is stored ("Trojan Source"): in an email, a report or a history it
 * can make one name pass for another, and no text of the campaign needs one.
 */
/* eslint-disable no-control-regex -- matching control characters is the point */
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex */
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

/** How deep a JSON body may nest; no payload of the contract comes near it. */
export const MAX_INPUT_DEPTH = 32;
const MAX_REPORTED = 20;

export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE.test(text);
}

/** `text` with each unsafe character written as `\uXXXX`, so it can be shown and stored. */
export function escapeUnsafeCharacters(text: string): string {
  return text.replace(UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Checks a parsed body or query before its schema does: no unsafe character in any string or field
 * name, no nesting deeper than MAX_INPUT_DEPTH. Iterative, so a hostile body cannot exhaust the stack.
 */
export function checkInputText(value: unknown, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const label = (path: string[]) => [prefix, ...path].filter((p) => p !== '').join('.') || '(body)';
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (pending.length > 0 && errors.length < MAX_REPORTED) {
    const { value: v, path } = pending.pop()!;
    if (typeof v === 'string') {
      if (hasUnsafeCharacters(v)) errors.push(fieldError(label(path), 'input.control_character'));
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      errors.push(fieldError(label(path), 'input.too_deep', { max: MAX_INPUT_DEPTH }));
      continue;
    }
    const entries = Array.isArray(v) ? v.map((item, i) => [String(i), item] as const) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i];
      if (hasUnsafeCharacters(key)) {
        errors.push(
          fieldError(label([...path, escapeUnsafeCharacters(key)]), 'input.field_name_control_character'),
        );
        continue;
      }
      pending.push({ value: item, path: [...path, key] });
    }
  }
  return errors;
}

/**
 * What a name-like text (a name, a title, a category, a certificate number: anything shown on one line,
 * in an email subject or a spreadsheet cell) may not contain besides the unsafe characters: line breaks
 * and other controls (tab included), and the invisible format characters (zero-width spaces and joiners,
 * word joiners, soft hyphens, byte-order marks, tag characters: Unicode's Cf). One of those lets a name
 * start a new line of an email, or look like another name while it is not.
 */
const NOT_IN_A_LINE = /[\p{Cc}\p{Zl}\p{Zp}]/u;
const INVISIBLE = /\p{Cf}/u;
const NOT_IN_A_LINE_ALL = /[\p{Cc}\p{Zl}\p{Zp}]+/gu;
const INVISIBLE_ALL = /\p{Cf}/gu;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` cannot be a name-like field, or null when it can. */
export function checkLineText(text: string): string | null {
  const problem = lineTextProblem(text);
  return problem && englishMessage(problem.code, problem.params);
}

/** The rule a name-like text breaks, by its message code, with the character (`U+000A`), or null. */
export function lineTextProblem(
  text: string,
): { code: 'text.control_character' | 'text.line_break' | 'text.invisible'; params: MessageParams } | null {
  const unsafe = UNSAFE.exec(text);
  if (unsafe) return { code: 'text.control_character', params: { char: codePoint(unsafe[0]) } };
  const breaking = NOT_IN_A_LINE.exec(text);
  if (breaking) return { code: 'text.line_break', params: { char: codePoint(breaking[0]) } };
  const invisible = INVISIBLE.exec(text);
  if (invisible) return { code: 'text.invisible', params: { char: codePoint(invisible[0]) } };
  return null;
}

/**
 * `text` made one line whatever it holds, for output that must be one (an email subject): each run of
 * line breaks and controls becomes one space, invisible format characters and lone surrogates go.
 * Inputs are refused with these characters already; this guards data stored before that, or come another way.
 */
export function toSingleLine(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(NOT_IN_A_LINE_ALL, ' ')
    .replace(INVISIBLE_ALL, '');
}
