import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import {
  ConflictError,
  InvalidInputError,
  fieldError,
  NotFoundError,
  type Actor,
  isTerminal,
  STAGES,
  type Stage,
  divisionCovers,
  type CreateRound,
  resolveRoundSettings,
} from '@uplift/domain';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import { TEMPORAL_CLIENT } from '@uplift/temporal';
import {
  JOURNEY_REPOSITORY,
  type JourneyRepository,
  type PrincipalEntity,
  ROUND_REPOSITORY,
  type RoundEntity,
  type RoundRepository,
  type RoundScope,
  type StageFunnel,
} from '@uplift/persistence';
import { journeyScopeOf } from '../common/scope';
import type { ListRounds } from './rounds.dto';

/** How long closing a round waits for its journeys to be cancelled before answering with progress. */
const CLOSE_WAIT_MS = 5_000;
/** The workflow type that ends a closed round's journeys (workflows/round-close.workflow.ts). */
const ROUND_CLOSE_WORKFLOW = 'roundCloseWorkflow';

@Injectable()
export class RoundsService {
  constructor(
    @Inject(ROUND_REPOSITORY) private readonly rounds: RoundRepository,
    @Inject(JOURNEY_REPOSITORY) private readonly journeys: JourneyRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: UpliftConfig,
  ) {}

  async create(principal: PrincipalEntity, input: CreateRound): Promise<RoundEntity> {
    if (principal.role === 'regulator' && !divisionCovers(principal.regionCode!, input.regionCode)) {
      throw new InvalidInputError([
        fieldError('regionCode', 'division.outside_scope', { region: principal.regionCode ?? '' }),
      ]);
    }
    return this.rounds.create({
      name: input.name,
      regionCode: input.regionCode,
      settings: resolveRoundSettings(input.settings),
      createdBy: principal.id,
    });
  }

  /**
   * A round the principal may see: a regulator's division and the round's region overlap; a
   * certification body has journeys in it. Otherwise it does not exist for them.
   */
  async findVisible(principal: PrincipalEntity, id: string): Promise<RoundEntity> {
    const round = await this.rounds.find(id);
    if (!round || !(await this.visible(principal, round))) throw new NotFoundError('round');
    return round;
  }

  async findOpenForImport(principal: PrincipalEntity, id: string): Promise<RoundEntity> {
    const round = await this.findVisible(principal, id);
    if (round.status !== 'open') throw ConflictError.of('round.closed', { round: id });
    return round;
  }

  /**
   * Closes the round: from this answer on it takes no import and none of its journeys starts or
   * takes a step (the launcher and the step routes check the round under a share lock, so this
   * update waits for a launch chunk or step in flight). Its open journeys then end as cancelled in
   * the background, through their own workflows (so each history says who closed the round), by the
   * `close-<roundId>` workflow; `GET /v1/rounds/{id}` shows its progress. A small round is usually
   * done before the answer: the request waits up to CLOSE_WAIT_MS for it.
   */
  async close(p: PrincipalEntity, id: string, actor: Actor): Promise<RoundEntity> {
    const round = await this.findVisible(p, id);
    if (p.role === 'regulator' && !divisionCovers(p.regionCode!, round.regionCode))
      throw new NotFoundError('round');
    const closed = await this.rounds.close(id);
    const handle = await this.startClose(id, actor);
    if (!closed) throw ConflictError.of('round.already_closed', { round: id });
    await Promise.race([
      handle?.result().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref()),
    ]);
    const after = await this.rounds.find(id);
    if (!after) throw new Error(`round ${id} vanished while closing`);
    return after;
  }

  /**
   * Starts the round's close workflow; a repeat (an earlier request died between the update and
   * the start) finds it started or finished and leaves it be.
   */
  private async startClose(roundId: string, actor: Actor) {
    try {
      return await this.temporal.workflow.start(ROUND_CLOSE_WORKFLOW, {
        workflowId: `close-${roundId}`,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [{ roundId, actor }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return null;
      throw err;
    }
  }

  private async visible(p: PrincipalEntity, round: RoundEntity): Promise<boolean> {
    switch (p.role) {
      case 'admin':
        return true;
      case 'regulator':
        return (
          divisionCovers(p.regionCode!, round.regionCode) || divisionCovers(round.regionCode, p.regionCode!)
        );
      case 'certification_body':
        return this.journeys.anyInRound(round.id, journeyScopeOf(p));
    }
  }

  /**
   * The rounds the principal may see, newest first, as `findVisible` decides one by one: a regulator
   * those its division overlaps, a certification body those in which it has journeys. Each with its
   * funnel, all counted in one query over the page's rounds.
   */
  async list(principal: PrincipalEntity, q: ListRounds) {
    const after = q.cursor ? decodeRoundCursor(q.cursor) : undefined;
    const scope = await this.roundScopeOf(principal);
    const rows = await this.rounds.list(scope, { ...q, after, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const funnels = page.length
      ? await this.journeys.funnels(
          page.map((r) => r.id),
          journeyScopeOf(principal),
        )
      : [];
    const last = page[page.length - 1];
    return {
      items: page.map((round) =>
        roundView(
          round,
          funnels.filter((f) => f.roundId === round.id),
        ),
      ),
      nextCursor: rows.length > q.limit ? encodeRoundCursor(last) : null,
    };
  }

  private async roundScopeOf(p: PrincipalEntity): Promise<RoundScope> {
    switch (p.role) {
      case 'admin':
        return { kind: 'all' };
      case 'regulator':
        return { kind: 'division', regionCode: p.regionCode ?? '-' };
      case 'certification_body':
        return { kind: 'ids', ids: await this.journeys.roundsWithJourneys(journeyScopeOf(p)) };
    }
  }

  /** The round with its funnel: journeys per stage, stalled, and how many have started, within scope. */
  async view(principal: PrincipalEntity, round: RoundEntity) {
    return roundView(round, await this.journeys.funnel(round.id, journeyScopeOf(principal)));
  }
}

/** A round as `GET /v1/rounds/{id}` shows it, from its journeys per stage. */
function roundView(round: RoundEntity, rows: StageFunnel[]) {
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  let stalled = 0;
  let launched = 0;
  for (const r of rows) {
    counts[r.stage] = r.n;
    stalled += r.stalled;
    launched += r.launched;
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    id: round.id,
    name: round.name,
    regionCode: round.regionCode,
    status: round.status,
    settings: round.settings,
    counts,
    total,
    stalled,
    launch: { started: launched, total },
    // The background close: journeys cancelled so far, those still open, and when it had ended them all.
    close:
      round.status === 'closed'
        ? {
            cancelled: counts.cancelled,
            open: STAGES.filter((s) => !isTerminal(s)).reduce((n, s) => n + counts[s], 0),
            finishedAt: round.closeFinishedAt,
          }
        : null,
    createdAt: round.createdAt,
    closedAt: round.closedAt,
  };
}

const ROUND_CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor after `round`: its creation time (to the millisecond) and id, the list's order. */
export function encodeRoundCursor(round: Pick<RoundEntity, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([round.createdAt.toISOString(), round.id])).toString('base64url');
}

export function decodeRoundCursor(cursor: string): { createdAt: string; id: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== 'string' ||
    !ROUND_CURSOR_TIME.test(value[0]) ||
    typeof value[1] !== 'string' ||
    !UUID.test(value[1])
  )
    throw new InvalidInputError([fieldError('query.cursor', 'cursor.unknown')]);
  return { createdAt: value[0], id: value[1] };
}
