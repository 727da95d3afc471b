/**
 * The follow-up questionnaire as the regulator's third-party evaluation asks it (2021 evaluation,
 * 2024 summary): the areas where an enterprise saw improvement, in the order the evaluation reports
 * them, with the words it uses.
 */
export const IMPROVEMENT_AREAS = [
  'quality_awareness',
  'management_standardised',
  'work_environment',
  'process_optimised',
  'cost_reduced',
  'product_quality',
  'business_performance',
  'digital_level',
  'innovation',
] as const;
export type ImprovementArea = (typeof IMPROVEMENT_AREAS)[number];

/** Each area's name as the evaluation words it (zh-CN) and in English: the one list people read. */
export const IMPROVEMENT_AREA_NAMES: Record<ImprovementArea, { zh: string; en: string }> = {
  quality_awareness: { zh: '质量意识提升', en: 'Quality awareness raised' },
  management_standardised: { zh: '管理制度更加规范', en: 'Management system more standardised' },
  work_environment: { zh: '工作环境更加整洁安全', en: 'Work environment cleaner and safer' },
  process_optimised: { zh: '工艺流程更加优化', en: 'Process flow optimised' },
  cost_reduced: { zh: '成本下降', en: 'Cost reduced' },
  product_quality: { zh: '产品质量水平提升', en: 'Product quality improved' },
  business_performance: { zh: '经营业绩提升', en: 'Business performance improved' },
  digital_level: { zh: '数字化、智能化水平提升', en: 'Digital and intelligent level raised' },
  innovation: { zh: '创新能力提升', en: 'Innovation capability raised' },
};

/**
 * Figures an evaluation may add to the five every baseline and evaluation measure (the 2024 summary's
 * repurchase rate and overseas sales): optional, so answers given before they were asked stay valid.
 */
export const OPTIONAL_METRIC_NAMES = ['repurchaseRate', 'overseasSales'] as const;
export type OptionalMetricName = (typeof OPTIONAL_METRIC_NAMES)[number];
