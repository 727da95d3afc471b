import type { FormInstance } from 'antd';
import type { z } from 'zod';
import type { Locale } from '../../../lib/i18n';
import type { ErrorDetail } from './api-error';

export type FieldPath = (string | number)[];

/** `findings.2.description` (as the API and zod name a field) → the form's `['findings', 2, 'description']`. */
export function fieldPath(field: string): FieldPath {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const ZH = {
  required: '此项为必填项',
  number: '请输入数字',
  date: '请选择日期',
  choice: '请选择一项',
  min: (n: number | bigint) => `不能小于 ${n}`,
  max: (n: number | bigint) => `不能大于 ${n}`,
  minLength: (n: number | bigint) => `至少 ${n} 个字`,
  maxLength: (n: number | bigint) => `不能超过 ${n} 个字`,
  minItems: (n: number | bigint) => `至少填写 ${n} 项`,
  maxItems: (n: number | bigint) => `最多 ${n} 项`,
  control: '含有不允许的控制字符或不可见字符',
  invalid: '格式不正确',
};
const EN: typeof ZH = {
  required: 'Required',
  number: 'Enter a number',
  date: 'Choose a date',
  choice: 'Choose one',
  min: (n) => `Must be at least ${n}`,
  max: (n) => `Must be at most ${n}`,
  minLength: (n) => `At least ${n} character${n === 1 ? '' : 's'}`,
  maxLength: (n) => `At most ${n} characters`,
  minItems: (n) => `At least ${n} item${n === 1 ? '' : 's'}`,
  maxItems: (n) => `At most ${n} items`,
  control: 'Contains a control or invisible character',
  invalid: 'Invalid value',
};

/** A zod issue in the reader's words (the domain's own messages are English). */
export function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  const m = locale === 'en' ? EN : ZH;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return m.required;
      return issue.expected === 'number' ? m.number : m.invalid;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? m.required : m.minLength(issue.minimum);
      if (issue.origin === 'array') return m.minItems(issue.minimum);
      return m.min(issue.minimum);
    case 'too_big':
      if (issue.origin === 'string') return m.maxLength(issue.maximum);
      if (issue.origin === 'array') return m.maxItems(issue.maximum);
      return m.max(issue.maximum);
    case 'invalid_value':
      return m.choice;
    case 'custom':
      if (/control character|invisible|bidirectional|line break|one line/.test(issue.message))
        return m.control;
      if (/date/.test(issue.message)) return locale === 'en' ? issue.message : m.date;
      if (/is required|^Required/i.test(issue.message)) return m.required;
      if (/between (-?[\d.]+) and (-?[\d.]+)/.test(issue.message)) {
        const [, lo, hi] = /between (-?[\d.]+) and (-?[\d.]+)/.exec(issue.message)!;
        return locale === 'en' ? issue.message : `须在 ${lo} 到 ${hi} 之间`;
      }
      if (/not a known field/.test(issue.message))
        return locale === 'en' ? issue.message : '不是可接受的字段';
      return locale === 'en' ? issue.message : m.invalid;
    default:
      return locale === 'en' ? issue.message : m.invalid;
  }
}

const CJK = /[\u3400-\u9fff]/;

/**
 * A 400 detail in the reader's words: the API localises by Accept-Language; an API that does not yet
 * (an English message to a Chinese reader) is read by the same patterns as zod's own messages.
 */
export function detailMessage(detail: ErrorDetail, locale: Locale): string {
  if (locale === 'en' || CJK.test(detail.message)) return detail.message;
  return issueMessage(
    { code: 'custom', message: detail.message, path: [], input: undefined } as never,
    locale,
  );
}

/** Every issue as `{ field, message }`, the shape the API's 400 `details` have. */
export function issueDetails(error: z.ZodError, locale: Locale): ErrorDetail[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    code: issue.code,
    message: issueMessage(issue, locale),
  }));
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
