import type { DataSource } from 'typeorm';
import type { JourneyState } from '../../../domain/src/journey';

/** Where the workflow mirrors its state for lists, filters and counts. */
export interface JourneyReadModel {
  /** Writes `state` unless a newer version is already there; the row itself is created by the import. */
  record(state: JourneyState): Promise<void>;
}

export class TypeOrmJourneyReadModel implements JourneyReadModel {
  constructor(private readonly dataSource: DataSource) {}

  async record(state: JourneyState): Promise<void> {
    await this.dataSource.query(
      `UPDATE journeys
          SET stage = $2, stalled = $3, deadline = $4, certification_body_id = $5,
              state = $6, version = $7, launched_at = COALESCE(launched_at, now()), updated_at = now()
        WHERE id = $1 AND version < $7`,
      [state.id, state.stage, state.stalled, state.deadline, state.certificationBodyId, state, state.version],
    );
  }
}
