import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { completeStep, type StepName, type StepPayload, type StepTarget } from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiContract } from '../common/api-contract';
import { ZodPipe } from '../common/zod-validation';
import { HistoryService } from './history.service';
import {
  journeyIdParams,
  journeySummaryQuerySchema,
  journeySummarySchema,
  listJourneysSchema,
  type JourneySummaryQuery,
  type ListJourneys,
} from './journeys.dto';
import {
  journeyHistorySchema,
  journeyListSchema,
  journeyRowView,
  journeyView,
  journeyViewSchema,
} from './journey.view';
import { JourneyScopeGuard } from './journey-scope.guard';
import { JourneysService } from './journeys.service';
import { StepRoutes, type StepTaker } from './step-routes';

/**
 * Each step of the table (libs/domain steps.ts) with a path has its route here, made by `StepRoutes`;
 * each answers 200 with the journey as it now stands (API.md "Journeys").
 */
@ApiTags('journeys')
@Controller('v1/journeys')
@UseGuards(JourneyScopeGuard)
@StepRoutes()
export class JourneysController implements StepTaker {
  constructor(
    private readonly journeys: JourneysService,
    private readonly history: HistoryService,
  ) {}

  @Get()
  @ApiContract({
    summary: 'List journeys',
    description:
      'Journeys within your scope (a regulator its division, a certification body those assigned to it), filtered, in the order `sort` asks, a page at a time: pass `nextCursor` back as `cursor` with the same `sort`. An inbox: `mustAct=me&sort=deadline` (overdue first).',
    query: listJourneysSchema,
    ok: { description: 'A page of journeys.', schema: journeyListSchema },
    errors: { 400: 'invalid query' },
  })
  list(
    @CurrentPrincipal() p: PrincipalEntity,
    @Query(new ZodPipe(listJourneysSchema, 'query')) query: ListJourneys,
  ) {
    return this.journeys.list(p, query);
  }

  @Get('summary')
  @ApiContract({
    summary: 'Count journeys',
    description:
      'Counts over the journeys `GET /v1/journeys` lists with the same filters: all of them, those overdue (past the deadline while someone must act), those due within the next 7 days.',
    query: journeySummaryQuerySchema,
    ok: { description: 'The counts.', schema: journeySummarySchema },
    errors: { 400: 'invalid query' },
  })
  summary(
    @CurrentPrincipal() p: PrincipalEntity,
    @Query(new ZodPipe(journeySummaryQuerySchema, 'query')) query: JourneySummaryQuery,
  ) {
    return this.journeys.summary(p, query);
  }

  @Get(':id')
  @ApiContract({
    summary: 'Read a journey',
    description: 'The journey as it now stands; one outside your scope is a 404, as one that does not exist.',
    params: journeyIdParams,
    ok: { description: 'The journey.', schema: journeyViewSchema },
    errors: { 404: 'journey not found' },
  })
  async get(@CurrentPrincipal() p: PrincipalEntity, @Param('id') id: string) {
    return journeyRowView(await this.journeys.findVisible(p, id));
  }

  /** The journey's own Temporal event history, made readable, oldest first. */
  @Get(':id/history')
  @Roles('admin', 'regulator', 'certification_body')
  @ApiContract({
    summary: "A journey's history",
    description:
      "The journey's own Temporal event history made readable, oldest first, with the steps that were refused (from the audit log): each version of an amended diagnosis or plan and each progress update is its own `step` event, with who took it. An admin reads any journey's; a regulator those in its division; a certification body those assigned to it (the console's journey timeline). Any other journey is a 404, as one that does not exist.",
    params: journeyIdParams,
    ok: { description: 'The events.', schema: journeyHistorySchema },
    errors: { 404: 'journey not found', 503: 'the temporal is unavailable; try again shortly' },
  })
  async getHistory(@CurrentPrincipal() p: PrincipalEntity, @Param('id') id: string) {
    await this.journeys.findVisible(p, id);
    return { events: await this.history.of(id) };
  }

  /** Every step route of the table (step-routes.ts) takes its step here. */
  async takeStep<S extends StepName>(
    step: S,
    p: PrincipalEntity,
    id: string,
    payload: StepPayload<S>,
    target: StepTarget,
    updateId: string | undefined,
  ) {
    const recorded = completeStep(step, payload);
    return journeyView(await this.journeys.step(p, id, step, recorded, target, updateId));
  }
}
