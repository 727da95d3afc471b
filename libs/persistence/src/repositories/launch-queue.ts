import type { DataSource, EntityManager } from 'typeorm';
import { TERMINAL_STAGES, type Enterprise, type JourneyState, type RoundSettings } from '@uplift/domain';
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
  /** On `tx` when given: the connection holding the round's share lock, so a chunk needs one connection. */
  markLaunched(ids: string[], tx?: EntityManager): Promise<void>;
  /**
   * Runs `work` (a chunk's starts and their marking) while the round is open, holding a share lock
   * on the round's row: closing the round waits for the chunk in flight, and no chunk begins once
   * it is closed. 'closed' when the round was no longer open.
   */
  whileOpen<T>(roundId: string, work: (tx: EntityManager) => Promise<T>): Promise<T | 'closed'>;
}

export interface OpenJourney {
  id: string;
  launched: boolean;
  /** A first state was written (by the launcher or the workflow): its workflow may exist unmarked. */
  recorded: boolean;
  enterprise: Enterprise;
}

/** The open journeys of a closing round, and what the close has done so far. */
export interface CloseQueue {
  /** Non-terminal journeys of the round after `afterId`, in id order. */
  openJourneys(roundId: string, afterId: string, limit: number): Promise<OpenJourney[]>;
  round(roundId: string): Promise<{ status: string; settings: RoundSettings }>;
  /** Writes cancelled states of journeys whose workflow never started. */
  recordStates(states: JourneyState[]): Promise<void>;
  finish(roundId: string): Promise<void>;
}

export class SqlLaunchQueue implements LaunchQueue, CloseQueue {
  private readonly readModel: TypeOrmJourneyReadModel;

  constructor(private readonly dataSource: DataSource) {
    this.readModel = new TypeOrmJourneyReadModel(dataSource);
  }

  recordFirstStates(states: JourneyState[]): Promise<void> {
    return this.readModel.recordMany(states);
  }

  recordStates(states: JourneyState[]): Promise<void> {
    return this.readModel.recordMany(states);
  }

  whileOpen<T>(roundId: string, work: (tx: EntityManager) => Promise<T>): Promise<T | 'closed'> {
    return this.dataSource.transaction(async (tx) => {
      const [row] = (await tx.query(`SELECT status FROM rounds WHERE id = $1 FOR SHARE`, [roundId])) as {
        status: string;
      }[];
      if (row?.status !== 'open') return 'closed';
      return work(tx);
    });
  }

  openJourneys(roundId: string, afterId: string, limit: number) {
    return this.dataSource.query(
      `SELECT id, launched_at IS NOT NULL AS launched, version > 0 AS recorded, enterprise FROM journeys
        WHERE round_id = $1 AND id > $2 AND stage NOT IN (${TERMINAL_STAGES.map((s) => `'${s}'`).join(', ')})
        ORDER BY id LIMIT $3`,
      [roundId, afterId, limit],
    ) as Promise<OpenJourney[]>;
  }

  async finish(roundId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE rounds SET close_finished_at = now() WHERE id = $1 AND close_finished_at IS NULL`,
      [roundId],
    );
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

  async markLaunched(ids: string[], tx?: EntityManager): Promise<void> {
    await (tx ?? this.dataSource).query(
      `UPDATE journeys SET launched_at = now() WHERE id = ANY($1) AND launched_at IS NULL`,
      [ids],
    );
  }
}
