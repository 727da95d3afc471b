import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { completeStep, type StepName, type StepPayload, type StepTarget } from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ZodPipe } from '../common/zod-validation';
import { HistoryService } from './history.service';
import { listJourneysSchema, type ListJourneys } from './journeys.dto';
import { journeyRowView, journeyView } from './journey.view';
import { JourneyScopeGuard } from './journey-scope.guard';
import { JourneysService } from './journeys.service';
import { StepRoutes, type StepTaker } from './step-routes';

/**
 * Each step of the table (libs/domain steps.ts) with a path has its route here, made by `StepRoutes`;
 * each answers 200 with the journey as it now stands (API.md "Journeys").
 */
@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/journeys')
@UseGuards(JourneyScopeGuard)
@StepRoutes()
export class JourneysController implements StepTaker {
  constructor(
    private readonly journeys: JourneysService,
    private readonly history: HistoryService,
  ) {}

  @Get()
  list(
    @CurrentPrincipal() p: PrincipalEntity,
    @Query(new ZodPipe(listJourneysSchema, 'query')) query: ListJourneys,
  ) {
    return this.journeys.list(p, query);
  }

  @Get(':id')
  async get(@CurrentPrincipal() p: PrincipalEntity, @Param('id') id: string) {
    return journeyRowView(await this.journeys.findVisible(p, id));
  }

  /** The journey's own Temporal event history, made readable, oldest first. */
  @Get(':id/history')
  @Roles('admin', 'regulator')
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
