import en from '@uplift/notifications/templates/en/labels.json';
import zh from '@uplift/notifications/templates/zh-CN/labels.json';
import { useMemo } from 'react';
import { useLocale, type Locale } from './i18n';

/**
 * Every code the console shows (stages, steps, roles, round statuses…) by its label, from the one
 * place the emails take them too: libs/notifications/templates/<locale>/labels.json. A code without a
 * label shows as itself rather than disappear.
 */
type LabelTable = typeof zh;
type Group = { [K in keyof LabelTable]: LabelTable[K] extends string ? never : K }[keyof LabelTable];

const TABLES: Record<Locale, LabelTable> = { 'zh-CN': zh, en: en as LabelTable };

export function labelsFor(locale: Locale) {
  const table = TABLES[locale];
  const of =
    (group: Group) =>
    (code: string | null | undefined): string => {
      if (code === null || code === undefined) return table.none;
      return (table[group] as Record<string, string>)[code] ?? code;
    };
  return {
    stage: of('stages'),
    step: of('steps'),
    action: of('actions'),
    /** What is due, said short: 提交诊断. */
    todo: of('todo'),
    role: of('roles'),
    roundStatus: of('roundStatus'),
    responsible: of('responsible'),
    /** GB/T 4754-2017 sections (门类) by letter. */
    industrySection: of('industrySections'),
    /** The codes a group labels, in the file's order (for filters). */
    codes: (group: Group): string[] => Object.keys(table[group]),
    none: table.none,
  };
}

export type Labels = ReturnType<typeof labelsFor>;

export function useLabels(): Labels {
  const { locale } = useLocale();
  return useMemo(() => labelsFor(locale), [locale]);
}
