import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  assignmentSchema,
  assistanceCompletionSchema,
  assistancePlanSchema,
  certificationSchema,
  diagnosisSchema,
  evaluationSchema,
  screeningDecisionSchema,
  withdrawalSchema,
  type Assignment,
  type AssistanceCompletionInput,
  type AssistancePlanInput,
  type CertificationInput,
  type DiagnosisInput,
  type EvaluationInput,
  type ScreeningDecision,
  type WithdrawalInput,
  certificateExpiry,
} from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiContract } from '../common/api-contract';
import { ZodPipe } from '../common/zod-validation';
import { HistoryService } from './history.service';
import { journeyIdParams, listJourneysSchema, type ListJourneys } from './journeys.dto';
import {
  journeyHistorySchema,
  journeyListSchema,
  journeyRowView,
  journeyView,
  journeyViewSchema,
} from './journey.view';
import { JourneyScopeGuard } from './journey-scope.guard';
import { JourneysService } from './journeys.service';
import { documentStep } from './step.docs';

/** Each step answers 200 with the journey as it now stands (API.md "Journeys"). */
@ApiTags('journeys')
@Controller('v1/journeys')
@UseGuards(JourneyScopeGuard)
export class JourneysController {
  constructor(
    private readonly journeys: JourneysService,
    private readonly history: HistoryService,
  ) {}

  @Get()
  @ApiContract({
    summary: 'List journeys',
    description:
      'Journeys within your scope (a regulator its division, a certification body those assigned to it), filtered, a page at a time: pass `nextCursor` back as `cursor`.',
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
  @Roles('admin', 'regulator')
  @ApiContract({
    summary: "A journey's history",
    description:
      "The journey's own Temporal event history made readable, oldest first, with the steps that were refused (from the audit log).",
    params: journeyIdParams,
    ok: { description: 'The events.', schema: journeyHistorySchema },
    errors: { 404: 'journey not found', 503: 'the temporal is unavailable; try again shortly' },
  })
  async getHistory(@CurrentPrincipal() p: PrincipalEntity, @Param('id') id: string) {
    await this.journeys.findVisible(p, id);
    return { events: await this.history.of(id) };
  }

  @Post(':id/screening-decision')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @documentStep('screening-decision', screeningDecisionSchema)
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
  @documentStep('assignment', assignmentSchema)
  async assignment(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id') id: string,
    @Body(new ZodPipe(assignmentSchema)) body: Assignment,
  ) {
    return journeyView(await this.journeys.step(p, id, 'assignment', body));
  }

  @Post(':id/diagnosis')
  @HttpCode(200)
  @Roles('certification_body', 'admin')
  @documentStep('diagnosis', diagnosisSchema)
  async diagnosis(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id') id: string,
    @Body(new ZodPipe(diagnosisSchema)) body: DiagnosisInput,
  ) {
    return journeyView(await this.journeys.step(p, id, 'diagnosis', body));
  }

  @Post(':id/assistance-plan')
  @HttpCode(200)
  @Roles('certification_body', 'admin')
  @documentStep('assistance-plan', assistancePlanSchema)
  async assistancePlan(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id') id: string,
    @Body(new ZodPipe(assistancePlanSchema)) body: AssistancePlanInput,
  ) {
    return journeyView(await this.journeys.step(p, id, 'assistance-plan', body));
  }

  @Post(':id/assistance-completion')
  @HttpCode(200)
  @Roles('certification_body', 'admin')
  @documentStep('assistance-completion', assistanceCompletionSchema)
  async assistanceCompletion(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id') id: string,
    @Body(new ZodPipe(assistanceCompletionSchema)) body: AssistanceCompletionInput,
  ) {
    return journeyView(await this.journeys.step(p, id, 'assistance-completion', body));
  }

  @Post(':id/certification')
  @HttpCode(200)
  @Roles('certification_body', 'admin')
  @documentStep('certification', certificationSchema)
  async certification(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id') id: string,
    @Body(new ZodPipe(certificationSchema)) body: CertificationInput,
  ) {
    // The expiry is written here, by the one rule, so the workflow records it as given.
    const payload =
      body.outcome === 'certified' && body.issuedOn && !body.expiresOn
        ? { ...body, expiresOn: certificateExpiry(body.issuedOn) }
        : body;
    return journeyView(await this.journeys.step(p, id, 'certification', payload));
  }

  @Post(':id/evaluations/:n')
  @HttpCode(200)
  @Roles('certification_body', 'admin')
  @documentStep('evaluation', evaluationSchema)
  async evaluation(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id') id: string,
    @Param('n', new ParseIntPipe({ errorHttpStatusCode: 404 })) n: number,
    @Body(new ZodPipe(evaluationSchema)) body: EvaluationInput,
  ) {
    return journeyView(await this.journeys.step(p, id, 'evaluation', body, { evaluation: n }));
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @documentStep('withdrawal', withdrawalSchema)
  async withdrawal(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id') id: string,
    @Body(new ZodPipe(withdrawalSchema)) body: WithdrawalInput,
  ) {
    return journeyView(await this.journeys.step(p, id, 'withdrawal', body));
  }
}
