import type { FieldError } from './schemas';

/**
 * Characters no input may carry, in values or in field names: C0 controls other than tab, line feed
 * and carriage return, DEL, and unpaired UTF-16 surrogates. PostgreSQL refuses U+0000 and unpaired
 * surrogates in text and jsonb, so letting one through would turn a bad request into a failure
 * deep inside a step (or a workflow activity retrying forever).
 */
/* eslint-disable no-control-regex -- matching control characters is the point */
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
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
      if (hasUnsafeCharacters(v))
        errors.push({ field: label(path), message: 'contains a control character' });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      errors.push({ field: label(path), message: `is nested deeper than ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    const entries = Array.isArray(v) ? v.map((item, i) => [String(i), item] as const) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i];
      if (hasUnsafeCharacters(key)) {
        errors.push({
          field: label([...path, escapeUnsafeCharacters(key)]),
          message: 'is a field name with a control character',
        });
        continue;
      }
      pending.push({ value: item, path: [...path, key] });
    }
  }
  return errors;
}
