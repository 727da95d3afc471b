import { z } from 'zod';
import { checkUscc, checkUsccShape } from './uscc';
import { isDivisionCode } from './region';
import { checkIndustryCode } from './industry';
import { DIMENSIONS, EFFECTIVENESS, SATISFACTION } from './journey';
import { checkSettingDuration } from './duration';
import { isIsoDate } from './date';

/**
 * Payload rules shared by the API (to answer 400 before anything happens) and the workflow's update
 * validators (so a payload that reaches Temporal another way is refused the same way).
 * Objects are strict: an unknown field is an error that names it.
 */
/** A round setting's duration: ISO 8601, longer than zero, at most ten years. */
export const isoDuration = z.string().superRefine((value, ctx) => {
  const reason = checkSettingDuration(value);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});
const duration = isoDuration;

/** A share in percent, 0 to 100 inclusive (satisfaction rates, first-pass yield, quality cost rate). */
export const percentage = z
  .number({ error: 'must be a number' })
  .min(0, { error: 'must be between 0 and 100' })
  .max(100, { error: 'must be between 0 and 100' });

/** A sum of money or a count of goods: zero or more, finite, below 10^15. */
export const amount = z
  .number({ error: 'must be a number' })
  .min(0, { error: 'must be zero or more' })
  .max(1e15, { error: 'must be less than 10^15' });

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const isoDate = z
  .string({ error: 'must be a date as YYYY-MM-DD' })
  .refine(isIsoDate, { error: 'must be a date that exists, as YYYY-MM-DD' });

/** An email address a message can be sent to (at most 254 characters, RFC 5321). */
export const emailAddress = z
  .email({ error: 'must be an email address' })
  .max(254, { error: 'must be at most 254 characters' });

export const divisionCode = z
  .string()
  .refine(isDivisionCode, { error: 'must be a 6-digit GB/T 2260 division code' });

export const uscc = z.string().superRefine((value, ctx) => {
  const check = checkUscc(value);
  if (!check.ok)
    ctx.addIssue({ code: 'custom', message: `is not a valid unified social credit code: ${check.reason}` });
});

/**
 * A USCC checked by every rule except its check character: for the codes from early pilot regions
 * that an admin accepts as issued (`acceptInvalidCheckCharacter`). Never the default.
 */
export const usccAsIssued = z.string().superRefine((value, ctx) => {
  const check = checkUsccShape(value);
  if (!check.ok)
    ctx.addIssue({ code: 'custom', message: `is not a valid unified social credit code: ${check.reason}` });
});

export const industryCode = z.string().superRefine((value, ctx) => {
  const check = checkIndustryCode(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
});

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
});

export const createRoundSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  regionCode: divisionCode,
  settings: roundSettingsSchema.optional(),
});
export type CreateRound = z.infer<typeof createRoundSchema>;

export const enterpriseSchema = z.strictObject({
  uscc,
  name: z.string().trim().min(1).max(200),
  regionCode: divisionCode,
  industryCode,
  email: z.email(),
  contactName: z.string().trim().min(1).max(100).optional(),
  employees: z.number().int().min(0).max(100_000_000).optional(),
  annualRevenue: z.number().min(0).optional(),
});

export const screeningDecisionSchema = z
  .strictObject({
    decision: z.enum(['selected', 'rejected']),
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((v) => v.decision === 'selected' || v.reason !== undefined, {
    error: 'is required when the decision is rejected',
    path: ['reason'],
  });
export type ScreeningDecision = z.infer<typeof screeningDecisionSchema>;

export const assignmentSchema = z.strictObject({ certificationBodyId: z.uuid() });
export type Assignment = z.infer<typeof assignmentSchema>;

export const metricsSchema = z.strictObject({
  revenue: amount,
  sales: amount,
  profitMargin: z.number().min(-100).max(100),
  qualityCostRate: percentage,
  firstPassYield: percentage,
});

const text = (max: number) => z.string().trim().min(1).max(max);

export const diagnosisSchema = z.strictObject({
  findings: z
    .array(z.strictObject({ dimension: z.enum(DIMENSIONS), category: text(100), description: text(4000) }))
    .min(1)
    .max(100),
  baseline: metricsSchema,
});
export type DiagnosisInput = z.infer<typeof diagnosisSchema>;

export const assistancePlanSchema = z.strictObject({
  measures: z
    .array(z.strictObject({ title: text(500), owner: text(100), dueDate: isoDate }))
    .min(1)
    .max(100),
});
export type AssistancePlanInput = z.infer<typeof assistancePlanSchema>;

export const assistanceCompletionSchema = z.strictObject({ summary: text(8000) });
export type AssistanceCompletionInput = z.infer<typeof assistanceCompletionSchema>;

export const certificationSchema = z
  .strictObject({
    outcome: z.enum(['certified', 'not_certified', 'declined']),
    certificateNumber: text(100).optional(),
    standard: text(100).optional(),
    issuedOn: isoDate.optional(),
    expiresOn: isoDate.optional(),
    reason: text(2000).optional(),
  })
  .superRefine((v, ctx) => {
    const need = (field: keyof typeof v, why: string) =>
      v[field] === undefined && ctx.addIssue({ code: 'custom', path: [field], message: why });
    const forbid = (field: keyof typeof v) =>
      v[field] !== undefined &&
      ctx.addIssue({ code: 'custom', path: [field], message: `applies only when the outcome is certified` });
    if (v.outcome === 'certified') {
      need('certificateNumber', 'is required when the outcome is certified');
      need('issuedOn', 'is required when the outcome is certified');
      if (v.issuedOn && v.expiresOn && v.expiresOn <= v.issuedOn) {
        ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'must be after issuedOn' });
      }
    } else {
      (['certificateNumber', 'standard', 'issuedOn', 'expiresOn'] as const).forEach(forbid);
      if (v.outcome === 'not_certified') need('reason', 'is required when the outcome is not_certified');
    }
  });
export type CertificationInput = z.infer<typeof certificationSchema>;

export const evaluationSchema = z.strictObject({
  satisfaction: z.enum(SATISFACTION),
  effectiveness: z.enum(EFFECTIVENESS),
  metrics: metricsSchema,
});
export type EvaluationInput = z.infer<typeof evaluationSchema>;

export const withdrawalSchema = z.strictObject({ reason: text(2000) });
export type WithdrawalInput = z.infer<typeof withdrawalSchema>;

export interface FieldError {
  field: string;
  message: string;
}

/** Every problem zod found, one entry per field, unknown keys named one by one. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  const join = (path: PropertyKey[]) =>
    [prefix, ...path.map(String)].filter((p) => p !== '').join('.') || '(body)';
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: join([...issue.path, key]), message: 'is not a known field' }))
      : [{ field: join(issue.path), message: issue.message }],
  );
}
