import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  assignmentSchema,
  screeningDecisionSchema,
  type Assignment,
  type ScreeningDecision,
} from '../../../../libs/domain/src/schemas';
import type { PrincipalEntity } from '../../../../libs/persistence/src/entities/principal.entity';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiZodBody, ZodPipe } from '../common/zod-validation';
import { listJourneysSchema, type ListJourneys } from './journeys.dto';
import { journeyRowView, journeyView } from './journey.view';
import { JourneysService } from './journeys.service';

@ApiTags('journeys')
@ApiBearerAuth()
@Controller('v1/journeys')
export class JourneysController {
  constructor(private readonly journeys: JourneysService) {}

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

  @Post(':id/screening-decision')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @ApiZodBody(screeningDecisionSchema)
  async screeningDecision(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id') id: string,
    @Body(new ZodPipe(screeningDecisionSchema)) body: ScreeningDecision,
  ) {
    return journeyView(await this.journeys.step(p, id, 'screening-decision', body));
  }

  @Post(':id/assignment')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @ApiZodBody(assignmentSchema)
  async assignment(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id') id: string,
    @Body(new ZodPipe(assignmentSchema)) body: Assignment,
  ) {
    return journeyView(await this.journeys.step(p, id, 'assignment', body));
  }
}
