import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  divisionFullName,
  industrySection,
  spreadsheetCell,
  spreadsheetCsv,
  type SpreadsheetCell,
} from '@uplift/domain';
import type { JourneyRow } from '@uplift/persistence';

/**
 * The most rows one export writes. A filter matching more is refused (400 `export.too_many_rows`)
 * rather than cut short without a word: a bureau narrows it (a region, a stage) and exports in parts.
 */
export const EXPORT_MAX_ROWS = 100_000;
/** Rows read from the read model per page while an export is written. */
export const EXPORT_PAGE_ROWS = 2_000;

/** What a cell needs besides its row: the label catalog (labels.json) and the bodies by id. */
export interface ExportContext {
  labels: {
    stages: Record<string, string>;
    responsible: Record<string, string>;
    todo: Record<string, string>;
    industrySections: Record<string, string>;
  };
  bodyNames: ReadonlyMap<string, string>;
  now: Date;
}

export interface ExportColumn {
  header: string;
  /** Width in characters in the `.xlsx`. */
  width: number;
  value: (row: JourneyRow, ctx: ExportContext) => SpreadsheetCell;
}

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A time as people in China read it: Beijing time, `2026-12-02 09:30`. */
export function beijingTime(at: Date | string | null): string {
  if (!at) return '';
  const parts = Object.fromEntries(beijing.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const DAY_MS = 86_400_000;
const overdueDays = (row: JourneyRow, now: Date) => {
  const late = row.deadline && row.dueActors.length > 0 ? now.getTime() - row.deadline.getTime() : 0;
  return late > 0 ? Math.floor(late / DAY_MS) : 0;
};

/**
 * The columns of the journeys export, in order, once for both formats: names, not codes (the
 * division by name, the stage and the step by their labels, the body by its name), times in Beijing.
 */
export const JOURNEY_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: '企业名称', width: 32, value: (r) => r.enterprise.name },
  { header: '统一社会信用代码', width: 22, value: (r) => r.uscc },
  { header: '所在地区', width: 28, value: (r) => divisionFullName(r.regionCode) ?? r.regionCode },
  {
    header: '所属行业',
    width: 24,
    value: (r, c) => {
      const section = r.industrySection ?? industrySection(r.industryCode);
      const name = section ? c.labels.industrySections[section] : undefined;
      return name ? `${name}（${r.industryCode}）` : r.industryCode;
    },
  },
  { header: '当前阶段', width: 10, value: (r, c) => c.labels.stages[r.stage] ?? r.stage },
  {
    header: '待办事项',
    width: 16,
    value: (r, c) => (r.dueStep ? (c.labels.todo[r.dueStep] ?? r.dueStep) : ''),
  },
  {
    header: '待办方',
    width: 16,
    value: (r, c) => {
      const key = r.dueActors.join('+');
      return key ? (c.labels.responsible[key] ?? key) : '';
    },
  },
  { header: '办理期限（北京时间）', width: 20, value: (r) => beijingTime(r.deadline) },
  { header: '逾期天数（天）', width: 12, value: (r, c) => overdueDays(r, c.now) },
  { header: '是否停滞', width: 10, value: (r) => (r.stalled ? '是' : '否') },
  { header: '已上报时间（北京时间）', width: 20, value: (r) => beijingTime(r.escalatedAt) },
  {
    header: '认证机构',
    width: 28,
    value: (r, c) =>
      r.certificationBodyId ? (c.bodyNames.get(r.certificationBodyId) ?? r.certificationBodyId) : '尚未指派',
  },
  { header: '联系人', width: 12, value: (r) => r.enterprise.contactName ?? '' },
  { header: '联系邮箱', width: 28, value: (r) => r.enterprise.email },
  { header: '最近更新（北京时间）', width: 20, value: (r) => beijingTime(r.updatedAt) },
];

export const EXPORT_HEADERS = JOURNEY_EXPORT_COLUMNS.map((c) => c.header);

/** One row's cells, in column order. */
export function exportCells(row: JourneyRow, ctx: ExportContext): SpreadsheetCell[] {
  return JOURNEY_EXPORT_COLUMNS.map((c) => c.value(row, ctx));
}

/** The CSV, written page by page as the rows are read: UTF-8 with a BOM, Excel's way to know it. */
export function csvStream(pages: AsyncIterable<SpreadsheetCell[][]>): Readable {
  return Readable.from(
    (async function* () {
      yield spreadsheetCsv([EXPORT_HEADERS]);
      for await (const rows of pages) if (rows.length) yield spreadsheetCsv(rows).slice(1);
    })(),
  );
}

/**
 * The `.xlsx`, streamed: exceljs writes each committed row out, so 100,000 rows never sit in
 * memory as one workbook. A failure midway ends the download broken rather than short.
 */
export function xlsxStream(pages: AsyncIterable<SpreadsheetCell[][]>): Readable {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = book.addWorksheet('企业帮扶清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = JOURNEY_EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    sheet.getRow(1).commit();
    for await (const rows of pages)
      for (const cells of rows) sheet.addRow(cells.map((v) => spreadsheetCell(v) ?? null)).commit();
    sheet.commit();
    await book.commit();
  })().catch((err: Error) => out.destroy(err));
  return out;
}
