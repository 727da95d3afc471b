import { Controller, Get, Param, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ApiTags } from '@nestjs/swagger';
import { beijingDate, completeStep, type StepName, type StepPayload, type StepTarget } from '@uplift/domain';
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

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
    ok: {
      description: 'A page of journeys; with `format`, the whole filtered list as a file.',
      schema: journeyListSchema,
      content: {
        'text/csv': { schema: z.string().max(256 * 1024 * 1024) },
        [XLSX]: {
          schema: z
            .string()
            .max(256 * 1024 * 1024)
            .meta({ format: 'binary' }),
        },
      },
      headers: {
        'Content-Disposition': z.string().max(300).meta({
          description:
            'With `format`: `attachment; filename="journeys-<round id or all>-<Beijing date>.csv"` (or `.xlsx`), and `filename*` in Chinese.',
        }),
      },
    },
    errors: { 400: 'invalid query' },
  })
  async list(
    @CurrentPrincipal() p: PrincipalEntity,
    @Query(new ZodPipe(listJourneysSchema, 'query')) query: ListJourneys,
  ) {
    if (!query.format) return this.journeys.list(p, query);
    const stream = await this.journeys.export(p, query, query.format);
    const stamp = beijingDate(new Date()).replaceAll('-', '');
    const name = `journeys-${query.roundId ?? 'all'}-${stamp}.${query.format}`;
    const zhName = `企业帮扶清单-${stamp}.${query.format}`;
    const file = new StreamableFile(stream, {
      type: query.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX,
      disposition: `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(zhName)}`,
    });
    // The contract documents the file's bytes as a string; Nest streams them out of the StreamableFile.
    return file as unknown as string;
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
