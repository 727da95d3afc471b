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
  ForbiddenError,
  type MessageLocale,
  type RoundSettings,
  type RoundSettingsInput,
  mergeRoundSettings,
  resolveRoundSettings,
} from '@uplift/domain';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import { TEMPORAL_CLIENT } from '@uplift/temporal';
import {
  AUDIT_LOG,
  type AuditLog,
  PRINCIPAL_REPOSITORY,
  type PrincipalRepository,
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
import { BatchesService } from '../batches/batches.service';
import { calendarWarnings } from './calendar-warning';
import { ROUND_CHANGE_KINDS, type ListRounds } from './rounds.dto';

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
    private readonly batches: BatchesService,
    @Inject(AUDIT_LOG) private readonly audit: Pick<AuditLog, 'search'>,
    @Inject(PRINCIPAL_REPOSITORY) private readonly principals: Pick<PrincipalRepository, 'find'>,
  ) {}

  /**
   * The round's settings changes, pauses and resumes that succeeded, newest first: the audit log is
   * their one record (the round keeps only where they left it).
   */
  async changes(id: string) {
    const found = await Promise.all(
      ROUND_CHANGE_KINDS.map(async (kind) =>
        (
          await this.audit.search({
            route: `/v1/rounds/:id/${kind}`,
            targetId: id,
            outcome: 'succeeded',
            limit: 50,
          })
        ).map((entry) => ({ kind, entry })),
      ),
    );
    const entries = found.flat().sort((a, b) => b.entry.at.getTime() - a.entry.at.getTime());
    const names = new Map<string, string | null>();
    for (const { entry } of entries)
      if (entry.principalId && !names.has(entry.principalId))
        names.set(entry.principalId, (await this.principals.find(entry.principalId))?.name ?? null);
    return entries.map(({ kind, entry }) => ({
      at: entry.at,
      kind,
      principalId: entry.principalId,
      principalName: entry.principalId ? (names.get(entry.principalId) ?? null) : null,
      change:
        kind === 'settings' && entry.details && typeof entry.details.change === 'object'
          ? (entry.details.change as Record<string, unknown>)
          : null,
    }));
  }

  /** The warnings a round's settings deserve now (calendar-warning.ts), in the request's language. */
  warnings(round: RoundEntity, locale: MessageLocale) {
    return calendarWarnings(resolveRoundSettings(round.settings), new Date(), locale);
  }

  /**
   * The round a principal may change (settings, pause, resume): an admin any; a regulator one inside
   * its own division (a city bureau sees its province's round, but the province changes it). A closed
   * round is a 409.
   */
  private async findChangeable(p: PrincipalEntity, id: string): Promise<RoundEntity> {
    const round = await this.findVisible(p, id);
    if (p.role === 'regulator' && !divisionCovers(p.regionCode!, round.regionCode))
      throw ForbiddenError.of('round.change_not_allowed');
    if (round.status !== 'open') throw ConflictError.of('round.closed', { round: id });
    return round;
  }

  /**
   * Stores the settings merged with the change, then brings them to every open journey through a
   * `round-settings` batch (each recomputes its pending deadline from when that step began). The
   * batch's id, for the audit entry; null when the round has no open journey yet.
   */
  async changeSettings(p: PrincipalEntity, id: string, change: RoundSettingsInput) {
    const round = await this.findChangeable(p, id);
    const settings = mergeRoundSettings(resolveRoundSettings(round.settings), change);
    return this.applyChange(p, id, { settings });
  }

  /**
   * Pauses or resumes the round's reminders and escalations, through the same batch as a settings
   * change. Pausing a paused round (or resuming a running one) changes nothing and starts no batch.
   */
  async setPaused(p: PrincipalEntity, id: string, paused: boolean) {
    const round = await this.findChangeable(p, id);
    if ((round.pausedAt !== null) === paused) return { round, batchId: null };
    return this.applyChange(p, id, { pausedAt: paused ? new Date() : null });
  }

  private async applyChange(
    p: PrincipalEntity,
    id: string,
    change: { settings?: RoundSettings; pausedAt?: Date | null },
  ) {
    const round = await this.rounds.change(id, change);
    if (!round) throw ConflictError.of('round.closed', { round: id });
    const batch = await this.batches.startRoundChange(p, round);
    return { round, batchId: batch?.id ?? null };
  }

  /**
   * After an import into a paused round: its new journeys start as the launcher starts any (running),
   * then take the pause through a `round-settings` batch, as journeys open when it was paused did.
   */
  async afterImport(p: PrincipalEntity, round: RoundEntity, accepted: number): Promise<void> {
    if (accepted > 0 && round.pausedAt !== null) await this.batches.startRoundChange(p, round);
  }

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

/** Every setting present: one stored before calendar, working hours and digest existed reads as their defaults. */
function resolvedSettings(stored: RoundSettings) {
  const s = resolveRoundSettings(stored);
  return {
    ...s,
    calendar: s.calendar ?? 'calendar',
    workingHours: s.workingHours ?? null,
    digest: s.digest ?? null,
  };
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
    settings: resolvedSettings(round.settings),
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
    pausedAt: round.pausedAt,
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
