import { normaliseUscc, usccCheckCharacter } from './uscc';

/**
 * Column names of candidate files as regulators export them, in English or Chinese. Each maps to
 * the field of the import row it fills.
 */
export const CANDIDATE_COLUMNS: Record<string, string> = {
  uscc: 'uscc',
  统一社会信用代码: 'uscc',
  社会信用代码: 'uscc',
  信用代码: 'uscc',
  name: 'name',
  企业名称: 'name',
  单位名称: 'name',
  名称: 'name',
  regioncode: 'regionCode',
  region_code: 'regionCode',
  行政区划代码: 'regionCode',
  区划代码: 'regionCode',
  所在地区代码: 'regionCode',
  industrycode: 'industryCode',
  industry_code: 'industryCode',
  行业代码: 'industryCode',
  国民经济行业代码: 'industryCode',
  行业分类代码: 'industryCode',
  email: 'email',
  邮箱: 'email',
  电子邮箱: 'email',
  联系邮箱: 'email',
  contactname: 'contactName',
  contact_name: 'contactName',
  联系人: 'contactName',
  employees: 'employees',
  从业人数: 'employees',
  从业人员数: 'employees',
  员工人数: 'employees',
  职工人数: 'employees',
  annualrevenue: 'annualRevenue',
  annual_revenue: 'annualRevenue',
  年营业收入: 'annualRevenue',
  营业收入: 'annualRevenue',
  '年营业收入（万元）': 'annualRevenue',
  '年营业收入(万元)': 'annualRevenue',
};

/**
 * The header the template file and the console write for each field: the first Chinese name a bureau's
 * ledger uses, with the unit where the figure has one. Each is one of CANDIDATE_COLUMNS (checked below).
 */
export const CANDIDATE_TEMPLATE_HEADERS = {
  uscc: '统一社会信用代码',
  name: '企业名称',
  regionCode: '行政区划代码',
  industryCode: '行业代码',
  email: '电子邮箱',
  contactName: '联系人',
  employees: '从业人数',
  annualRevenue: '年营业收入（万元）',
} as const;
export type CandidateField = keyof typeof CANDIDATE_TEMPLATE_HEADERS;
for (const [field, header] of Object.entries(CANDIDATE_TEMPLATE_HEADERS))
  if (CANDIDATE_COLUMNS[header] !== field)
    throw new Error(`template header ${header} does not fill ${field}`);

const EXAMPLE_USCC_BODY = '91330106MA2B3C4D5';
/** The template's one example row: a valid USCC (its check character computed), inside Hangzhou. */
export const CANDIDATE_EXAMPLE: Record<CandidateField, string | number> = {
  uscc: EXAMPLE_USCC_BODY + usccCheckCharacter(EXAMPLE_USCC_BODY),
  name: '杭州示例科技有限公司',
  regionCode: '330106',
  industryCode: 'C3311',
  email: 'contact@example.cn',
  contactName: '王丽',
  employees: 35,
  annualRevenue: 1200,
};

/** The template's header row and example row, in one order. */
export function candidateTemplateRows(): { headers: string[]; example: (string | number)[] } {
  const fields = Object.keys(CANDIDATE_TEMPLATE_HEADERS) as CandidateField[];
  return {
    headers: fields.map((f) => CANDIDATE_TEMPLATE_HEADERS[f]),
    example: fields.map((f) => CANDIDATE_EXAMPLE[f]),
  };
}

/** Columns spreadsheets add that carry nothing to import. */
const IGNORED = new Set(['序号', '编号', '备注', 'no', 'no.', '#']);
const NUMERIC = new Set(['employees', 'annualRevenue']);

const key = (header: string) =>
  header
    .trim()
    .replace(/^\uFEFF/, '')
    .toLowerCase();

/** The field each header fills (null for ignored columns), and the headers that mean nothing. */
export function mapCandidateHeaders(headers: string[]): { fields: (string | null)[]; unknown: string[] } {
  const unknown: string[] = [];
  const fields = headers.map((h) => {
    const k = key(h);
    if (IGNORED.has(k) || k === '') return null;
    const field = CANDIDATE_COLUMNS[k] ?? CANDIDATE_COLUMNS[h.trim()];
    if (!field) unknown.push(h.trim());
    return field ?? null;
  });
  return { fields, unknown };
}

/** One CSV record as the import row the JSON form would carry: blanks left out, numbers as numbers. */
export function candidateFromCells(fields: (string | null)[], cells: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  fields.forEach((field, i) => {
    const cell = (cells[i] ?? '').trim();
    if (!field || cell === '') return;
    if (NUMERIC.has(field)) {
      const n = Number(cell.replace(/,/g, ''));
      row[field] = Number.isFinite(n) ? n : cell;
    } else {
      row[field] = field === 'uscc' ? normaliseUscc(cell) : cell;
    }
  });
  return row;
}
