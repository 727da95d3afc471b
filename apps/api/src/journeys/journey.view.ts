import { z } from 'zod';
import {
  STAGES,
  divisionFullName,
  STEP_ACTORS,
  STEP_NAMES,
  pendingStep,
  assistanceCompletionSchema,
  assistancePlanSchema,
  certificationSchema,
  diagnosisSchema,
  enterpriseSchema,
  evaluationSchema,
  PROGRESS_STATUSES,
  screeningDecisionSchema,
  withdrawalSchema,
  type JourneyState,
  type StepName,
} from '@uplift/domain';
import type { JourneyRow } from '@uplift/persistence';
import { timestamp } from '../common/api-contract';

/** Who took a step: a principal, or an enterprise through its link (`enterprise:<USCC>`). */
const recordedBySchema = z.object({
  principalId: z.string().max(100),
  role: z.string().max(40).meta({ example: 'regulator' }),
  name: z.string().max(200),
});
const recorded = { at: timestamp, by: recordedBySchema };
/** Diagnosis and plan: the latest version; the history holds each. */
const amendable = {
  ...recorded,
  version: z.number().int().min(1).max(10_000).meta({
    description: "1 for the first submission, n after n − 1 amendments; `at` and `by` are this version's.",
  }),
};

/** What each step recorded: the body it was taken with, when and by whom. */
const evaluationRecordSchema = z.object({
  n: z.number().int().min(1).max(12),
  dueAt: timestamp,
  openedAt: timestamp.nullable(),
  answeredAt: timestamp.nullable(),
  answer: evaluationSchema.nullable(),
  by: recordedBySchema.nullable(),
  via: z
    .enum(['link', 'api'])
    .nullable()
    .meta({ description: '`link` when the enterprise answered itself.' }),
});

/** What the journey waits for now (`pendingStep`, from the STEPS table), or null when no one must act. */
const dueSchema = z
  .object({
    step: z
      .enum(STEP_NAMES as [StepName, ...StepName[]])
      .meta({ description: 'The STEPS key of the pending step, e.g. `diagnosis`.' }),
    evaluation: z.number().int().min(1).max(12).optional(),
    actors: z.array(z.enum(STEP_ACTORS)).max(STEP_ACTORS.length).meta({ description: 'Who must act on it.' }),
  })
  .nullable();

const DAY_MS = 86_400_000;
/** Whole days `deadline` lies before `now` while `due` waits; 0 otherwise. */
function overdueDays(deadline: string | Date | null, due: unknown, now: Date): number {
  const late = deadline && due ? now.getTime() - new Date(deadline).getTime() : 0;
  return late > 0 ? Math.floor(late / DAY_MS) : 0;
}

export const journeyViewSchema = z
  .object({
    id: z
      .string()
      .max(100)
      .meta({ example: 'journey-0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d-91330106MA2AXXXX1X' }),
    roundId: z.uuid(),
    enterprise: enterpriseSchema,
    regionName: z.string().max(100).nullable().meta({
      description: "The enterprise's division by name, province first.",
      example: '浙江省杭州市西湖区',
    }),
    stage: z.enum(STAGES),
    stalled: z.boolean().meta({ description: "Past the current step's deadline and not yet done." }),
    stalledSince: timestamp.nullable(),
    deadline: timestamp.nullable(),
    certificationBodyId: z.uuid().nullable(),
    assigneeId: z.uuid().nullable().meta({
      description:
        "The person of the body the journey is given to (`POST /v1/journeys/{id}/assignee`); emails about it go to them. Null: the body's address.",
    }),
    pausedAt: timestamp.nullable().meta({
      description: "While the round's reminders and escalations are paused: since when.",
    }),
    screening: screeningDecisionSchema.safeExtend(recorded).nullable(),
    assignments: z.array(
      z.object({
        ...recorded,
        certificationBodyId: z.uuid(),
        fromCertificationBodyId: z
          .uuid()
          .optional()
          .meta({ description: 'A reassignment: the body the journey was moved away from.' }),
      }),
    ),
    diagnosis: diagnosisSchema.extend(amendable).nullable(),
    plan: assistancePlanSchema.safeExtend(amendable).nullable(),
    progress: z
      .array(
        z.object({
          ...recorded,
          measure: z.string().max(500),
          status: z.enum(PROGRESS_STATUSES),
          note: z.string().max(500).optional(),
        }),
      )
      .max(100)
      .meta({ description: 'The latest progress on each measure of the current plan, in plan order.' }),
    completion: assistanceCompletionSchema.extend(recorded).nullable(),
    certification: certificationSchema.safeExtend(recorded).nullable(),
    evaluations: z.array(evaluationRecordSchema).max(12),
    withdrawal: withdrawalSchema.extend(recorded).nullable(),
    cancellation: withdrawalSchema.extend(recorded).nullable(),
    reminders: z.object({
      sent: z.number().int().min(0).max(1000),
      escalated: z.boolean(),
    }),
    due: dueSchema,
    escalatedAt: timestamp.nullable().meta({
      description:
        "When the journey was escalated to its round's regulator, while it still is; null otherwise (a step or a new stall clears it).",
    }),
    overdueDays: z.number().int().min(0).max(100_000).meta({
      description: 'Whole days past the deadline while someone must act; 0 when not overdue.',
    }),
    version: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    startedAt: timestamp.nullable().meta({ description: 'Null until the workflow first reports.' }),
    updatedAt: timestamp,
  })
  .meta({ id: 'Journey', description: 'A journey as API.md "Journeys" describes it.' });
export type JourneyView = z.input<typeof journeyViewSchema>;

export const journeyListSchema = z.object({
  items: z.array(journeyViewSchema).max(500),
  nextCursor: z.string().max(200).nullable().meta({ description: 'Pass as `cursor` for the next page.' }),
});

export const journeyHistorySchema = z.object({
  events: z
    .array(
      z.object({
        at: timestamp,
        type: z.string().max(100).meta({ example: 'step' }),
        stage: z.enum(STAGES).nullable(),
        actor: recordedBySchema.nullable(),
        summary: z.string().max(2000),
        details: z.record(z.string().max(100), z.unknown()),
      }),
    )
    .meta({
      description: "Oldest first: the workflow's history plus the steps refused (from the audit log).",
    }),
});

/** The public shape of a journey (API.md "Journeys"). */
export function journeyView(
  s: JourneyState,
  now = new Date(),
  // The read model keeps the moment it first saw the escalation; a state alone knows only its last write.
  escalatedAt: string | Date | null = s.escalated ? s.updatedAt : null,
): JourneyView {
  const pending = pendingStep(s);
  const due = pending && { ...pending, actors: [...pending.actors] };
  return {
    id: s.id,
    roundId: s.roundId,
    enterprise: s.enterprise,
    regionName: divisionFullName(s.enterprise.regionCode),
    stage: s.stage,
    stalled: s.stalled,
    stalledSince: s.stalledSince,
    deadline: s.deadline,
    certificationBodyId: s.certificationBodyId,
    assigneeId: s.assigneeId ?? null,
    pausedAt: s.pausedAt ?? null,
    screening: s.screening ?? null,
    assignments: s.assignments,
    diagnosis: s.diagnosis ? { ...s.diagnosis, version: s.diagnosis.version ?? 1 } : null,
    plan: s.plan ? { ...s.plan, version: s.plan.version ?? 1 } : null,
    progress: s.progress ?? [],
    completion: s.completion ?? null,
    certification: s.certification ?? null,
    evaluations: s.evaluations,
    withdrawal: s.withdrawal ?? null,
    cancellation: s.cancellation ?? null,
    reminders: { sent: s.remindersSent, escalated: s.escalated },
    due,
    escalatedAt,
    overdueDays: overdueDays(s.deadline, due, now),
    version: s.version,
    startedAt: s.startedAt,
    updatedAt: s.updatedAt,
  };
}

/** A read-model row; before its workflow first reports, only what the import stored. */
export function journeyRowView(row: JourneyRow, now = new Date()): JourneyView {
  if (row.state) return journeyView(row.state, now, row.escalatedAt);
  return {
    id: row.id,
    roundId: row.roundId,
    enterprise: row.enterprise,
    regionName: divisionFullName(row.enterprise.regionCode),
    stage: row.stage,
    stalled: row.stalled,
    stalledSince: null,
    deadline: row.deadline?.toISOString() ?? null,
    certificationBodyId: row.certificationBodyId,
    assigneeId: null,
    pausedAt: null,
    screening: null,
    assignments: [],
    diagnosis: null,
    plan: null,
    progress: [],
    completion: null,
    certification: null,
    evaluations: [],
    withdrawal: null,
    cancellation: null,
    reminders: { sent: 0, escalated: false },
    due: null,
    escalatedAt: null,
    overdueDays: 0,
    version: row.version,
    startedAt: null,
    updatedAt: row.updatedAt,
  };
}
