import type { DataSource } from 'typeorm';
import type { JourneyState, RoundSettings } from '@uplift/domain';
import {
  SqlJourneyRepository,
  type JourneyRepository,
  type JourneyWrites,
  type OpenJourney,
  type PendingJourney,
} from './journeys';

/**
 * A round as its background work reads it: status, settings, division (the top of its journeys'
 * escalation ladders), and `pausedAt` while its reminders are paused.
 */
export interface QueuedRound {
  status: string;
  settings: RoundSettings;
  regionCode: string;
  pausedAt?: Date | null;
}

/** Journeys stored by an import whose workflow has not been started yet. */
export interface LaunchQueue {
  round(roundId: string): Promise<QueuedRound>;
  pending(roundId: string, limit: number): Promise<PendingJourney[]>;
  /** Writes the first states of journeys about to start to the read model, in one statement. */
  recordFirstStates(states: JourneyState[]): Promise<void>;
  /** On `tx` when given: the connection holding the round's share lock, so a chunk needs one connection. */
  markLaunched(ids: string[], tx?: JourneyWrites): Promise<void>;
  /**
   * Runs `work` (a chunk's starts and their marking) while the round is open, holding a share lock
   * on the round's row: closing the round waits for the chunk in flight, and no chunk begins once
   * it is closed. 'closed' when the round was no longer open.
   */
  whileOpen<T>(roundId: string, work: (tx: JourneyWrites) => Promise<T>): Promise<T | 'closed'>;
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

/** The launcher's and the close's view: journeys through the read model's repository, plus the round. */
export class SqlLaunchQueue implements LaunchQueue, CloseQueue {
  private readonly journeys: JourneyRepository;

  constructor(private readonly dataSource: DataSource) {
    this.journeys = new SqlJourneyRepository(dataSource);
  }

  recordFirstStates(states: JourneyState[]): Promise<void> {
    return this.journeys.recordMany(states);
  }

  recordStates(states: JourneyState[]): Promise<void> {
    return this.journeys.recordMany(states);
  }

  whileOpen<T>(roundId: string, work: (tx: JourneyWrites) => Promise<T>): Promise<T | 'closed'> {
    return this.journeys.whileRoundOpen(roundId, work);
  }

  openJourneys(roundId: string, afterId: string, limit: number): Promise<OpenJourney[]> {
    return this.journeys.openJourneys(roundId, afterId, limit);
  }

  async finish(roundId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE rounds SET close_finished_at = now() WHERE id = $1 AND close_finished_at IS NULL`,
      [roundId],
    );
  }

  async round(roundId: string) {
    const [row] = (await this.dataSource.query(
      `SELECT status, settings, region_code AS "regionCode", paused_at AS "pausedAt" FROM rounds WHERE id = $1`,
      [roundId],
    )) as QueuedRound[];
    if (!row) throw new Error(`round ${roundId} not found`);
    return row;
  }

  pending(roundId: string, limit: number): Promise<PendingJourney[]> {
    return this.journeys.pending(roundId, limit);
  }

  markLaunched(ids: string[], tx?: JourneyWrites): Promise<void> {
    return (tx ?? this.journeys).markLaunched(ids);
  }
}
