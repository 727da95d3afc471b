import type { DataSource } from 'typeorm';
import type { Enterprise } from '../../../domain/src/journey';
import type { RoundSettings } from '../../../domain/src/settings';

export interface PendingJourney {
  id: string;
  enterprise: Enterprise;
}

/** Journeys stored by an import whose workflow has not been started yet. */
export interface LaunchQueue {
  round(roundId: string): Promise<{ status: string; settings: RoundSettings }>;
  pending(roundId: string, limit: number): Promise<PendingJourney[]>;
  markLaunched(ids: string[]): Promise<void>;
}

export class SqlLaunchQueue implements LaunchQueue {
  constructor(private readonly dataSource: DataSource) {}

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
