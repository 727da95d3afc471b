import type { DataSource } from 'typeorm';
import type { JourneyState, Metrics } from '../../../domain/src/journey';
import { journeyFacts, METRIC_NAMES } from '../../../domain/src/kpi';

/** Where the workflow mirrors its state for lists, filters and counts. */
export interface JourneyReadModel {
  /** Writes `state` unless a newer version is already there; the row itself is created by the import. */
  record(state: JourneyState): Promise<void>;
}

export class TypeOrmJourneyReadModel implements JourneyReadModel {
  constructor(private readonly dataSource: DataSource) {}

  async record(state: JourneyState): Promise<void> {
    const f = journeyFacts(state);
    const metric = (m: Metrics | null, k: keyof Metrics) => (m ? m[k] : null);
    await this.dataSource.query(
      `UPDATE journeys
          SET stage = $2, stalled = $3, deadline = $4, certification_body_id = $5,
              state = $6, version = $7, launched_at = COALESCE(launched_at, now()), updated_at = now(),
              assistance_completed = $8, certification_outcome = $9, evaluations_answered = $10,
              satisfaction = $11, effectiveness = $12,
              baseline_revenue = $13, latest_revenue = $14, baseline_sales = $15, latest_sales = $16,
              baseline_profit_margin = $17, latest_profit_margin = $18,
              baseline_quality_cost_rate = $19, latest_quality_cost_rate = $20,
              baseline_first_pass_yield = $21, latest_first_pass_yield = $22
        WHERE id = $1 AND version < $7`,
      [
        state.id,
        state.stage,
        state.stalled,
        state.deadline,
        state.certificationBodyId,
        state,
        state.version,
        f.assistanceCompleted,
        f.certificationOutcome,
        f.evaluationsAnswered,
        f.satisfaction,
        f.effectiveness,
        ...METRIC_NAMES.flatMap((k) => [metric(f.baseline, k), metric(f.latest, k)]),
      ],
    );
  }
}
