import type { JourneyState } from '@uplift/domain';
import type { JourneyRow } from '@uplift/persistence';

/** The public shape of a journey (API.md "Journeys"). */
export function journeyView(s: JourneyState) {
  return {
    id: s.id,
    roundId: s.roundId,
    enterprise: s.enterprise,
    stage: s.stage,
    stalled: s.stalled,
    stalledSince: s.stalledSince,
    deadline: s.deadline,
    certificationBodyId: s.certificationBodyId,
    screening: s.screening ?? null,
    assignments: s.assignments,
    diagnosis: s.diagnosis ?? null,
    plan: s.plan ?? null,
    completion: s.completion ?? null,
    certification: s.certification ?? null,
    evaluations: s.evaluations,
    withdrawal: s.withdrawal ?? null,
    cancellation: s.cancellation ?? null,
    reminders: { sent: s.remindersSent, escalated: s.escalated },
    version: s.version,
    startedAt: s.startedAt,
    updatedAt: s.updatedAt,
  };
}

/** A read-model row; before its workflow first reports, only what the import stored. */
export function journeyRowView(row: JourneyRow) {
  if (row.state) return journeyView(row.state);
  return {
    id: row.id,
    roundId: row.roundId,
    enterprise: row.enterprise,
    stage: row.stage,
    stalled: row.stalled,
    stalledSince: null,
    deadline: row.deadline?.toISOString() ?? null,
    certificationBodyId: row.certificationBodyId,
    screening: null,
    assignments: [],
    diagnosis: null,
    plan: null,
    completion: null,
    certification: null,
    evaluations: [],
    withdrawal: null,
    cancellation: null,
    reminders: { sent: 0, escalated: false },
    version: row.version,
    startedAt: null,
    updatedAt: row.updatedAt,
  };
}
