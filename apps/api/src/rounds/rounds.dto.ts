import { MAX_UNPACKED_XLSX_BYTES } from './xlsx-guard';
import { z } from 'zod';
import {
  CALENDARS,
  CANDIDATE_COLUMNS,
  METRIC_NAMES,
  STAGES,
  divisionCode,
  enterpriseSchema,
  isoDuration,
  roundSettingsSchema,
  ruleMessage,
  usccAsIssued,
  candidateTemplateRows,
} from '@uplift/domain';
import { REPORT_COUNTS } from '@uplift/persistence';
import { messageCodeSchema, timestamp } from '../common/api-contract';
import { regulatorFiguresShape, reportFormat } from '../reports/reports.dto';
import { CSV_CHARSETS, CSV_MEDIA_TYPES, XLSX_MEDIA_TYPE } from '../common/import-body';

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
const rowNumber = z.number().int().min(1).max(MAX_IMPORT_ROWS).meta({
  description:
    'Data rows count from 1, blank ones included: row n of a file is its line (or sheet row) n + 1.',
});

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
        column: z.string().max(100).optional().meta({
          description: 'With a CSV or Excel file: the header of the column at fault, as the file wrote it.',
        }),
        code: messageCodeSchema.optional(),
        message: z.string().max(2000).meta({ description: 'In the language `Accept-Language` asks for.' }),
      }),
    )
    .max(1000)
    .meta({ description: 'One entry per field error (the first 1,000 are listed).' }),
  rows: count.meta({ description: 'Data rows read, blank ones not counted.' }),
  rejectedRows: count,
  duplicateRows: z
    .array(
      z.object({
        row: rowNumber,
        uscc: z.string().max(18),
        firstRow: rowNumber.optional().meta({
          description: 'The earlier row of this import with the same USCC; absent: already in the round.',
        }),
      }),
    )
    .max(1000)
    .meta({ description: 'The rows counted in `duplicates` (the first 1,000 are listed).' }),
  skippedBlankRows: count
    .optional()
    .meta({ description: 'With a CSV or Excel file: rows with nothing in them, skipped.' }),
  ignoredColumns: z.array(z.string().max(100)).max(1000).optional().meta({
    description:
      'With a CSV or Excel file: the columns the import does not read (序号, 备注, any it does not know).',
  }),
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

/** A CSV as a regulator exports it: the template's headers and example row. */
function csvExample(): string {
  const { headers, example } = candidateTemplateRows();
  return `${headers.join(',')}\n${example.join(',')}\n`;
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
    `Columns it does not know, such as 序号 or 备注, are ignored and listed in \`ignoredColumns\`; blank rows are skipped. An Excel workbook (${XLSX_MEDIA_TYPE}, at most 16 MB) is read from its first sheet with the same headers; cells hold text (a USCC Excel stored as a number is refused by row), dates, formulas (their result) or rich text. A workbook whose parts unpack to more than ${MAX_UNPACKED_XLSX_BYTES / 2 ** 20} MB is refused whole (\`xlsx.too_large\`) before it is read.`,
    `CSV charsets: ${CSV_CHARSETS.join(', ')}; without one, UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030.`,
  ].join('\n');
}

export const candidateTemplateQuerySchema = z.strictObject({
  format: z.enum(['xlsx', 'csv']).default('xlsx').meta({ description: 'Excel (the default) or CSV.' }),
});
export type CandidateTemplateQuery = z.infer<typeof candidateTemplateQuerySchema>;

export const candidateXlsxSchema = z
  .string()
  .max(16 * 1024 * 1024)
  .meta({ format: 'binary', description: 'An .xlsx workbook; its first sheet as the CSV.' });

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
  format: reportFormat,
  regionCode: divisionCode.optional().meta({
    description:
      "Narrows every figure to the journeys inside this division of the round's region (as the dashboard drills down), the region breakdown one level below it.",
  }),
});
/** What the report route validates of its query: the division (its `format` is read as given). */
export const reportRegionSchema = reportQuerySchema.pick({ regionCode: true });
export type ReportRegion = z.infer<typeof reportRegionSchema>;

const stageCounts = z.record(z.enum(STAGES), count);

/** A time of day, `HH:MM`, Beijing time. */
const clockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/)
  .meta({ maxLength: 5, example: '09:00' });

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
  calendar: z.enum(CALENDARS).meta({
    description:
      '`calendar`: deadlines count every day; `cn-workdays`: working days of the mainland calendar.',
  }),
  workingHours: z.object({ from: clockTime, to: clockTime }).nullable().meta({
    description: 'Beijing time; emails to people wait for these hours on working days. Null: any time.',
  }),
  digest: z.object({ at: clockTime }).nullable().meta({
    description:
      'Reminders and escalations to staff as one email a day at `at` (Beijing). Null: one email each.',
  }),
});

const warningSchema = z.object({
  field: z.string().max(100),
  code: messageCodeSchema,
  message: z.string().max(1000).meta({ description: 'In the language `Accept-Language` asks for.' }),
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
    pausedAt: timestamp.nullable().meta({
      description:
        'When its reminders and escalations were paused (`POST /v1/rounds/{id}/pause`); null while they run.',
    }),
    createdAt: timestamp,
    closedAt: timestamp.nullable(),
  })
  .meta({ id: 'Round' });

/** A round as opening it or changing its settings answers: with what the person should look at again. */
export const roundChangedSchema = roundViewSchema
  .extend({
    warnings: z.array(warningSchema).max(10).optional().meta({
      description:
        'Accepted, but worth a second look: with `calendar: "cn-workdays"`, deadlines that run past the years the bundled calendar covers (`GET /v1/calendar`).',
    }),
  })
  .meta({ id: 'RoundChanged' });

/** `PATCH /v1/rounds/{id}/settings`: any part of the settings; what is left out stays as it is. */
export const changeRoundSettingsSchema = roundSettingsSchema.refine((s) => Object.keys(s).length > 0, {
  ...ruleMessage('round.settings_empty'),
});
export type ChangeRoundSettings = z.infer<typeof changeRoundSettingsSchema>;

export const ROUND_CHANGE_KINDS = ['settings', 'pause', 'resume'] as const;

/** One change of a running round, from the audit log: who, when, and for settings what was asked. */
export const roundChangeSchema = z.object({
  at: timestamp,
  kind: z.enum(ROUND_CHANGE_KINDS),
  principalId: z.uuid().nullable(),
  principalName: z.string().max(200).nullable(),
  change: z.record(z.string().max(100), z.unknown()).nullable().meta({
    description: 'For `settings`: the part of the settings sent, as the request gave it.',
  }),
});

export const roundChangesSchema = z
  .object({ items: z.array(roundChangeSchema).max(150) })
  .meta({ id: 'RoundChanges' });

export const calendarViewSchema = z
  .object({
    source: z
      .string()
      .max(200)
      .meta({ description: 'Where the holidays and adjusted working days come from.' }),
    firstYear: z.number().int().min(1949).max(2200),
    lastYear: z.number().int().min(1949).max(2200),
  })
  .meta({ id: 'WorkCalendar' });

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
    ...regulatorFiguresShape,
  })
  .meta({ id: 'RoundReport' });
