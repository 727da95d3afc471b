import ExcelJS from 'exceljs';
import {
  type AnswerFigures,
  type CampaignCounts,
  FIGURE_METHODS,
  IMPROVEMENT_AREA_NAMES,
  IMPROVEMENT_AREAS,
  REPORT_METRICS,
  type ReportMetric,
  spreadsheetCell,
  spreadsheetCsv,
} from '@uplift/domain';
import type { RegulatorReport } from './regulator-report';

/**
 * The regulator's figures as files people open: a CSV with Chinese headers (and a BOM, so Excel on
 * Chinese Windows reads it), and an .xlsx with one sheet per breakdown and percentages formatted as
 * such. Both come from the one column list below, so they say the same.
 */

const METRIC_ZH: Record<ReportMetric, string> = {
  revenue: '营业收入',
  sales: '销售额',
  profitMargin: '利润率',
  qualityCostRate: '质量成本率',
  firstPassYield: '产品一次合格率',
  repurchaseRate: '回购率',
  overseasSales: '境外销售额',
};

/** A row of any table: what it is, and its figures (counts only where the row is a set of journeys). */
interface Row {
  dimension: string;
  code: string | null;
  name: string | null;
  nameEn: string | null;
  counts: CampaignCounts | null;
  f: AnswerFigures;
}

/** `percent`: a value in percent (90 for 90 %), written as such in CSV and as a formatted fraction in .xlsx. */
type Kind = 'text' | 'int' | 'percent' | 'fraction';
interface Column {
  header: string;
  kind: Kind;
  value: (r: Row) => string | number | null;
}

const countColumn = (header: string, k: keyof CampaignCounts): Column => ({
  header,
  kind: 'int',
  value: (r) => (r.counts ? r.counts[k] : null),
});

const COLUMNS: Column[] = [
  { header: '维度', kind: 'text', value: (r) => r.dimension },
  { header: '代码', kind: 'text', value: (r) => r.code },
  { header: '名称', kind: 'text', value: (r) => r.name },
  { header: '英文名称', kind: 'text', value: (r) => r.nameEn },
  countColumn('企业数', 'journeys'),
  countColumn('帮扶企业数', 'enterprisesAssisted'),
  countColumn('认证机构数', 'bodies'),
  countColumn('行业数', 'industries'),
  countColumn('获证数', 'certificates'),
  { header: '评估企业数', kind: 'int', value: (r) => r.f.answered },
  { header: '满意企业数', kind: 'int', value: (r) => r.f.satisfactionRate.count },
  { header: '满意率(%)', kind: 'percent', value: (r) => r.f.satisfactionRate.percent },
  { header: '满意率', kind: 'fraction', value: (r) => r.f.satisfactionRate.fraction },
  { header: '成效明显企业数', kind: 'int', value: (r) => r.f.effectivenessRate.count },
  { header: '成效明显率(%)', kind: 'percent', value: (r) => r.f.effectivenessRate.percent },
  { header: '成效明显率', kind: 'fraction', value: (r) => r.f.effectivenessRate.fraction },
  { header: '持续跟踪服务回答数', kind: 'int', value: (r) => r.f.followUpSatisfactionRate.of },
  { header: '持续跟踪服务满意率(%)', kind: 'percent', value: (r) => r.f.followUpSatisfactionRate.percent },
  { header: '提升方面回答数', kind: 'int', value: (r) => r.f.improvements.asked },
  ...IMPROVEMENT_AREAS.map((a, i): Column => ({
    header: `${IMPROVEMENT_AREA_NAMES[a].zh}(%)`,
    kind: 'percent',
    value: (r) => r.f.improvements.areas[i].percent,
  })),
  { header: '解决质量问题数', kind: 'int', value: (r) => r.f.problemsSolved.total },
  ...REPORT_METRICS.flatMap((m): Column[] => [
    { header: `${METRIC_ZH[m]}提升企业数`, kind: 'int', value: (r) => r.f.metrics[m].improved },
    {
      header: `${METRIC_ZH[m]}平均提升(%)`,
      kind: 'percent',
      value: (r) => r.f.metrics[m].averageImprovement,
    },
    { header: `${METRIC_ZH[m]}平均变化(%)`, kind: 'percent', value: (r) => r.f.metrics[m].meanChange },
    { header: `${METRIC_ZH[m]}总量变化(%)`, kind: 'percent', value: (r) => r.f.metrics[m].totalChange },
  ]),
];

/** The overall rows: the latest answers (all, the enterprises' own, the bodies'), then each wave the same way. */
function overallRows(report: RegulatorReport, title: string): Row[] {
  const rows: Row[] = [];
  const add = (dimension: string, counts: CampaignCounts | null, f: AnswerFigures) =>
    rows.push({ dimension, code: null, name: title, nameEn: null, counts, f });
  add('总计（最近一次评估）', report.counts, report.latest.all);
  add('总计·企业自评', null, report.latest.link);
  add('总计·机构代填', null, report.latest.body);
  for (const w of report.waves) {
    const label = w.months ? `${w.label.zh}（${w.months}个月）` : w.label.zh;
    add(label, null, w.all);
    add(`${label}·企业自评`, null, w.link);
    add(`${label}·机构代填`, null, w.body);
  }
  return rows;
}

const BREAKDOWNS = [
  ['region', '地区'],
  ['industry', '行业'],
  ['body', '认证机构'],
] as const;

function breakdownRows(
  report: RegulatorReport,
  which: (typeof BREAKDOWNS)[number][0],
  dimension: string,
): Row[] {
  return report.breakdowns[which].map((b) => ({
    dimension,
    code: b.code,
    name: b.name,
    nameEn: b.nameEn,
    counts: b.counts,
    f: b,
  }));
}

export function reportCsv(report: RegulatorReport, title: string): string {
  const rows = [
    ...overallRows(report, title),
    ...BREAKDOWNS.flatMap(([which, dimension]) => breakdownRows(report, which, dimension)),
  ];
  return spreadsheetCsv([COLUMNS.map((c) => c.header), ...rows.map((r) => COLUMNS.map((c) => c.value(r)))]);
}

const PERCENT = '0.00%';

function addTable(book: ExcelJS.Workbook, name: string, rows: Row[]) {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    header: c.header,
    width: c.kind === 'text' ? 24 : 14,
    style: c.kind === 'percent' || c.kind === 'fraction' ? { numFmt: PERCENT } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows)
    sheet.addRow(
      COLUMNS.map((c) => {
        const v = c.value(r);
        if (v === null) return null;
        if (c.kind === 'percent') return Number(v) / 100;
        // Names and codes come from people: never a formula.
        if (c.kind === 'text') return spreadsheetCell(v);
        return v;
      }),
    );
}

/** One sheet for the overall figures, one per breakdown, one for the areas, the metrics, and the method. */
export async function reportXlsx(report: RegulatorReport, title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Uplift';
  addTable(book, '总体', overallRows(report, title));
  for (const [which, dimension] of BREAKDOWNS)
    addTable(book, dimension, breakdownRows(report, which, dimension));

  const areas = book.addWorksheet('提升方面');
  areas.columns = [
    { header: '代码', width: 26 },
    { header: '提升方面', width: 26 },
    { header: 'Area', width: 36 },
    { header: '企业数', width: 10 },
    { header: '回答数', width: 10 },
    { header: '占比', width: 10, style: { numFmt: PERCENT } },
  ];
  for (const a of report.improvements.areas)
    areas.addRow([a.code, a.name.zh, a.name.en, a.count, a.of, a.fraction]);

  const metrics = book.addWorksheet('经营指标');
  metrics.columns = [
    { header: '指标', width: 18 },
    { header: '改善方向', width: 10 },
    { header: '有基线的企业数', width: 14 },
    { header: '提升企业数', width: 12 },
    { header: '平均提升', width: 12, style: { numFmt: PERCENT } },
    { header: '平均变化', width: 12, style: { numFmt: PERCENT } },
    { header: '总量变化', width: 12, style: { numFmt: PERCENT } },
  ];
  const pct = (v: number | null) => (v === null ? null : v / 100);
  for (const m of REPORT_METRICS) {
    const f = report.metrics[m];
    metrics.addRow([
      METRIC_ZH[m],
      f.direction === 'up' ? '上升' : '下降',
      f.measured,
      f.improved,
      pct(f.averageImprovement),
      pct(f.meanChange),
      pct(f.totalChange),
    ]);
  }

  const notes = book.addWorksheet('说明');
  notes.columns = [
    { header: '项目', width: 20 },
    { header: '说明', width: 100 },
  ];
  notes.addRow(['综述', spreadsheetCell(report.summary.zh)]);
  notes.addRow(['Summary', spreadsheetCell(report.summary.en)]);
  for (const [k, v] of Object.entries(FIGURE_METHODS)) notes.addRow([k, `${v.zh}\n${v.en}`]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
