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

/** What a step records besides its own payload. */
export interface Recorded {
  at: string;
  by: { principalId: string; role: string; name: string };
}

export interface ScreeningRecord extends Recorded {
  decision: 'selected' | 'rejected';
  reason?: string;
}

export interface AssignmentRecord extends Recorded {
  certificationBodyId: string;
}

/** A journey as its workflow holds it: the source of truth the read model mirrors. */
export interface JourneyState {
  id: string;
  roundId: string;
  enterprise: Enterprise;
  settings: RoundSettings;
  stage: Stage;
  stalled: boolean;
  deadline: string | null;
  certificationBodyId: string | null;
  screening?: ScreeningRecord;
  assignments: AssignmentRecord[];
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
}

export function journeyId(roundId: string, uscc: string): string {
  return `journey-${roundId}-${uscc}`;
}

const JOURNEY_ID = /^journey-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9A-Z]{18}$/;

/** Whether `id` has the shape `journeyId` gives; anything else names no journey. */
export function isJourneyId(id: string): boolean {
  return JOURNEY_ID.test(id);
}
