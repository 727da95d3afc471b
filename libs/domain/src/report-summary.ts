import type { RegulatorFigures, ReportMetric } from './regulator-figures';
import { REPORT_METRICS } from './regulator-figures';

/**
 * The paragraph a bureau publishes, in the sentences of the regulator's own notices (2021 evaluation,
 * 2024 summary), with the report's figures written in. Every number in it is one field of the report:
 * `numbers` names the field (a path in the report's JSON) of each, in the order they appear.
 */
export interface SummaryNumber {
  text: string;
  field: string;
}
export interface ReportSummary {
  zh: string;
  en: string;
  numbers: SummaryNumber[];
}

/** The metric as the notices name it ("产品一次合格率提升", "质量成本平均下降"). */
const METRIC_WORDS: Record<ReportMetric, { zh: string; en: string }> = {
  revenue: { zh: '营业收入', en: 'revenue' },
  sales: { zh: '销售额', en: 'sales' },
  profitMargin: { zh: '利润率', en: 'profit margin' },
  qualityCostRate: { zh: '质量成本率', en: 'quality cost rate' },
  firstPassYield: { zh: '产品一次合格率', en: 'first-pass yield' },
  repurchaseRate: { zh: '产品或服务回购率', en: 'repurchase rate' },
  overseasSales: { zh: '境外销售额', en: 'overseas sales' },
};

/** A rate as the notices print it: two decimals (95.88%, 90.00%). */
const rate = (v: number) => v.toFixed(2);
/** An average as the notices print it: at most two decimals, no trailing zeros (17.8%, 14.75%). */
const average = (v: number) => String(Math.round(v * 100) / 100);

/**
 * `figures` as the report carries them at `prefix` (the latest answer of every enterprise, all
 * sources: what a notice states), the counts at `counts`.
 */
export function reportSummary(f: RegulatorFigures): ReportSummary {
  const numbers: SummaryNumber[] = [];
  const n = (text: string, field: string) => {
    numbers.push({ text, field });
    return text;
  };
  const all = f.latest.all;
  const at = 'latest.all';
  const zh: string[] = [];
  const en: string[] = [];

  const bodies = n(String(f.counts.bodies), 'counts.bodies');
  const industries = n(String(f.counts.industries), 'counts.industries');
  const assisted = n(String(f.counts.enterprisesAssisted), 'counts.enterprisesAssisted');
  if (all.effectivenessRate.percent !== null) {
    const eff = n(rate(all.effectivenessRate.percent), `${at}.effectivenessRate.percent`);
    zh.push(
      `${bodies}家认证机构为${industries}个行业的${assisted}家小微企业实施了精准帮扶，其中，${eff}%的企业反馈提升成效“非常明显”或“比较明显”。`,
    );
    en.push(
      `${bodies} certification bodies gave targeted assistance to ${assisted} small and micro enterprises in ${industries} industries; ${eff}% of the enterprises reported the improvement as "very obvious" or "fairly obvious".`,
    );
  } else {
    zh.push(`${bodies}家认证机构为${industries}个行业的${assisted}家小微企业实施了精准帮扶。`);
    en.push(
      `${bodies} certification bodies gave targeted assistance to ${assisted} small and micro enterprises in ${industries} industries.`,
    );
  }

  if (all.satisfactionRate.percent !== null) {
    const count = n(String(all.satisfactionRate.count), `${at}.satisfactionRate.count`);
    const pct = n(rate(all.satisfactionRate.percent), `${at}.satisfactionRate.percent`);
    zh.push(`对提升行动表示满意或比较满意的有${count}家，占比达到${pct}%。`);
    en.push(
      `${count} enterprises were satisfied or fairly satisfied with the campaign, ${pct}% of those asked.`,
    );
  }

  if (all.followUpSatisfactionRate.percent !== null) {
    const pct = n(rate(all.followUpSatisfactionRate.percent), `${at}.followUpSatisfactionRate.percent`);
    zh.push(`对认证机构持续跟踪服务感到满意的企业占${pct}%。`);
    en.push(
      `${pct}% of the enterprises were satisfied with the certification bodies' continued follow-up service.`,
    );
  }

  const areas = all.improvements.areas
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.count > 0 && a.percent !== null);
  if (areas.length > 0) {
    const zhParts: string[] = [];
    const enParts: string[] = [];
    for (const { a, i } of areas) {
      const pct = n(rate(a.percent!), `${at}.improvements.areas[${i}].percent`);
      const count = n(String(a.count), `${at}.improvements.areas[${i}].count`);
      zhParts.push(`${pct}%（${count}家）企业反馈“${a.name.zh}”`);
      enParts.push(`${pct}% (${count}) reported "${a.name.en.toLowerCase()}"`);
    }
    zh.push(`据跟踪评估，${zhParts.join('，')}。`);
    en.push(`In the follow-up evaluation, ${enParts.join('; ')}.`);
  }

  const metricZh: string[] = [];
  const metricEn: string[] = [];
  for (const m of REPORT_METRICS) {
    const fig = all.metrics[m];
    if (fig.improved === 0 || fig.averageImprovement === null) continue;
    const count = n(String(fig.improved), `${at}.metrics.${m}.improved`);
    const avg = n(average(fig.averageImprovement), `${at}.metrics.${m}.averageImprovement`);
    const w = METRIC_WORDS[m];
    if (fig.direction === 'down') {
      metricZh.push(`${count}家企业${w.zh}下降（平均下降${avg}%）`);
      metricEn.push(`${count} enterprises lowered their ${w.en} (by ${avg}% on average)`);
    } else {
      metricZh.push(`${count}家企业${w.zh}提升（平均提升${avg}%）`);
      metricEn.push(`${count} enterprises raised their ${w.en} (by ${avg}% on average)`);
    }
  }
  if (metricZh.length > 0) {
    zh.push(`${metricZh.join('，')}。`);
    en.push(`${metricEn.join('; ')}.`);
  }

  if (all.problemsSolved.asked > 0) {
    const total = n(String(all.problemsSolved.total), `${at}.problemsSolved.total`);
    zh.push(`帮助小微企业有效解决质量问题${total}个。`);
    en.push(`The assistance solved ${total} quality problems.`);
  }

  return { zh: zh.join(''), en: en.join(' '), numbers };
}
