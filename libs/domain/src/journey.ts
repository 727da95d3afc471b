import type { ImprovementArea } from './survey';
import { CN_CALENDAR } from './calendar';
import type { RoundSettings } from './settings';

export const STAGES = [
  'screening',
  'diagnosis',
  'assistance',
  'certification',
  'follow_up',
  'completed',
  'rejected',
  'withdrawn',
  'cancelled',
] as const;
export type Stage = (typeof STAGES)[number];

export const TERMINAL_STAGES: readonly Stage[] = ['completed', 'rejected', 'withdrawn', 'cancelled'];

export function isTerminal(stage: Stage): boolean {
  return TERMINAL_STAGES.includes(stage);
}

export interface Enterprise {
  uscc: string;
  name: string;
  regionCode: string;
  industryCode: string;
  email: string;
  contactName?: string;
  employees?: number;
  annualRevenue?: number;
}

/** Who did something, as the journey keeps it. */
export interface RecordedBy {
  principalId: string;
  role: string;
  name: string;
}

/** What a step records besides its own payload. */
export interface Recorded {
  at: string;
  by: RecordedBy;
}

export const DIMENSIONS = ['quality_management', 'technology_process', 'product_quality', 'talent'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The baseline and every evaluation measure the same five figures, so change can be computed. */
export interface Metrics {
  /** Annual revenue, 10,000 CNY. */
  revenue: number;
  /** Annual sales, 10,000 CNY. */
  sales: number;
  /** Percent; may be negative. */
  profitMargin: number;
  /** Quality cost as a percent of revenue. */
  qualityCostRate: number;
  /** Percent of units passing first time. */
  firstPassYield: number;
  /** Percent of customers buying again; optional (asked since the reports issue). */
  repurchaseRate?: number;
  /** Annual sales abroad, 10,000 CNY; optional (asked since the reports issue). */
  overseasSales?: number;
}

export interface Finding {
  dimension: Dimension;
  category: string;
  description: string;
}

export interface ScreeningRecord extends Recorded {
  decision: 'selected' | 'rejected';
  reason?: string;
}

export interface AssignmentRecord extends Recorded {
  certificationBodyId: string;
  /** For a reassignment: the body the journey was moved away from. */
  fromCertificationBodyId?: string;
}

/**
 * A record its step may submit again while assistance lasts (an amendment): it holds the latest
 * version, recorded when and by whom that version was; the history keeps every version.
 */
export interface Amendable {
  /** 1 for the first submission, n after n − 1 amendments; absent on records made before amendments. */
  version?: number;
}

export interface DiagnosisRecord extends Recorded, Amendable {
  findings: Finding[];
  baseline: Metrics;
}

export interface Measure {
  title: string;
  owner: string;
  dueDate: string;
}

export interface PlanRecord extends Recorded, Amendable {
  measures: Measure[];
}

/** The latest progress on one measure of the plan, named by its title. */
export interface ProgressRecord extends Recorded {
  measure: string;
  status: 'planned' | 'in_progress' | 'done';
  note?: string;
}

export interface CompletionRecord extends Recorded {
  summary: string;
}

export type CertificationRecord = Recorded &
  (
    | {
        outcome: 'certified';
        certificateNumber: string;
        standard: string;
        issuedOn: string;
        expiresOn: string;
      }
    | { outcome: 'not_certified'; reason: string }
    | { outcome: 'declined'; reason?: string }
  );

export const SATISFACTION = ['satisfied', 'fairly_satisfied', 'neutral', 'dissatisfied'] as const;
export const EFFECTIVENESS = ['very_obvious', 'fairly_obvious', 'not_obvious'] as const;

export interface EvaluationAnswer {
  satisfaction: (typeof SATISFACTION)[number];
  effectiveness: (typeof EFFECTIVENESS)[number];
  metrics: Metrics;
  // Asked since the reports issue: absent from earlier answers, which count as "not asked".
  /** Satisfaction with the body's continued follow-up service, on the same scale. */
  followUpSatisfaction?: (typeof SATISFACTION)[number];
  improvements?: ImprovementArea[];
  /** Quality problems the assistance solved. */
  problemsSolved?: number;
}

/** One follow-up evaluation: due at an offset after assistance, open once due, answered once. */
export interface EvaluationRecord {
  n: number;
  dueAt: string;
  openedAt: string | null;
  answeredAt: string | null;
  answer: EvaluationAnswer | null;
  by: RecordedBy | null;
  /** `link` when the enterprise answered through its emailed link. */
  via: 'link' | 'api' | null;
}

export interface EndRecord extends Recorded {
  reason: string;
}

/** A journey as its workflow holds it: the source of truth the read model mirrors. */
/** The last rung of an escalation ladder: the round's owner (its creator, or their successor). */
export const ROUND_OWNER = 'owner';

export interface JourneyState {
  id: string;
  roundId: string;
  enterprise: Enterprise;
  settings: RoundSettings;
  stage: Stage;
  /** Past the current step's deadline and not yet done. */
  stalled: boolean;
  stalledSince: string | null;
  remindersSent: number;
  escalated: boolean;
  deadline: string | null;
  /**
   * Since when the journey waits for its current step (the start its deadline counts from), so a
   * settings change can count the deadline again. Absent on journeys from before settings changes:
   * their deadline less the step's duration (they counted every day).
   */
  waitingSince?: string | null;
  certificationBodyId: string | null;
  /**
   * The body's staff member doing the work (a `certification_body` principal of that body): emails
   * about the journey go to them, the body's address being the fallback. Cleared when the journey
   * moves to another body. Absent on journeys from before assignees.
   */
  assigneeId?: string | null;
  /**
   * Whom escalations climb to, nearest first: GB/T 2260 divisions (the enterprise's county or city,
   * then each level up to below the round's own division), ending with `ROUND_OWNER`. Absent on
   * journeys from before the ladder, which escalate once to the round's owner.
   */
  ladder?: string[];
  /** How many rungs of `ladder` the current stall has been escalated to. */
  escalationLevel?: number;
  /** Since when the round's reminders and escalations are paused; null or absent while they run. */
  pausedAt?: string | null;
  /**
   * The last year of the bundled working-day calendar this journey counts with (`journeyCalendar`):
   * the year its starter's data reached. Later years count weekends only for it, whatever data a
   * newer release bundles, so a data update never moves a running journey's deadlines on replay;
   * moving it onto newer data is a workflow change (CONTRIBUTING.md, "The working-day calendar").
   */
  calendarThrough?: number;
  screening?: ScreeningRecord;
  assignments: AssignmentRecord[];
  diagnosis?: DiagnosisRecord;
  plan?: PlanRecord;
  /** The latest status of each measure of the current plan that progress was recorded on, in plan order. */
  progress?: ProgressRecord[];
  completion?: CompletionRecord;
  certification?: CertificationRecord;
  evaluations: EvaluationRecord[];
  withdrawal?: EndRecord;
  cancellation?: EndRecord;
  /** Increases with every recorded change; the read model keeps only the newest. */
  version: number;
  startedAt: string;
  updatedAt: string;
}

export interface JourneyInput {
  id: string;
  roundId: string;
  enterprise: Enterprise;
  settings: RoundSettings;
  /**
   * The instant the journey began, chosen by whoever starts it, so that the state it starts in is
   * known outside the workflow (`initialJourney(input)`). Absent on journeys started before it existed.
   */
  startedAt?: string;
  /**
   * The division of the round's owner (`rounds.region_code`): escalations climb the divisions between
   * the enterprise's and this one (`escalationLadder`). Absent on journeys started before the ladder.
   */
  roundRegionCode?: string;
  /** The last year of the working-day calendar the starter bundled (`JourneyState.calendarThrough`). */
  calendarThrough?: number;
  /** The starter already wrote that first state to the read model: the workflow need not. */
  initialStateRecorded?: boolean;
  /**
   * The state a journey continued as new from (`continueAsNew`), its texts already in the read model:
   * the new run takes it up where the previous one stopped instead of starting at screening.
   */
  carried?: JourneyState;
}

/**
 * The input a journey's workflow starts with, whoever starts it: the round's launcher, or a step that
 * reaches a journey the launcher has not; `roundRegionCode` is the round's own division, which tops
 * the journey's escalation ladder. The starter writes `initialJourney(input, startedAt)` to the
 * read model before starting the workflow, so the workflow need not.
 */
export function journeyInput(
  journey: { id: string; roundId: string; enterprise: Enterprise },
  settings: RoundSettings,
  startedAt: Date,
  roundRegionCode?: string,
): JourneyInput {
  return {
    id: journey.id,
    roundId: journey.roundId,
    enterprise: journey.enterprise,
    settings,
    startedAt: startedAt.toISOString(),
    initialStateRecorded: true,
    ...(roundRegionCode !== undefined ? { roundRegionCode } : {}),
    calendarThrough: CN_CALENDAR.lastYear,
  };
}

/**
 * The records whose texts can be large (findings, measures, the completion summary, reasons). Each is
 * recorded once by its step and never changes afterwards, so the step's own read-model write keeps
 * the text in PostgreSQL and the workflow's state need not carry it again (`withoutTexts`).
 */
export const TEXT_RECORDS = [
  'screening',
  'diagnosis',
  'plan',
  'completion',
  'certification',
  'withdrawal',
  'cancellation',
] as const satisfies readonly (keyof JourneyState)[];
export type TextRecord = (typeof TEXT_RECORDS)[number];

/** What a step's Update answers: the API reads the journey itself from the read model, written before. */
export interface StepResult {
  id: string;
  version: number;
  stage: Stage;
}

export function journeyId(roundId: string, uscc: string): string {
  return `journey-${roundId}-${uscc}`;
}

const JOURNEY_ID = /^journey-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9A-Z]{18}$/;

/** Whether `id` has the shape `journeyId` gives; anything else names no journey. */
export function isJourneyId(id: string): boolean {
  return JOURNEY_ID.test(id);
}
