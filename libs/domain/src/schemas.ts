import { z } from 'zod';
import { checkUscc } from './uscc';
import { isDivisionCode } from './region';
import { checkIndustryCode } from './industry';
import { isIsoDuration } from './duration';

/**
 * Payload rules shared by the API (to answer 400 before anything happens) and the workflow's update
 * validators (so a payload that reaches Temporal another way is refused the same way).
 * Objects are strict: an unknown field is an error that names it.
 */
const duration = z
  .string()
  .refine(isIsoDuration, { error: 'must be an ISO 8601 duration such as P14D or PT30S' });

export const divisionCode = z
  .string()
  .refine(isDivisionCode, { error: 'must be a 6-digit GB/T 2260 division code' });

export const uscc = z.string().superRefine((value, ctx) => {
  const check = checkUscc(value);
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
