import type { FormInstance } from 'antd';
import type { z } from 'zod';
import { isMessageCode, renderMessage, zodErrorDetails } from '@uplift/domain/messages';
import type { Locale } from '../../../lib/i18n';
import type { ErrorDetail } from './api-error';

export type FieldPath = (string | number)[];

/** `findings.2.description` (as the API and zod name a field) → the form's `['findings', 2, 'description']`. */
export function fieldPath(field: string): FieldPath {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** zod's problems as the API's 400 `details` say them: the same codes, the same words, in `locale`. */
export function issueDetails(error: z.ZodError, locale: Locale): ErrorDetail[] {
  return zodErrorDetails(error, locale);
}

/**
 * A 400 detail in the reader's language: the API answers in it; a detail it left in English (said
 * before its language was known) is told again by its code when the message needs no parameter.
 */
export function localised(detail: ErrorDetail, locale: Locale): string {
  if (locale === 'en' || /[\u3400-\u9fff]/.test(detail.message) || !isMessageCode(detail.code))
    return detail.message;
  const text = renderMessage(detail.code, locale);
  return text.includes('{') ? detail.message : text;
}

/**
 * Puts each detail on the field it names; answers the ones no field of the form shows (a rule over
 * the whole body), for the form to show above its button.
 */
export function showFieldErrors(form: FormInstance, details: ErrorDetail[], fields: FieldPath[]): string[] {
  const key = (p: FieldPath) => p.join('.');
  const known = new Set(fields.map(key));
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  const elsewhere: string[] = [];
  for (const d of details) {
    let name = fieldPath(d.field);
    // The nearest enclosing field the form shows (`baseline` for `baseline.unknown`).
    while (name.length > 0 && !known.has(key(name))) name = name.slice(0, -1);
    if (name.length === 0) {
      elsewhere.push(d.message);
      continue;
    }
    const entry = byField.get(key(name)) ?? { name, errors: [] };
    entry.errors.push(d.message);
    byField.set(key(name), entry);
  }
  form.setFields([...byField.values()]);
  return elsewhere;
}
