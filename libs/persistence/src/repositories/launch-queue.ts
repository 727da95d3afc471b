import type { DataSource } from 'typeorm';
import type { Enterprise, JourneyState } from '../../../domain/src/journey';
import type { RoundSettings } from '../../../domain/src/settings';
import { TypeOrmJourneyReadModel } from './journey-read-model';

export interface PendingJourney {
  id: string;
  enterprise: Enterprise;
}

/** Journeys stored by an import whose workflow has not been started yet. */
export interface LaunchQueue {
  round(roundId: string): Promise<{ status: string; settings: RoundSettings }>;
  pending(roundId: string, limit: number): Promise<PendingJourney[]>;
  /** Writes the first states of journeys about to start to the read model, in one statement. */
  recordFirstStates(states: JourneyState[]): Promise<void>;
  markLaunched(ids: string[]): Promise<void>;
}

export class SqlLaunchQueue implements LaunchQueue {
  private readonly readModel: TypeOrmJourneyReadModel;

  constructor(private readonly dataSource: DataSource) {
    this.readModel = new TypeOrmJourneyReadModel(dataSource);
  }

  recordFirstStates(states: JourneyState[]): Promise<void> {
    return this.readModel.recordMany(states);
  }

  async round(roundId: string) {
    const [row] = (await this.dataSource.query(`SELECT status, settings FROM rounds WHERE id = $1`, [
      roundId,
    ])) as {
      status: string;
      settings: RoundSettings;
    }[];
    if (!row) throw new Error(`round ${roundId} not found`);
    return row;
  }

  pending(roundId: string, limit: number): Promise<PendingJourney[]> {
    return this.dataSource.query(
      `SELECT id, enterprise FROM journeys WHERE round_id = $1 AND launched_at IS NULL ORDER BY id LIMIT $2`,
      [roundId, limit],
    );
  }

  async markLaunched(ids: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE journeys SET launched_at = now() WHERE id = ANY($1) AND launched_at IS NULL`,
      [ids],
    );
  }
}
