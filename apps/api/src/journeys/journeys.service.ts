import { Inject, Injectable } from '@nestjs/common';
import {
  CERTIFICATION_BODY_REPOSITORY,
  type CertificationBodyRepository,
  JOURNEY_REPOSITORY,
  type JourneyRepository,
  PRINCIPAL_REPOSITORY,
  type PrincipalRepository,
  type JourneyRow,
  type JourneySearch,
  type PrincipalEntity,
  ROUND_REPOSITORY,
  type RoundEntity,
  type RoundRepository,
} from '@uplift/persistence';
import {
  bodyAssignedBy,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  StepRefusedError,
  englishMessage,
  fieldError,
  initialJourney,
  isJourneyId,
  isTerminal,
  journeyInput,
  type JourneyState,
  journeyInScope,
  type StepName,
  type StepPayload,
  type StepTarget,
} from '@uplift/domain';
import { JourneyClient } from '@uplift/temporal';
import { TemplateRenderer } from '@uplift/notifications';
import type { Readable } from 'node:stream';
import { actorOf } from '../common/actor';
import { journeyScopeOf } from '../common/scope';
import type { JourneySummaryQuery, ListJourneys } from './journeys.dto';
import { decodeCursor, encodeCursor, mustActOf } from './journey-list';
import { journeyRowView } from './journey.view';
import {
  EXPORT_MAX_ROWS,
  EXPORT_PAGE_ROWS,
  type ExportContext,
  csvStream,
  exportCells,
  xlsxStream,
} from './journey-export';

@Injectable()
export class JourneysService {
  constructor(
    @Inject(JOURNEY_REPOSITORY) private readonly journeys: JourneyRepository,
    @Inject(CERTIFICATION_BODY_REPOSITORY) private readonly bodies: CertificationBodyRepository,
    @Inject(ROUND_REPOSITORY) private readonly rounds: RoundRepository,
    private readonly workflows: JourneyClient,
    @Inject(PRINCIPAL_REPOSITORY) private readonly principals: Pick<PrincipalRepository, 'find'>,
  ) {}

  /**
   * An assignee is a person of the journey's own body: a `certification_body` principal of that body,
   * not revoked. Checked before the Update, as a body given to an assignment is; a journey with no
   * body yet is left to its rules, which refuse an assignee without one. Null clears the assignee.
   */
  private async checkAssignee(row: JourneyRow, assigneeId: string | null): Promise<void> {
    if (assigneeId === null || row.certificationBodyId === null) return;
    const person = await this.principals.find(assigneeId);
    if (
      !person ||
      person.revokedAt !== null ||
      person.role !== 'certification_body' ||
      person.certificationBodyId !== row.certificationBodyId
    )
      throw new InvalidInputError([fieldError('assigneeId', 'assignee.not_body_staff')]);
  }

  /**
   * A step on a journey the round's launcher has not reached yet starts its workflow first, as the
   * launcher would: first state written, then the start; the deterministic id makes this and the
   * launcher's start one and the same.
   */
  private async launchNow(row: JourneyRow, round: RoundEntity): Promise<void> {
    const startedAt = new Date();
    const input = journeyInput(row, round.settings, startedAt, round.regionCode);
    await this.journeys.recordMany([initialJourney(input, startedAt)]);
    // Under the round's share lock, on one connection: a close waits for this start, and after a
    // close nothing starts (the close's batch then finds this journey launched and cancels it).
    const started = await this.journeys.whileRoundOpen(row.roundId, async (tx) => {
      await this.workflows.start(input);
      await tx.markLaunched([row.id]);
    });
    if (started === 'closed') {
      throw ConflictError.of('round.closed_for_steps', { round: round.id, status: 'closed' });
    }
  }

  /**
   * Keyset pagination in the chosen order (id order by default): stable under inserts, no OFFSET
   * scans; the cursor carries the order and the last row's key.
   */
  async list(p: PrincipalEntity, q: ListJourneys) {
    const { limit, cursor, sort = 'id', ...rest } = q;
    const search = withoutFormat(rest);
    const after = cursor ? decodeCursor(cursor, sort) : undefined;
    const rows = await this.journeys.list(searchOf(p, search), journeyScopeOf(p), {
      sort,
      after,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const now = new Date();
    return {
      items: page.map((row) => journeyRowView(row, now)),
      nextCursor: rows.length > limit ? encodeCursor(sort, page[page.length - 1]) : null,
    };
  }

  /**
   * The whole filtered list as a file, read a page at a time in the list's order and written out as
   * it is read. Counted first, so a filter matching more than EXPORT_MAX_ROWS is refused before a
   * byte is sent rather than cut short.
   */
  async export(p: PrincipalEntity, q: ListJourneys, format: 'csv' | 'xlsx'): Promise<Readable> {
    const sort = q.sort ?? 'id';
    const search = searchOf(p, withoutFormat(q));
    const scope = journeyScopeOf(p);
    const { total } = await this.journeys.summary(search, scope);
    if (total > EXPORT_MAX_ROWS)
      throw new InvalidInputError([
        fieldError('query.format', 'export.too_many_rows', { max: EXPORT_MAX_ROWS }),
      ]);
    const labels = new TemplateRenderer().labels('zh-CN') as unknown as ExportContext['labels'];
    const bodies = await this.bodies.list();
    const ctx: ExportContext = {
      labels,
      bodyNames: new Map(bodies.map((b) => [b.id, b.name])),
      now: new Date(),
    };
    const journeys = this.journeys;
    async function* pages() {
      let after: ReturnType<typeof decodeCursor> | undefined;
      for (let read = 0; read < EXPORT_MAX_ROWS;) {
        const rows = await journeys.list(search, scope, {
          sort,
          after,
          limit: Math.min(EXPORT_PAGE_ROWS, EXPORT_MAX_ROWS - read),
        });
        if (rows.length === 0) return;
        yield rows.map((r) => exportCells(r, ctx));
        read += rows.length;
        const last = rows[rows.length - 1];
        after = { key: last.sortKey, id: last.id };
      }
    }
    return format === 'csv' ? csvStream(pages()) : xlsxStream(pages());
  }

  /** The inbox's counts over the journeys the same filters list. */
  summary(p: PrincipalEntity, q: JourneySummaryQuery) {
    return this.journeys.summary(searchOf(p, q), journeyScopeOf(p));
  }

  async findVisible(p: PrincipalEntity, id: string): Promise<JourneyRow> {
    // An id of another shape names nothing; it never reaches the database.
    const row = isJourneyId(id) ? await this.journeys.find(id) : null;
    if (!row || !journeyInScope(p, row)) throw new NotFoundError('journey');
    return row;
  }

  /**
   * Scope is checked here so an out-of-scope caller learns nothing; stage and role are the
   * workflow's validator's to decide, so a step can never race past a stale read model. `updateId`
   * (from an Idempotency-Key, see step-identity.ts) makes a repeat of the step the same Update.
   */
  async step<S extends StepName>(
    p: PrincipalEntity,
    id: string,
    step: S,
    payload: StepPayload<S>,
    target: StepTarget = {},
    updateId?: string,
  ): Promise<JourneyState> {
    const row = await this.findVisible(p, id);
    // An ended journey's workflow is closed and takes no updates; its final stage is in the read model.
    if (isTerminal(row.stage)) {
      const params = { step, stage: row.stage };
      throw new StepRefusedError({
        kind: 'stage',
        currentStage: row.stage,
        code: 'step.journey_ended',
        params,
        message: englishMessage('step.journey_ended', params),
      });
    }
    const body = bodyAssignedBy(step, payload);
    if (body && !(await this.bodies.exists(body.id))) {
      throw new InvalidInputError([fieldError(body.field, 'certification_body.unknown')]);
    }
    if (step === 'assignee') await this.checkAssignee(row, (payload as StepPayload<'assignee'>).assigneeId);
    const round = await this.rounds.find(row.roundId);
    if (!round) throw new Error(`journey ${id} belongs to no round`);
    if (round.status !== 'open') {
      const params = { round: round.id, status: round.status };
      throw new ConflictError(englishMessage('round.closed_for_steps', params), {
        code: 'round.closed_for_steps',
        params,
      });
    }
    if (!row.launchedAt) await this.launchNow(row, round);
    const result = await this.workflows.step(id, step, { actor: actorOf(p), payload, target }, updateId);
    return this.stateAfter(id, result.version);
  }

  /**
   * The journey as a step left it. The Update answers only its version (an answer carrying the whole
   * journey would repeat every text in the workflow's history); the workflow wrote that version to
   * the read model before answering, so this read sees it, or a newer one.
   */
  private async stateAfter(id: string, version: number): Promise<JourneyState> {
    const row = await this.journeys.find(id);
    if (!row?.state || row.version < version)
      throw new Error(`the read model of ${id} is at version ${row?.version}, the step made ${version}`);
    return row.state;
  }
}

/** The list query's filters alone: no page, order or file format. */
function withoutFormat(q: Partial<ListJourneys>): JourneySummaryQuery {
  const filters: Partial<ListJourneys> = { ...q };
  delete filters.format;
  delete filters.limit;
  delete filters.cursor;
  delete filters.sort;
  return filters as JourneySummaryQuery;
}

/** The query's filters as the repository takes them: `mustAct=me` resolved for the caller. */
function searchOf(p: PrincipalEntity, q: JourneySummaryQuery): JourneySearch {
  const { mustAct, ...rest } = q;
  const search: JourneySearch = mustAct ? { ...rest, mustAct: mustActOf(p, mustAct) } : rest;
  // A regulator's escalations are those sent to them, not every one in their division.
  if (q.escalated === true && p.role === 'regulator') search.escalatedTo = p.id;
  return search;
}
