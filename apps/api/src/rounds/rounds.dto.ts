import { z } from 'zod';
import {
  CANDIDATE_COLUMNS,
  METRIC_NAMES,
  STAGES,
  divisionCode,
  enterpriseSchema,
  isoDuration,
  ruleMessage,
  usccAsIssued,
  usccCheckCharacter,
} from '@uplift/domain';
import { REPORT_COUNTS } from '@uplift/persistence';
import { messageCodeSchema, timestamp } from '../common/api-contract';
import { CSV_CHARSETS, CSV_MEDIA_TYPES } from '../common/import-body';

/** The most rows one import takes, as JSON or CSV: a national round is tens of thousands. */
export const MAX_IMPORT_ROWS = 100_000;

const importBody = <T extends z.ZodType>(row: T) =>
  z.strictObject({ enterprises: z.array(row).min(1).max(MAX_IMPORT_ROWS) });

/** Rows are checked one by one by the import, so one bad row does not refuse the others. */
export const importCandidatesSchema = importBody(z.unknown());
export type ImportCandidates = z.infer<typeof importCandidatesSchema>;

export const candidateRowSchema = enterpriseSchema;

/** The JSON import as the document shows it: the body's shape, with each row as the import checks it. */
export const importCandidatesDocSchema = importBody(candidateRowSchema);

/** A row whose USCC fails only its check character, for an admin's `acceptInvalidCheckCharacter`. */
export const candidateRowAsIssuedSchema = enterpriseSchema.extend({ uscc: usccAsIssued });

export const importCandidatesQuerySchema = z.strictObject({
  /**
   * Admin only: accept rows whose USCC is right in every respect but its check character, as some
   * codes issued in early pilot regions are. The audit log records the codes accepted so.
   */
  acceptInvalidCheckCharacter: z
    .enum(['true', 'false'], ruleMessage('type.boolean'))
    .transform((v) => v === 'true')
    .optional(),
});
export type ImportCandidatesQuery = z.infer<typeof importCandidatesQuerySchema>;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const rowNumber = z
  .number()
  .int()
  .min(1)
  .max(MAX_IMPORT_ROWS)
  .meta({ description: 'Data rows count from 1.' });

export const importResultSchema = z.object({
  accepted: count.meta({
    description:
      'Rows stored as new journeys; their workflows start in the background (GET the round for progress).',
  }),
  duplicates: count.meta({
    description: 'Rows whose enterprise is already in the round, or repeated in this import.',
  }),
  rejected: z
    .array(
      z.object({
        row: rowNumber,
        field: z.string().max(100),
        code: messageCodeSchema.optional(),
        message: z.string().max(2000).meta({ description: 'In the language `Accept-Language` asks for.' }),
      }),
    )
    .max(1000)
    .meta({ description: 'One entry per field error (the first 1,000 are listed).' }),
  rows: count,
  rejectedRows: count,
  acceptedInvalidCheckCharacter: z
    .array(z.object({ row: rowNumber, uscc: z.string().max(18) }))
    .max(MAX_IMPORT_ROWS)
    .optional()
    .meta({
      description:
        'With `acceptInvalidCheckCharacter`: the rows taken although their check character is wrong.',
    }),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** The headers a candidate CSV may use, by the field each fills: English and Chinese alike. */
function headersByField(): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const [header, field] of Object.entries(CANDIDATE_COLUMNS))
    byField.set(field, [...(byField.get(field) ?? []), header]);
  return byField;
}

const EXAMPLE_USCC = `91330106MA2B3C4D5`;
/** A CSV as a regulator exports it: the first Chinese header of each field, one row. */
function csvExample(): string {
  const chinese = [...headersByField().values()].map(
    (hs) => hs.find((h) => /\p{Script=Han}/u.test(h)) ?? hs[0],
  );
  const row: Record<string, string> = {
    uscc: EXAMPLE_USCC + usccCheckCharacter(EXAMPLE_USCC),
    name: '杭州示例科技有限公司',
    regionCode: '330106',
    industryCode: 'C3311',
    email: 'contact@example.cn',
    contactName: '王丽',
    employees: '35',
    annualRevenue: '1200',
  };
  return `${chinese.join(',')}\n${[...headersByField().keys()].map((f) => row[f] ?? '').join(',')}\n`;
}

/** What the import's description says about a CSV body: every header it reads, derived from the column map. */
export function csvImportDescription(): string {
  const lines = [...headersByField()].map(
    ([field, headers]) => `- \`${field}\`: ${headers.map((h) => `\`${h}\``).join(', ')}`,
  );
  return [
    `A CSV (${CSV_MEDIA_TYPES.join(' or ')}) with a header row; headers are matched without regard to case or surrounding space, in English or Chinese:`,
    ...lines,
    '',
    `Columns such as 序号 or 备注 are ignored. Charsets: ${CSV_CHARSETS.join(', ')}; without one, UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030.`,
  ].join('\n');
}

export const candidateCsvSchema = z
  .string()
  .max(64 * 1024 * 1024)
  .meta({ example: csvExample(), description: 'One header row, then one enterprise per row.' });

export const listRoundsSchema = z.strictObject({
  status: z.enum(['open', 'closed']).optional(),
  regionCode: divisionCode.optional().meta({ description: 'Rounds whose region lies inside this division.' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().meta({ description: '`nextCursor` of the previous page.' }),
});
export type ListRounds = z.infer<typeof listRoundsSchema>;

export const roundIdParams = z.object({ id: z.uuid().meta({ description: "The round's id." }) });

/** Documents `format`; the route reads it as given, anything but `csv` answering JSON. */
export const reportQuerySchema = z.object({
  format: z
    .enum(['csv', 'json'])
    .optional()
    .meta({ description: '`csv` for a spreadsheet (as `Accept: text/csv` does); JSON otherwise.' }),
});

const stageCounts = z.record(z.enum(STAGES), count);

/** Round settings as resolved: every value present, the campaign's defaults where none was given. */
const resolvedSettingsSchema = z.object({
  deadlines: z.object({
    screening: isoDuration,
    diagnosis: isoDuration,
    assistancePlan: isoDuration,
    assistance: isoDuration,
    certification: isoDuration,
    evaluation: isoDuration,
  }),
  evaluationOffsets: z.array(isoDuration).max(12),
  reminders: z.object({ every: isoDuration, max: z.number().int().min(0).max(20) }),
  escalateAfter: isoDuration,
});

export const roundViewSchema = z
  .object({
    id: z.uuid(),
    name: z.string().max(200),
    regionCode: divisionCode,
    status: z.enum(['open', 'closed']),
    settings: resolvedSettingsSchema,
    counts: stageCounts.meta({ description: 'Journeys by stage, within your scope.' }),
    total: count,
    stalled: count,
    launch: z
      .object({ started: count, total: count })
      .meta({ description: 'Workflows started of the journeys imported.' }),
    close: z.object({ cancelled: count, open: count, finishedAt: timestamp.nullable() }).nullable().meta({
      description: 'The background close of a closed round: journeys cancelled so far, those still open.',
    }),
    createdAt: timestamp,
    closedAt: timestamp.nullable(),
  })
  .meta({ id: 'Round' });

export const roundListSchema = z.object({
  items: z.array(roundViewSchema).max(200),
  nextCursor: z.string().max(200).nullable().meta({ description: 'Pass as `cursor` for the next page.' }),
});

const rate = z.number().min(0).max(1).nullable();
/** Each group's counts, named and grouped as the read model's column spec counts them. */
function reportCounts(): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  const grouped: Record<string, Record<string, z.ZodType>> = {};
  for (const c of REPORT_COUNTS) {
    if (c.group) (grouped[c.group] ??= {})[c.name] = count;
    else shape[c.name] = count;
  }
  for (const [group, fields] of Object.entries(grouped)) shape[group] = z.object(fields);
  return shape;
}
const reportGroup = {
  journeys: count,
  ...reportCounts(),
  certifiedShare: rate,
  satisfactionRate: rate,
  effectivenessRate: rate,
  metricChanges: z
    .record(
      z.enum(METRIC_NAMES as [string, ...string[]]),
      z.object({
        journeys: count,
        averageChange: z.number().nullable(),
        averageChangePercent: z.number().nullable(),
      }),
    )
    .meta({ description: 'Latest evaluation minus diagnosis baseline, over journeys that have both.' }),
};
const key = z.string().max(100).nullable();

export const roundReportSchema = z
  .object({
    roundId: z.uuid(),
    roundName: z.string().max(200),
    regionCode: divisionCode,
    generatedAt: timestamp,
    totals: z.object({ key, ...reportGroup }),
    byRegion: z.array(z.object({ regionCode: key, ...reportGroup })).max(5000),
    byIndustry: z.array(z.object({ industrySection: key, ...reportGroup })).max(100),
    byCertificationBody: z.array(
      z.object({ certificationBodyId: key, code: key, name: z.string().max(200).nullable(), ...reportGroup }),
    ),
  })
  .meta({ id: 'RoundReport' });
