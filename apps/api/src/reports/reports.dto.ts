import { z } from 'zod';
import { divisionCode, IMPROVEMENT_AREAS, REPORT_METRICS } from '@uplift/domain';
import { timestamp } from '../common/api-contract';

/**
 * The regulator's figures as the API shows them (API.md, "Reports and the evaluation questionnaire"):
 * the shapes of `regulatorFigures`, `reportSummary` and the breakdowns the report service adds.
 */
const n = z.number().int().min(0);
const names = z.object({ zh: z.string().max(200), en: z.string().max(200) });

export const shareSchema = z
  .object({
    count: n,
    of: n,
    fraction: z.number().min(0).max(1).nullable(),
    percent: z.number().min(0).max(100).nullable(),
  })
  .meta({
    id: 'Share',
    description: '`count` of `of`, as a fraction and as a percentage (null when `of` is 0).',
  });

const metricFigures = z.object({
  direction: z.enum(['up', 'down']),
  measured: n,
  improved: n,
  averageImprovement: z.number().nullable(),
  meanChange: z.number().nullable(),
  totalChange: z.number().nullable(),
});

export const answerFiguresSchema = z
  .object({
    answered: n,
    satisfactionRate: shareSchema,
    effectivenessRate: shareSchema,
    followUpSatisfactionRate: shareSchema,
    improvements: z.object({
      asked: n,
      areas: z
        .array(shareSchema.extend({ code: z.enum(IMPROVEMENT_AREAS), name: names }))
        .max(IMPROVEMENT_AREAS.length),
    }),
    problemsSolved: z.object({ asked: n, total: n }),
    metrics: z.record(z.enum(REPORT_METRICS), metricFigures).meta({
      description: 'Per metric, in percent: see `methods` for how each is computed.',
    }),
  })
  .meta({ id: 'AnswerFigures' });

const sourcedShape = {
  all: answerFiguresSchema,
  link: answerFiguresSchema.meta({ description: "The enterprises' own answers, through their link." }),
  body: answerFiguresSchema.meta({ description: 'Answers a certification body (or an admin) entered.' }),
};

const countsSchema = z.object({
  journeys: n,
  enterprisesAssisted: n,
  bodies: n,
  industries: n.meta({ description: 'Distinct GB/T 4754 divisions of the enterprises assisted.' }),
  certificates: n,
  enterprisesAnswered: n,
});

const breakdownRow = answerFiguresSchema.extend({
  code: z.string().max(100).nullable(),
  name: z.string().max(200).nullable(),
  nameEn: z.string().max(200).nullable(),
  counts: countsSchema,
});

const method = z.object({ zh: z.string().max(500), en: z.string().max(500) });

/** The fields the regulator's figures add to a report. */
export const regulatorFiguresShape = {
  counts: countsSchema,
  satisfactionRate: shareSchema,
  effectivenessRate: shareSchema,
  followUpSatisfactionRate: shareSchema,
  improvements: answerFiguresSchema.shape.improvements,
  problemsSolved: answerFiguresSchema.shape.problemsSolved,
  metrics: answerFiguresSchema.shape.metrics,
  latest: z.object(sourcedShape).meta({ description: "Each enterprise's latest answer." }),
  waves: z
    .array(
      z.object({
        n: n,
        months: z
          .number()
          .int()
          .nullable()
          .meta({
            description:
              "Months after assistance the wave falls due, from the round's evaluation offsets (3, 6 and 12 by default). " +
              'Across rounds (a year report): the months every round asking this wave agrees on; null where they differ.',
          }),
        label: names,
        ...sourcedShape,
      }),
    )
    .max(12),
  breakdowns: z.object({
    region: z.array(breakdownRow.extend({ drillable: z.boolean() })).max(5000),
    industry: z.array(breakdownRow).max(200),
    body: z.array(breakdownRow).max(5000),
  }),
  methods: z.record(z.string().max(40), method),
  summary: z
    .object({
      zh: z.string().max(5000),
      en: z.string().max(10000),
      numbers: z
        .array(z.object({ text: z.string().max(40), field: z.string().max(200) }))
        .max(200)
        .meta({ description: 'Each number of the paragraph, in order, and the report field it comes from.' }),
    })
    .meta({ description: "The paragraph a bureau publishes, in the sentences of the regulator's notices." }),
};

export const reportFormat = z.enum(['json', 'csv', 'xlsx']).optional().meta({
  description: '`csv` (Chinese headers, with a BOM) or `xlsx` (one sheet per breakdown); JSON otherwise.',
});

export const yearReportQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  regionCode: divisionCode.optional().meta({
    description: "The division to report on; a regulator's own by default, the nation for an admin.",
  }),
  format: reportFormat,
});

export const yearReportSchema = z
  .object({
    year: z.number().int(),
    regionCode: divisionCode,
    regionName: z.string().max(200).nullable(),
    generatedAt: timestamp,
    rounds: n,
    ...regulatorFiguresShape,
  })
  .meta({ id: 'YearReport' });
