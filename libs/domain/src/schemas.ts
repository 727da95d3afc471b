import { z } from 'zod';
import { checkUscc, checkUsccShape, normaliseUscc, usccCheckCharacter } from './uscc';
import { divisionProblem, scopeDivisionProblem } from './region';
import { checkIndustryCode } from './industry';
import { DIMENSIONS, EFFECTIVENESS, SATISFACTION } from './journey';
import { IMPROVEMENT_AREAS } from './survey';
import { settingDurationProblem } from './duration';
import { CALENDARS } from './calendar';
import { certificateDateProblems, isIsoDate } from './date';
import { lineTextProblem } from './text';
import {
  ruleIssue,
  ruleMessage,
  zodDetails,
  type FieldError,
  type MessageCode,
  type MessageParams,
} from './messages';

/** A rule broken, by its code (messages.ts) and the parameters its message names. */
type Problem = { code: MessageCode; params?: MessageParams };

/**
 * Payload rules shared by the API (to answer 400 before anything happens) and the workflow's update
 * validators (so a payload that reaches Temporal another way is refused the same way).
 * Objects are strict: an unknown field is an error that names it.
 */
/** A round setting's duration: ISO 8601, longer than zero, at most ten years. */
export const isoDuration = z
  .string()
  .max(64, { abort: true })
  .superRefine((value, ctx) => {
    const problem = settingDurationProblem(value);
    if (problem) ctx.addIssue(ruleIssue(problem.code, problem.params));
  })
  .meta({ description: 'An ISO 8601 duration, longer than zero, at most P10Y.', example: 'P30D' });
const duration = isoDuration;

/** A share in percent, 0 to 100 inclusive (satisfaction rates, first-pass yield, quality cost rate). */
export const percentage = z
  .number()
  .min(0, ruleMessage('number.percentage'))
  .max(100, ruleMessage('number.percentage'));

/** A sum of money or a count of goods: zero or more, finite, below 10^15. */
export const amount = z
  .number()
  .min(0, ruleMessage('number.amount_negative'))
  .max(1e15, ruleMessage('number.amount_too_large'));

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const isoDate = z
  .string(ruleMessage('date.type'))
  .refine(isIsoDate, ruleMessage('date.invalid'))
  // What the OpenAPI document states; the refinement above is what checks it.
  .meta({ format: 'date', maxLength: 10, example: '2026-06-30' });

/** RFC 5321 §4.5.3.1: a path of at most 256 octets, so an address of at most 254; a local part of at most 64. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_EMAIL_LOCAL_PART = 64;
/** RFC 1035 §2.3.4: a label of at most 63 octets. */
export const MAX_DOMAIN_LABEL = 63;

/**
 * An email address a message can be sent to, wherever one enters (enterprises, principals,
 * certification bodies): the shape zod checks, and the lengths a mail server enforces. A longer one is
 * refused here, not by the mail server after the journey has waited on it.
 */
export const emailAddress = z
  .email()
  .superRefine((value, ctx) => {
    const problem = emailLengthProblem(value);
    if (problem) ctx.addIssue(ruleIssue(problem.code, problem.params));
  })
  .meta({ maxLength: MAX_EMAIL_LENGTH, example: 'contact@example.cn' });

/** zod's address shape is ASCII only, so characters are octets. */
function emailLengthProblem(address: string): Problem | null {
  const at = address.lastIndexOf('@');
  if (address.length > MAX_EMAIL_LENGTH)
    return { code: 'string.too_long', params: { max: MAX_EMAIL_LENGTH } };
  if (at > MAX_EMAIL_LOCAL_PART)
    return { code: 'email.local_part_too_long', params: { max: MAX_EMAIL_LOCAL_PART } };
  const labels = address.slice(at + 1).split('.');
  if (labels.some((label) => label.length > MAX_DOMAIN_LABEL))
    return { code: 'email.domain_label_too_long', params: { max: MAX_DOMAIN_LABEL } };
  return null;
}

/**
 * A name-like text: trimmed, 1 to `max` characters, on one line, with no control, bidirectional or
 * invisible formatting character (`checkLineText`). Names reach email subjects and bodies, reports and
 * spreadsheets, so none may start a line or pass for another name.
 */
export const lineText = (max: number) =>
  z
    .string()
    // Checked before trimming: a line break at either end is refused too, not quietly dropped.
    .superRefine((value, ctx) => {
      const problem = lineTextProblem(value);
      if (problem) ctx.addIssue(ruleIssue(problem.code, problem.params, { continue: false }));
    })
    .trim()
    .min(1)
    .max(max);

/** Where an enterprise is: a GB/T 2260 division that exists (in the generated list, data/). */
export const enterpriseDivision = z
  .string()
  .superRefine((value, ctx) => {
    const problem = divisionProblem(value);
    if (problem) ctx.addIssue(ruleIssue(problem.code));
  })
  .meta({ maxLength: 6, description: 'A GB/T 2260 division code that exists.', example: '330106' });

/** What a round or a regulator covers: a division that exists, or `000000`, the national level. */
export const divisionCode = z
  .string()
  .superRefine((value, ctx) => {
    const problem = scopeDivisionProblem(value);
    if (problem) ctx.addIssue(ruleIssue(problem.code));
  })
  .meta({
    maxLength: 6,
    description: 'A GB/T 2260 division code that exists, or `000000` for the whole country.',
    example: '330000',
  });

/** Read the same way on every path (JSON, CSV, query): see `normaliseUscc`. */
const usccText = z.string().overwrite(normaliseUscc);
/** What the OpenAPI document says of a USCC (metadata belongs to the schema it is set on, so set last). */
const USCC_DOC = {
  maxLength: 18,
  description: 'A unified social credit code (GB 32100), 18 characters.',
  example: `91330106MA2B3C4D5${usccCheckCharacter('91330106MA2B3C4D5')}`,
};

export const uscc = usccText
  .superRefine((value, ctx) => {
    const check = checkUscc(value);
    if (!check.ok) ctx.addIssue(ruleIssue(check.code, check.params));
  })
  .meta(USCC_DOC);

/**
 * A USCC checked by every rule except its check character: for the codes from early pilot regions
 * that an admin accepts as issued (`acceptInvalidCheckCharacter`). Never the default.
 */
export const usccAsIssued = usccText
  .superRefine((value, ctx) => {
    const check = checkUsccShape(value);
    if (!check.ok) ctx.addIssue(ruleIssue(check.code, check.params));
  })
  .meta(USCC_DOC);

export const industryCode = z
  .string()
  .superRefine((value, ctx) => {
    const check = checkIndustryCode(value);
    if (!check.ok) ctx.addIssue(ruleIssue(check.code, check.params));
  })
  .meta({
    maxLength: 5,
    description: 'A GB/T 4754 industry code (section letter, division, group).',
    example: 'C3311',
  });

/** A time of day, `HH:MM`, 24-hour. */
const clockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, ruleMessage('time.format'))
  .meta({ maxLength: 5, example: '09:00' });

export const roundSettingsSchema = z.strictObject({
  deadlines: z
    .strictObject({
      screening: duration,
      diagnosis: duration,
      assistancePlan: duration,
      assistance: duration,
      certification: duration,
      evaluation: duration,
    })
    .partial()
    .optional(),
  evaluationOffsets: z.array(duration).min(1).max(12).optional(),
  reminders: z
    .strictObject({ every: duration, max: z.number().int().min(0).max(20) })
    .partial()
    .optional(),
  escalateAfter: duration.optional(),
  calendar: z
    .enum(CALENDARS)
    .optional()
    .meta({ description: 'How deadlines count days: every day, or working days of the mainland calendar.' }),
  workingHours: z
    .strictObject({ from: clockTime, to: clockTime })
    .refine((h) => h.from < h.to, { path: ['to'], ...ruleMessage('time.not_after_from') })
    .nullable()
    .optional()
    .meta({
      description: 'Beijing time; emails to people wait for these hours on working days. Null: any time.',
    }),
  digest: z.strictObject({ at: clockTime }).nullable().optional().meta({
    description:
      'Reminders and escalations to staff as one email a day at `at` (Beijing). Null: one email each.',
  }),
});

/**
 * A round's settings as a journey holds them, every period given (`resolveRoundSettings`): what the
 * `round-settings` step hands each open journey after a change (`mergeRoundSettings`).
 */
export const resolvedRoundSettingsSchema = z.strictObject({
  deadlines: z.strictObject({
    screening: duration,
    diagnosis: duration,
    assistancePlan: duration,
    assistance: duration,
    certification: duration,
    evaluation: duration,
  }),
  evaluationOffsets: z.array(duration).min(1).max(12),
  reminders: z.strictObject({ every: duration, max: z.number().int().min(0).max(20) }),
  escalateAfter: duration,
  // Absent as on a journey from before them (`RoundSettings`): every day, any time, one email each.
  calendar: roundSettingsSchema.shape.calendar,
  workingHours: roundSettingsSchema.shape.workingHours,
  digest: roundSettingsSchema.shape.digest,
});

export const createRoundSchema = z.strictObject({
  name: lineText(200),
  regionCode: divisionCode,
  settings: roundSettingsSchema.optional(),
});
export type CreateRound = z.infer<typeof createRoundSchema>;

export const enterpriseSchema = z.strictObject({
  uscc,
  name: lineText(200),
  regionCode: enterpriseDivision,
  industryCode,
  email: emailAddress,
  contactName: lineText(100).optional(),
  employees: z.number().int().min(0).max(100_000_000).optional(),
  annualRevenue: z.number().min(0).optional(),
});

export const screeningDecisionSchema = z
  .strictObject({
    decision: z.enum(['selected', 'rejected']),
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'rejected' && v.reason === undefined)
      ctx.addIssue(ruleIssue('screening.reason_required', {}, { path: ['reason'] }));
  });
export type ScreeningDecision = z.infer<typeof screeningDecisionSchema>;

export const assignmentSchema = z.strictObject({ certificationBodyId: z.uuid() });
export type Assignment = z.infer<typeof assignmentSchema>;

/**
 * Moving a journey from the body it is assigned to to another (one that lost its accreditation, say).
 * `fromCertificationBodyId`, when given, must be the journey's body: a bulk reassignment that names
 * it never moves another body's journeys, whatever its filter matched. The reason is kept in the
 * journey's history (the step's payload), not carried in its state.
 */
export const reassignmentSchema = z.strictObject({
  fromCertificationBodyId: z.uuid().optional(),
  certificationBodyId: z.uuid(),
  reason: lineText(500).optional(),
});
export type Reassignment = z.infer<typeof reassignmentSchema>;

/**
 * Giving a journey to one of its body's staff (a `certification_body` principal of that body), or
 * back to the body as a whole (null). The API checks the person before the step reaches the workflow.
 */
export const assigneeSchema = z.strictObject({ assigneeId: z.uuid().nullable() });
export type AssigneeInput = z.infer<typeof assigneeSchema>;

/**
 * A round's settings changed, or its reminders and escalations paused or resumed, handed to each of
 * its open journeys: the settings whole, and whether the round is now paused.
 */
export const roundSettingsStepSchema = z.strictObject({
  settings: resolvedRoundSettingsSchema,
  paused: z.boolean(),
});
export type RoundSettingsStepInput = z.infer<typeof roundSettingsStepSchema>;

export const metricsSchema = z.strictObject({
  revenue: amount,
  sales: amount,
  profitMargin: z.number().min(-100).max(100),
  qualityCostRate: percentage,
  firstPassYield: percentage,
  repurchaseRate: percentage.optional(),
  overseasSales: amount.optional(),
});

const text = (max: number) => z.string().trim().min(1).max(max);

export const diagnosisSchema = z.strictObject({
  findings: z
    .array(
      z.strictObject({ dimension: z.enum(DIMENSIONS), category: lineText(100), description: text(4000) }),
    )
    .min(1)
    .max(100),
  baseline: metricsSchema,
});
export type DiagnosisInput = z.infer<typeof diagnosisSchema>;

export const assistancePlanSchema = z
  .strictObject({
    measures: z
      .array(z.strictObject({ title: lineText(500), owner: lineText(100), dueDate: isoDate }))
      .min(1)
      .max(100),
  })
  // Progress names a measure by its title (`assistanceProgressSchema`): titles are unique in a plan.
  .superRefine((plan, ctx) => {
    plan.measures.forEach((m, i) => {
      const first = plan.measures.findIndex((other) => other.title === m.title);
      if (first < i)
        ctx.addIssue(
          ruleIssue('plan.duplicate_title', { first: first + 1 }, { path: ['measures', i, 'title'] }),
        );
    });
  });
export type AssistancePlanInput = z.infer<typeof assistancePlanSchema>;

export const PROGRESS_STATUSES = ['planned', 'in_progress', 'done'] as const;

/** Progress on measures of the current plan, each named by its title. */
export const assistanceProgressSchema = z.strictObject({
  updates: z
    .array(
      z.strictObject({
        measure: lineText(500),
        status: z.enum(PROGRESS_STATUSES),
        // Short: the workflow carries the latest note of each measure (the plan holds at most 100).
        note: text(500).optional(),
      }),
    )
    .min(1)
    .max(100),
});
export type AssistanceProgressInput = z.infer<typeof assistanceProgressSchema>;

export const assistanceCompletionSchema = z.strictObject({ summary: text(8000) });
export type AssistanceCompletionInput = z.infer<typeof assistanceCompletionSchema>;

export const certificationSchema = z
  .strictObject({
    outcome: z.enum(['certified', 'not_certified', 'declined']),
    certificateNumber: lineText(100).optional(),
    standard: lineText(100).optional(),
    issuedOn: isoDate.optional(),
    expiresOn: isoDate.optional(),
    reason: text(2000).optional(),
  })
  .superRefine((v, ctx) => {
    const need = (field: keyof typeof v, why: MessageCode) =>
      v[field] === undefined && ctx.addIssue(ruleIssue(why, {}, { path: [field] }));
    const forbid = (field: keyof typeof v) =>
      v[field] !== undefined &&
      ctx.addIssue(ruleIssue('certification.only_when_certified', {}, { path: [field] }));
    if (v.outcome === 'certified') {
      need('certificateNumber', 'certification.required_when_certified');
      need('issuedOn', 'certification.required_when_certified');
      // Today is the caller's clock in the API and the workflow's own in its Update validator.
      for (const e of certificateDateProblems(v, new Date()))
        ctx.addIssue(ruleIssue(e.code, e.params, { path: [e.field] }));
    } else {
      (['certificateNumber', 'standard', 'issuedOn', 'expiresOn'] as const).forEach(forbid);
      if (v.outcome === 'not_certified') need('reason', 'certification.reason_required');
    }
  });
export type CertificationInput = z.infer<typeof certificationSchema>;

export const evaluationSchema = z.strictObject({
  satisfaction: z.enum(SATISFACTION),
  effectiveness: z.enum(EFFECTIVENESS),
  metrics: metricsSchema,
  // The survey's further questions (API.md, "Reports and the evaluation questionnaire"): optional.
  followUpSatisfaction: z.enum(SATISFACTION).optional(),
  improvements: z
    .array(z.enum(IMPROVEMENT_AREAS))
    .max(IMPROVEMENT_AREAS.length)
    .refine((a) => new Set(a).size === a.length, ruleMessage('survey.area_repeated'))
    .optional(),
  problemsSolved: z.number().int().min(0).max(1_000_000).optional(),
});
export type EvaluationInput = z.infer<typeof evaluationSchema>;

export const withdrawalSchema = z.strictObject({ reason: text(2000) });
export type WithdrawalInput = z.infer<typeof withdrawalSchema>;

export type { FieldError } from './messages';

/**
 * Every problem zod found, one entry per field, unknown keys named one by one: each with its rule's
 * stable code and parameters, its message in English (the API tells it again in the request's language).
 */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return zodDetails(error, prefix, 'en');
}
