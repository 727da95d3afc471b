import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Handlebars from 'handlebars';
import { toSingleLine, type TemplateName } from '@uplift/domain';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function asLocale(value: string | null | undefined): Locale {
  return (LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : 'zh-CN';
}

/** The API's own emails to people about their accounts (the workflow's are `TemplateName`). */
export type AccountTemplate = 'invitation' | 'password_reset';

/** A person's daily digest of the reminders and escalations it replaces (the notification dispatcher's). */
export type DigestTemplate = 'digest';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Words emails and pages share, per locale: step names and what to do for each (by the step table's
 * `label`), and who must act (by `whoMustActKey`, the step's actors).
 */
export interface Labels {
  steps: Record<string, string>;
  actions: Record<string, string>;
  responsible: Record<string, string>;
  /** A journey's stages, by `Stage`. */
  stages: Record<string, string>;
  none: string;
}

/** Templates live beside the sources as files, found from here whether running from src or dist. */
function templatesDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'libs', 'notifications', 'templates');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('notification templates not found');
}

/** Every string in `value`, however deep (a digest's lists of journeys), made one line. */
function singleLines(value: unknown): unknown {
  if (typeof value === 'string') return toSingleLine(value);
  if (Array.isArray(value)) return value.map(singleLines);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, singleLines(v)]));
  return value;
}

type Compiled = {
  subject: HandlebarsTemplateDelegate;
  text: HandlebarsTemplateDelegate;
  html: HandlebarsTemplateDelegate;
};

export class TemplateRenderer {
  private readonly cache = new Map<string, Compiled>();
  private readonly labelCache = new Map<Locale, Labels>();
  private readonly dir = templatesDir();

  /**
   * Strict: a variable the caller forgot fails the send instead of mailing a blank. Every value is a
   * name, a label, a date or a link, so each is made one line: whatever a stored name holds, it cannot
   * add a line (a header in the subject, a forged paragraph in the body) or reorder what is shown.
   * The subject is made one line again as a whole, whatever its template holds.
   */
  render(
    name: TemplateName | AccountTemplate | DigestTemplate,
    locale: Locale,
    vars: Record<string, unknown>,
  ): RenderedEmail {
    const t = this.compiled(name, locale);
    const safe = singleLines(vars) as Record<string, unknown>;
    return {
      subject: toSingleLine(t.subject(safe)).replace(/ {2,}/g, ' ').trim(),
      text: t.text(safe),
      html: t.html(safe),
    };
  }

  labels(locale: Locale): Labels {
    let labels = this.labelCache.get(locale);
    if (!labels) {
      labels = JSON.parse(readFileSync(join(this.dir, locale, 'labels.json'), 'utf8')) as Labels;
      this.labelCache.set(locale, labels);
    }
    return labels;
  }

  private compiled(name: TemplateName | AccountTemplate | DigestTemplate, locale: Locale): Compiled {
    const id = `${locale}/${name}`;
    let t = this.cache.get(id);
    if (!t) {
      const read = (ext: string) => readFileSync(join(this.dir, locale, `${name}.${ext}`), 'utf8');
      t = {
        subject: Handlebars.compile(read('subject.hbs'), { noEscape: true, strict: true }),
        text: Handlebars.compile(read('text.hbs'), { noEscape: true, strict: true }),
        html: Handlebars.compile(read('html.hbs'), { strict: true }),
      };
      this.cache.set(id, t);
    }
    return t;
  }
}
