import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import {
  IMPROVEMENT_AREA_NAMES,
  IMPROVEMENT_AREAS,
  METRIC_NAMES,
  OPTIONAL_METRIC_NAMES,
} from '@uplift/domain';
import { projectRoot } from '@uplift/config';
import type { EvaluationContext } from './evaluations.service';

export type PageLocale = 'zh-CN' | 'en';
const VIEWS = join(projectRoot(), 'apps', 'api', 'views');
const read = (file: string) => readFileSync(join(VIEWS, file), 'utf8');

const formPage = Handlebars.compile(read('evaluation-form.hbs'), { strict: true });
const messagePage = Handlebars.compile(read('evaluation-message.hbs'), { strict: true });
const texts: Record<PageLocale, Record<string, string>> = {
  'zh-CN': JSON.parse(read('evaluation.zh-CN.json')),
  en: JSON.parse(read('evaluation.en.json')),
};
export const FORM_SCRIPT = read('evaluation-form.js');

export function renderForm(ctx: EvaluationContext, locale: PageLocale): string {
  const t = texts[locale];
  const baseline = ctx.journey.diagnosis?.baseline;
  return formPage({
    t,
    lang: locale,
    otherLang: locale === 'en' ? 'zh-CN' : 'en',
    otherLangLabel: locale === 'en' ? '中文' : 'English',
    enterprise: ctx.journey.enterprise.name,
    uscc: ctx.journey.enterprise.uscc,
    roundName: ctx.roundName,
    evaluation: ctx.evaluation,
    satisfaction: ['satisfied', 'fairly_satisfied', 'neutral', 'dissatisfied'].map((v) => ({
      value: v,
      label: t[`satisfaction.${v}`],
    })),
    effectiveness: ['very_obvious', 'fairly_obvious', 'not_obvious'].map((v) => ({
      value: v,
      label: t[`effectiveness.${v}`],
    })),
    improvements: IMPROVEMENT_AREAS.map((a) => ({
      value: a,
      label: IMPROVEMENT_AREA_NAMES[a][locale === 'en' ? 'en' : 'zh'],
    })),
    metrics: [...METRIC_NAMES, ...OPTIONAL_METRIC_NAMES].map((m) => ({
      name: m,
      label: t[`metric.${m}`],
      unit: t[`unit.${m}`],
      baseline: baseline?.[m] !== undefined ? String(baseline[m]) : '-',
      min: m === 'profitMargin' ? '-100' : '0',
      max: ['revenue', 'sales', 'overseasSales'].includes(m) ? '' : '100',
      optional: (OPTIONAL_METRIC_NAMES as readonly string[]).includes(m),
    })),
  });
}

export function renderMessage(kind: 'used' | 'expired' | 'closed' | 'unknown', locale: PageLocale): string {
  const t = texts[locale];
  return messagePage({ t, lang: locale, title: t[`message.${kind}.title`], body: t[`message.${kind}.body`] });
}
