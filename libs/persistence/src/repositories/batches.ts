import type { DataSource } from 'typeorm';
import {
  divisionPrefix,
  type Actor,
  type BatchAction,
  type BatchOutcome,
  type BatchStatus,
  type Enterprise,
  type MessageParams,
} from '@uplift/domain';
import { SqlJourneyRepository, journeyIdsQuery, type JourneyScope, type JourneySearch } from './journeys';

/** What a batch works through: journeys named by id (already checked), or those a search finds. */
export type BatchSelection = { ids: string[] } | { search: JourneySearch; scope: JourneyScope; max: number };

export interface NewBatch {
  roundId: string;
  action: BatchAction;
  payload: Record<string, unknown>;
  /** Who takes each step: every journey's history names them. */
  actor: Actor;
  createdBy: string;
  /** The division whose regulators may read it: its creator's, or the round's for an admin. */
  scopeRegion: string;
}

export interface BatchRow {
  id: string;
  roundId: string;
  action: BatchAction;
  payload: Record<string, unknown>;
  actor: Actor;
  createdBy: string;
  scopeRegion: string;
  status: BatchStatus;
  total: number;
  applied: number;
  refused: number;
  createdAt: Date;
  finishedAt: Date | null;
  /** `createdAt` exact to the microsecond, where a page resumes. */
  cursorKey: string;
}

export interface BatchItemRow {
  journeyId: string;
  outcome: BatchOutcome;
  code: string | null;
  params: MessageParams | null;
  message: string | null;
}

/** An item not reached yet, with what the activity needs of its journey (null: the journey is gone). */
export interface PendingBatchItem {
  journeyId: string;
  stage: string | null;
  launched: boolean;
  enterprise: Enterprise | null;
}

export interface BatchItemOutcome {
  journeyId: string;
  outcome: 'applied' | 'refused';
  code?: string | null;
  params?: MessageParams | null;
  message?: string | null;
}

/** Which batches a reader may see: all (an admin) or those of a division's regulators. */
export type BatchScope = { kind: 'all' } | { kind: 'division'; regionCode: string };

export interface BatchPage {
  roundId?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/** The `batches` and `batch_items` tables: the only code that reads or writes them. */
export interface BatchRepository {
  /**
   * Stores the batch and its items in one transaction; a search is resolved here, in id order.
   * 'too_many' (with the count) when the search finds more than `max`, and nothing is stored.
   */
  create(
    batch: NewBatch,
    selection: BatchSelection,
  ): Promise<{ id: string; total: number } | { tooMany: number }>;
  /** Of `ids`, those that are journeys of the round within the scope. */
  inRound(ids: string[], roundId: string, scope: JourneyScope): Promise<Set<string>>;
  find(id: string): Promise<BatchRow | null>;
  items(id: string, outcome?: BatchOutcome): Promise<BatchItemRow[]>;
  list(scope: BatchScope, page: BatchPage): Promise<BatchRow[]>;
  /** Items with no outcome yet, in order, with their journey as the read model has it. */
  pending(id: string, limit: number): Promise<PendingBatchItem[]>;
  /** Records outcomes; one already recorded is kept (a resumed chunk never rewrites it). */
  record(id: string, outcomes: BatchItemOutcome[]): Promise<void>;
  /** Marks the batch done once no item is left without an outcome. */
  finish(id: string): Promise<void>;
  /** Batches still running that were stored before `before`, oldest first. */
  runningSince(before: Date, limit: number): Promise<string[]>;
}

const BATCH_SELECT = `b.id, b.round_id AS "roundId", b.action, b.payload, b.actor, b.created_by AS "createdBy",
  b.scope_region AS "scopeRegion", b.status,
  to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorKey", b.total, b.created_at AS "createdAt", b.finished_at AS "finishedAt",
  (SELECT count(*) FROM batch_items i WHERE i.batch_id = b.id AND i.outcome = 'applied')::int AS applied,
  (SELECT count(*) FROM batch_items i WHERE i.batch_id = b.id AND i.outcome = 'refused')::int AS refused`;

export class SqlBatchRepository implements BatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(batch: NewBatch, selection: BatchSelection) {
    return this.dataSource
      .transaction(async (tx) => {
        const [{ id }] = (await tx.query(
          `INSERT INTO batches (round_id, action, payload, actor, created_by, scope_region)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [
            batch.roundId,
            batch.action,
            JSON.stringify(batch.payload),
            JSON.stringify(batch.actor),
            batch.createdBy,
            batch.scopeRegion,
          ],
        )) as { id: string }[];
        let total: number;
        if ('ids' in selection) {
          await tx.query(
            `INSERT INTO batch_items (batch_id, position, journey_id)
           SELECT $1, ord::int, journey_id FROM unnest($2::text[]) WITH ORDINALITY AS t(journey_id, ord)`,
            [id, selection.ids],
          );
          total = selection.ids.length;
        } else {
          const { sql, params } = journeyIdsQuery(
            { ...selection.search, roundId: batch.roundId },
            selection.scope,
          );
          const n = params.length;
          const inserted = (await tx.query(
            `INSERT INTO batch_items (batch_id, position, journey_id)
           SELECT $${n + 1}, row_number() OVER (ORDER BY id), id FROM (${sql} LIMIT $${n + 2}) s
           RETURNING 1`,
            [...params, id, selection.max + 1],
          )) as unknown[];
          total = inserted.length;
          if (total > selection.max) {
            const [{ count }] = (await tx.query(`SELECT count(*)::int AS count FROM (${sql}) s`, params)) as {
              count: number;
            }[];
            // Rolls the batch back: nothing is stored for a selection refused.
            throw new TooMany(count);
          }
        }
        await tx.query(`UPDATE batches SET total = $2 WHERE id = $1`, [id, total]);
        return { id, total };
      })
      .catch((err: unknown) => {
        if (err instanceof TooMany) return { tooMany: err.count };
        throw err;
      });
  }

  async inRound(ids: string[], roundId: string, scope: JourneyScope): Promise<Set<string>> {
    const { sql, params } = journeyIdsQuery({ roundId }, scope, ids);
    const rows = (await this.dataSource.query(sql, params)) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  async find(id: string): Promise<BatchRow | null> {
    const [row] = (await this.dataSource.query(`SELECT ${BATCH_SELECT} FROM batches b WHERE b.id = $1`, [
      id,
    ])) as BatchRow[];
    return row ?? null;
  }

  async items(id: string, outcome?: BatchOutcome): Promise<BatchItemRow[]> {
    const filter =
      outcome === undefined ? '' : outcome === 'pending' ? 'AND outcome IS NULL' : 'AND outcome = $2';
    return (await this.dataSource.query(
      `SELECT journey_id AS "journeyId", coalesce(outcome, 'pending') AS outcome, code, params, message
         FROM batch_items WHERE batch_id = $1 ${filter} ORDER BY position`,
      outcome && outcome !== 'pending' ? [id, outcome] : [id],
    )) as BatchItemRow[];
  }

  async list(scope: BatchScope, page: BatchPage): Promise<BatchRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const clauses: string[] = [];
    if (page.roundId) clauses.push(`b.round_id = ${p(page.roundId)}`);
    if (scope.kind === 'division')
      clauses.push(`b.scope_region LIKE ${p(`${divisionPrefix(scope.regionCode)}%`)}`);
    if (page.after) {
      const at = p(page.after.createdAt);
      clauses.push(
        `(b.created_at < ${at}::timestamptz OR (b.created_at = ${at}::timestamptz AND b.id < ${p(page.after.id)}))`,
      );
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return (await this.dataSource.query(
      `SELECT ${BATCH_SELECT} FROM batches b ${where} ORDER BY b.created_at DESC, b.id DESC LIMIT ${p(page.limit)}`,
      params,
    )) as BatchRow[];
  }

  async pending(id: string, limit: number): Promise<PendingBatchItem[]> {
    const items = (await this.dataSource.query(
      `SELECT journey_id AS "journeyId" FROM batch_items WHERE batch_id = $1 AND outcome IS NULL
        ORDER BY position LIMIT $2`,
      [id, limit],
    )) as { journeyId: string }[];
    const progress = await new SqlJourneyRepository(this.dataSource).progress(items.map((i) => i.journeyId));
    const byId = new Map(progress.map((j) => [j.id, j]));
    return items.map(({ journeyId }) => {
      const j = byId.get(journeyId);
      return {
        journeyId,
        stage: j?.stage ?? null,
        launched: j?.launched ?? false,
        enterprise: j?.enterprise ?? null,
      };
    });
  }

  async record(id: string, outcomes: BatchItemOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.dataSource.query(
      `UPDATE batch_items i SET outcome = o.outcome, code = o.code, params = o.params, message = o.message, done_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS o(journey_id text, outcome text, code text, params jsonb, message text)
        WHERE i.batch_id = $1 AND i.journey_id = o.journey_id AND i.outcome IS NULL`,
      [
        id,
        JSON.stringify(
          outcomes.map((o) => ({
            journey_id: o.journeyId,
            outcome: o.outcome,
            code: o.code ?? null,
            params: o.params ?? null,
            message: o.message ?? null,
          })),
        ),
      ],
    );
  }

  async runningSince(before: Date, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM batches WHERE status = 'running' AND created_at < $1 ORDER BY created_at LIMIT $2`,
      [before, limit],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async finish(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE batches SET status = 'done', finished_at = now()
        WHERE id = $1 AND status = 'running'
          AND NOT EXISTS (SELECT 1 FROM batch_items WHERE batch_id = $1 AND outcome IS NULL)`,
      [id],
    );
  }
}

class TooMany extends Error {
  constructor(readonly count: number) {
    super(`selection of ${count} journeys is too large`);
  }
}
