import { useLocale, type Locale } from '../../../lib/i18n';

/**
 * The year report's own words, Chinese first. The regulator's figures and the breakdowns' shared words
 * (地区, 认证机构, the drill-down hint) are the round dashboard's (features/dashboard/lib).
 */
const ZH = {
  nav: '年度报告',
  title: '提升行动年度报告',
  intro: '该年度开立的全部批次中、所选地区内企业的提升成效，按监管部门通报口径统计。',
  year: '年度',
  yearOption: (y: number) => `${y}年`,
  scope: (year: number, region: string, rounds: number) => `${year}年 · ${region} · ${rounds} 个批次`,
  generatedAt: '统计时间',
  downloadCsv: '下载 CSV',
  downloadXlsx: '下载 Excel',
  downloadsLabel: '下载整份报告',
  noRounds: '该年度在所选地区没有批次',
  wavesTitle: '各次跟踪评估',
  wave: '评估',
  latest: '每家企业最新一次',
  answered: '作答企业（家）',
  fromLink: '企业自行填报（家）',
  fromBody: '认证机构代填（家）',
  satisfaction: '满意率',
  effectiveness: '成效明显率',
  followUp: '持续跟踪服务满意率',
  problems: '解决质量问题（个）',
  enterprises: '企业（家）',
  assisted: '完成帮扶（家）',
  certificates: '颁发证书（张）',
  byIndustry: '按行业（GB/T 4754-2017 大类）',
  industry: '行业大类',
  unitEnterprises: '家',
};
type Text = typeof ZH;

const EN: Text = {
  nav: 'Year report',
  title: 'Campaign year report',
  intro:
    "The improvement of the enterprises inside the division chosen, over every round opened in the year, as the regulator's notices count it.",
  year: 'Year',
  yearOption: (y) => String(y),
  scope: (year, region, rounds) => `${year} · ${region} · ${rounds} rounds`,
  generatedAt: 'As of',
  downloadCsv: 'Download CSV',
  downloadXlsx: 'Download Excel',
  downloadsLabel: 'Download the whole report',
  noRounds: 'No round was opened in this division in that year',
  wavesTitle: 'Follow-up evaluations',
  wave: 'Evaluation',
  latest: "Each enterprise's latest",
  answered: 'Enterprises answering',
  fromLink: 'Answered by the enterprise',
  fromBody: 'Entered by the body',
  satisfaction: 'Satisfaction',
  effectiveness: 'Effectiveness',
  followUp: 'Follow-up service satisfaction',
  problems: 'Quality problems solved',
  enterprises: 'Enterprises',
  assisted: 'Assisted',
  certificates: 'Certificates',
  byIndustry: 'By industry (GB/T 4754-2017 division)',
  industry: 'Industry division',
  unitEnterprises: 'enterprises',
};

const TEXT: Record<Locale, Text> = { 'zh-CN': ZH, en: EN };

export function reportsText(locale: Locale): Text {
  return TEXT[locale];
}

export function useReportsText(): Text {
  return reportsText(useLocale().locale);
}
