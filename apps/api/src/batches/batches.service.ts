import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import {
  BATCH_MAX_JOURNEYS,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  STEPS,
  bodyAssignedBy,
  divisionCovers,
  fieldError,
  fieldErrors,
  isMessageCode,
  type FieldError,
  type MessageLocale,
} from '@uplift/domain';
import {
  BATCH_REPOSITORY,
  type BatchRepository,
  type BatchRow,
  type BatchSelection,
  CERTIFICATION_BODY_REPOSITORY,
  type CertificationBodyRepository,
  type JourneySearch,
  type PrincipalEntity,
  ROUND_REPOSITORY,
  type RoundEntity,
  type RoundRepository,
} from '@uplift/persistence';
import { BATCH_WORKFLOW, TEMPORAL_CLIENT } from '@uplift/temporal';
import { actorOf } from '../common/actor';
import { say } from '../common/locale';
import { journeyScopeOf } from '../common/scope';
import { mustActOf } from '../journeys/journey-list';
import type { BatchQuery, CreateBatch, ListBatches } from './batches.dto';

/** At most this many unknown journey ids are named in a 400. */
const MAX_NAMED = 20;

/** Running batches started again per sweep; the next sweep takes the rest. */
const SWEEP_BATCHES = 100;

@Injectable()
export class BatchesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Batches');
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @Inject(BATCH_REPOSITORY) private readonly batches: BatchRepository,
    @Inject(ROUND_REPOSITORY) private readonly rounds: RoundRepository,
    @Inject(CERTIFICATION_BODY_REPOSITORY) private readonly bodies: CertificationBodyRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: UpliftConfig,
  ) {}

  /**
   * A batch is stored before its workflow is asked to start. Should that ask fail (Temporal down, or
   * the API killed in between), the batch is answered as running all the same, and this sweep asks
   * again for every batch still running a sweep period after it was stored. Asking for one already
   * started is a no-op (the workflow id is the batch's), so a batch never runs twice.
   */
  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => void this.sweepStarts(), this.config.BATCH_SWEEP_SECONDS * 1000);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  async sweepStarts(): Promise<void> {
    try {
      const before = new Date(Date.now() - this.config.BATCH_SWEEP_SECONDS * 1000);
      for (const id of await this.batches.runningSince(before, SWEEP_BATCHES)) await this.start(id);
    } catch (err) {
      this.logger.warn(`could not start stored batches: ${(err as Error).message}`);
    }
  }

  /**
   * Checks the request as a whole (payload by the action's own step schema, the selection, the round,
   * the body given), stores the batch with its journeys fixed, and starts its workflow. Nothing is
   * applied here: the answer comes as soon as the batch is stored, whatever its size.
   */
  async create(p: PrincipalEntity, body: CreateBatch) {
    const parsed = STEPS[body.action].schema.safeParse(body.payload);
    if (!parsed.success) throw new InvalidInputError(fieldErrors(parsed.error, 'payload'), 'invalid body');
    const payload = parsed.data as Record<string, unknown>;
    if ((body.journeyIds === undefined) === (body.filter === undefined)) {
      throw new InvalidInputError([fieldError('journeyIds', 'batch.one_selection')], 'invalid body');
    }
    const round = await this.rounds.find(body.roundId);
    const visible =
      round &&
      (p.role === 'admin' ||
        (p.role === 'regulator' &&
          (divisionCovers(p.regionCode!, round.regionCode) ||
            divisionCovers(round.regionCode, p.regionCode!))));
    if (!round || !visible) throw new NotFoundError('round');
    if (round.status !== 'open')
      throw ConflictError.of('round.closed_for_steps', { round: round.id, status: round.status });
    const assigned = bodyAssignedBy(body.action, payload as never);
    if (assigned && !(await this.bodies.exists(assigned.id))) {
      throw new InvalidInputError(
        [fieldError(`payload.${assigned.field}`, 'certification_body.unknown')],
        'invalid body',
      );
    }
    const scope = journeyScopeOf(p);
    let selection: BatchSelection;
    if (body.journeyIds) {
      const ids = [...new Set(body.journeyIds)];
      const found = await this.batches.inRound(ids, round.id, scope);
      const missing: FieldError[] = [];
      body.journeyIds.forEach((id, i) => {
        if (!found.has(id) && missing.length < MAX_NAMED)
          missing.push(fieldError(`journeyIds.${i}`, 'batch.journey_not_in_round'));
      });
      if (missing.length) throw new InvalidInputError(missing, 'invalid body');
      selection = { ids };
    } else {
      const { mustAct, ...rest } = body.filter!;
      const search: JourneySearch = { ...rest, ...(mustAct ? { mustAct: mustActOf(p, mustAct) } : {}) };
      // A reassignment from a body acts on that body's journeys only.
      if (body.action === 'reassignment' && typeof payload.fromCertificationBodyId === 'string')
        search.certificationBodyId = payload.fromCertificationBodyId;
      selection = { search, scope, max: BATCH_MAX_JOURNEYS };
    }
    const created = await this.batches.create(
      {
        roundId: round.id,
        action: body.action,
        payload,
        actor: actorOf(p),
        createdBy: p.id,
        scopeRegion: p.role === 'regulator' ? p.regionCode! : round.regionCode,
      },
      selection,
    );
    if ('tooMany' in created) {
      throw new InvalidInputError(
        [fieldError('filter', 'batch.too_many', { max: BATCH_MAX_JOURNEYS, count: created.tooMany })],
        'invalid body',
      );
    }
    if (created.total === 0)
      throw new InvalidInputError([fieldError('filter', 'batch.nothing_selected')], 'invalid body');
    await this.startOrLeaveToSweep(created.id);
    return { id: created.id, status: 'running' as const, total: created.total };
  }

  /**
   * Brings a round's change (settings, pause, resume) to every journey of it that has not ended, as
   * a `round-settings` batch: the same machinery as a bulk action, so a journey refused or ended on
   * the way is recorded and the rest go on. The batch carries no settings of its own: each step is
   * sent with the round as it stands (batch-activities.ts), so the latest change wins. Null when the
   * round has no open journey (nothing to send).
   */
  async startRoundChange(
    p: PrincipalEntity,
    round: RoundEntity,
  ): Promise<{ id: string; total: number } | null> {
    const created = await this.batches.create(
      {
        roundId: round.id,
        action: 'round-settings',
        payload: { settings: round.settings, paused: round.pausedAt !== null },
        actor: actorOf(p),
        createdBy: p.id,
        scopeRegion: p.role === 'regulator' ? p.regionCode! : round.regionCode,
      },
      { search: { open: true }, scope: { kind: 'all' }, max: Number.MAX_SAFE_INTEGER },
    );
    if ('tooMany' in created || created.total === 0) return null;
    await this.startOrLeaveToSweep(created.id);
    return created;
  }

  /** Stored is accepted: a batch never answers an error for work it kept (the sweep starts it). */
  private async startOrLeaveToSweep(batchId: string): Promise<void> {
    await this.start(batchId).catch((err: Error) =>
      this.logger.warn(`batch ${batchId}: not started yet (${err.message}); the sweep will`),
    );
  }

  private async start(batchId: string): Promise<void> {
    try {
      await this.temporal.workflow.start(BATCH_WORKFLOW, {
        workflowId: `batch-${batchId}`,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [{ batchId }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** A batch its reader may see: an admin any; a regulator those of its division. Otherwise a 404. */
  async findVisible(p: PrincipalEntity, id: string): Promise<BatchRow> {
    const batch = await this.batches.find(id);
    if (!batch || !visible(p, batch)) throw new NotFoundError('batch');
    return batch;
  }

  async view(p: PrincipalEntity, id: string, q: BatchQuery, locale: MessageLocale) {
    const batch = await this.findVisible(p, id);
    const items = await this.batches.items(id, q.outcome);
    return {
      ...summaryOf(batch),
      items: items.map((i) => ({
        journeyId: i.journeyId,
        outcome: i.outcome,
        ...(i.code && isMessageCode(i.code)
          ? { code: i.code, message: say(i.code, locale, i.params ?? {}) }
          : i.message
            ? { message: i.message }
            : {}),
      })),
    };
  }

  /** Newest first, a page at a time. */
  async list(p: PrincipalEntity, q: ListBatches) {
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    const scope =
      p.role === 'admin'
        ? ({ kind: 'all' } as const)
        : ({ kind: 'division', regionCode: p.regionCode ?? '-' } as const);
    const rows = await this.batches.list(scope, { roundId: q.roundId, after, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(summaryOf),
      nextCursor: rows.length > q.limit ? encodeCursor(last) : null,
    };
  }
}

function visible(p: PrincipalEntity, batch: BatchRow): boolean {
  if (p.role === 'admin') return true;
  return p.role === 'regulator' && !!p.regionCode && divisionCovers(p.regionCode, batch.scopeRegion);
}

function summaryOf(b: BatchRow) {
  return {
    id: b.id,
    roundId: b.roundId,
    action: b.action,
    status: b.status,
    total: b.total,
    applied: b.applied,
    refused: b.refused,
    createdAt: b.createdAt,
    finishedAt: b.finishedAt,
  };
}

/** The last row's creation instant, exact to the microsecond as PostgreSQL keeps it, and its id. */
function encodeCursor(b: BatchRow): string {
  return Buffer.from(JSON.stringify([b.cursorKey, b.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && /^[0-9a-f-]{36}$/.test(id))
      return { createdAt, id };
  } catch {
    // Falls through to the 400.
  }
  throw new InvalidInputError([fieldError('cursor', 'invalid')], 'invalid query');
}
