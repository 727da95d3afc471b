import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiTags } from '@nestjs/swagger';
import { ForbiddenError, createRoundSchema, type CreateRound } from '@uplift/domain';
import type { PrincipalEntity, RoundEntity } from '@uplift/persistence';
import { actorOf } from '../common/actor';
import { csvCharsetOf, mediaTypeOf, mediaTypeRefused } from '../common/body-parsers';
import { CSV_MEDIA_TYPES, XLSX_MEDIA_TYPE } from '../common/import-body';
import { annotateAudit } from '../common/audit';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiContract } from '../common/api-contract';
import { requestLocale, varyByLanguage } from '../common/locale';
import { ZodPipe } from '../common/zod-validation';
import { CandidatesService } from './candidates.service';
import { csvCandidateRows } from './csv-rows';
import { xlsxCandidateRows } from './xlsx-rows';
import { ReportService } from './report.service';
import { RegulatorReports } from '../reports/regulator-reports.service';
import { DashboardService } from './dashboard.service';
import { dashboardQuerySchema, roundDashboardSchema, type DashboardQuery } from './dashboard.dto';
import {
  candidateCsvSchema,
  candidateXlsxSchema,
  csvImportDescription,
  importCandidatesDocSchema,
  importCandidatesQuerySchema,
  importCandidatesSchema,
  importResultSchema,
  listRoundsSchema,
  reportQuerySchema,
  reportRegionSchema,
  type ReportRegion,
  roundListSchema,
  roundIdParams,
  roundReportSchema,
  roundViewSchema,
  roundChangedSchema,
  roundChangesSchema,
  changeRoundSettingsSchema,
  type ChangeRoundSettings,
  type ImportCandidatesQuery,
  type ImportResult,
  type ListRounds,
} from './rounds.dto';
import { RoundsService } from './rounds.service';

@ApiTags('rounds')
@Controller('v1/rounds')
export class RoundsController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly candidates: CandidatesService,
    private readonly reports: ReportService,
    private readonly dashboards: DashboardService,
    private readonly regulator: RegulatorReports,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: 'Open a round',
    description:
      'Opens a round of the campaign for a division (`000000` for the whole country); settings left out take the campaign defaults. A regulator opens rounds inside its own division.',
    body: createRoundSchema,
    ok: {
      description:
        'The round, with no journeys yet; `warnings` when a setting is accepted but worth a second look.',
      schema: roundChangedSchema,
    },
    errors: { 400: 'invalid body' },
  })
  async create(
    @CurrentPrincipal() p: PrincipalEntity,
    @Body(new ZodPipe(createRoundSchema)) body: CreateRound,
    @Req() request: FastifyRequest,
  ) {
    const round = await this.rounds.create(p, body);
    return this.withWarnings(await this.rounds.view(p, round), round, request);
  }

  @Get()
  @ApiContract({
    summary: 'List rounds',
    description:
      'The rounds you may open, newest first, a page at a time (pass `nextCursor` back as `cursor`): an admin all of them, a regulator those its division overlaps, a certification body those in which it has journeys. Each counts its journeys by stage within your scope.',
    query: listRoundsSchema,
    ok: { description: 'A page of rounds.', schema: roundListSchema },
    errors: { 400: 'invalid query' },
  })
  list(
    @CurrentPrincipal() p: PrincipalEntity,
    @Query(new ZodPipe(listRoundsSchema, 'query')) query: ListRounds,
  ) {
    return this.rounds.list(p, query);
  }

  @Get(':id')
  @ApiContract({
    summary: 'Read a round',
    description:
      'The round with its journeys counted by stage, within your scope, and the progress of its launch and close.',
    params: roundIdParams,
    ok: { description: 'The round.', schema: roundViewSchema },
    errors: { 404: 'round not found' },
  })
  async get(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ) {
    return this.rounds.view(p, await this.rounds.findVisible(p, id));
  }

  /**
   * Campaign KPIs of the round within the caller's scope, and the regulator's figures;
   * `?format=csv` (or Accept: text/csv) or `?format=xlsx` for a spreadsheet.
   */
  @Get(':id/report')
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: "A round's campaign KPIs",
    description:
      "Campaign KPIs of the round within your scope: overall, and by region, industry section and certification body; and the regulator's figures: per metric how many enterprises improved and by how much, the share per improvement area, follow-up-service satisfaction, per evaluation wave and for the latest answer, the enterprises' own answers apart from those a body entered, breakdowns with codes and names, and the paragraph a bureau publishes (`summary`). `?format=csv` (Chinese headers, or `Accept: text/csv`) or `?format=xlsx` answers a spreadsheet of the same figures.",
    params: roundIdParams,
    query: reportQuerySchema,
    ok: {
      description: 'The report, as JSON, CSV or .xlsx.',
      schema: roundReportSchema,
      content: {
        'text/csv': { schema: z.string().max(64 * 1024 * 1024) },
        [XLSX_MEDIA_TYPE]: {
          schema: z
            .string()
            .max(64 * 1024 * 1024)
            .meta({ format: 'binary' }),
        },
      },
      headers: {
        'Content-Disposition': z
          .string()
          .max(200)
          .meta({ description: 'With a file: `attachment; filename="round-<id>-report.csv"` (or `.xlsx`).' }),
      },
    },
    errors: { 404: 'round not found' },
  })
  async report(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query('format') format: string | undefined,
    @Query(new ZodPipe(reportRegionSchema, 'query')) { regionCode }: ReportRegion,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const round = await this.rounds.findVisible(p, id);
    const report = await this.reports.report(p, round, regionCode);
    if (format === 'xlsx') {
      void reply
        .type(XLSX_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="round-${id}-report.xlsx"`);
      // The contract documents the file's bytes as a string; Fastify sends the Buffer as it is.
      return (await this.regulator.xlsx(report, round.name)) as unknown as string;
    }
    if (format === 'csv' || (!format && (accept ?? '').startsWith('text/csv'))) {
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="round-${id}-report.csv"`);
      return this.regulator.csv(report, round.name);
    }
    return report;
  }

  @Get(':id/dashboard')
  @ApiContract({
    summary: "A round's dashboard",
    description:
      "Server-side aggregates over the round's journeys within your scope: KPIs, the funnel by stage, stalled journeys by who must act, and breakdowns by region (one level below `regionCode`, else below the round's region), industry section and certification body. Rates are fractions between 0 and 1.",
    params: roundIdParams,
    query: dashboardQuerySchema,
    ok: { description: 'The dashboard.', schema: roundDashboardSchema },
    errors: { 400: 'invalid query', 404: 'round not found' },
  })
  async dashboard(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query(new ZodPipe(dashboardQuerySchema, 'query')) query: DashboardQuery,
  ) {
    return this.dashboards.dashboard(p, await this.rounds.findVisible(p, id), query.regionCode);
  }

  /** Open journeys end as cancelled; the round takes no more imports. */
  @Post(':id/close')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: 'Close a round',
    description:
      'Open journeys end as cancelled, in the background (the answer counts them as it goes); the round takes no more imports and its journeys no more steps. Closing it again is a 409.',
    params: roundIdParams,
    ok: { description: 'The round, closing.', schema: roundViewSchema },
    errors: { 404: 'round not found', 409: 'round 0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d is already closed' },
  })
  async close(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ) {
    return this.rounds.view(p, await this.rounds.close(p, id, actorOf(p)));
  }

  @Patch(':id/settings')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: "Change a running round's settings",
    description:
      "Any part of `settings` (as `POST /v1/rounds` takes them); what is left out stays. The round keeps the merged settings, and every journey of it that has not ended takes them through a background batch (`GET /v1/batches?roundId=`): its pending step's deadline is counted again from when that step began, so a journey past its new deadline stalls and a stalled one given more time no longer is. Stages never change. The round's own regulator (its division covers the round's region) or an admin; audited, and listed by `GET /v1/rounds/{id}/changes`.",
    params: roundIdParams,
    body: changeRoundSettingsSchema,
    ok: { description: 'The round with its new settings.', schema: roundChangedSchema },
    errors: {
      400: 'invalid body',
      403: "only the round's own regulator or an admin may change its settings, pause or resume it",
      404: 'round not found',
      409: 'round 0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d is closed',
    },
  })
  async changeSettings(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body(new ZodPipe(changeRoundSettingsSchema)) body: ChangeRoundSettings,
    @Req() request: FastifyRequest,
  ) {
    const { round, batchId } = await this.rounds.changeSettings(p, id, body);
    annotateAudit(request, { change: body, batchId });
    return this.withWarnings(await this.rounds.view(p, round), round, request);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: "Pause a round's reminders",
    description:
      "Stops the reminders and escalations of the round's journeys (a regional emergency, say): deadlines still pass and journeys still stall, and keep their stages. The round shows `pausedAt`; its journeys take the pause through a background batch, and journeys imported while it is paused take it too. Pausing a paused round changes nothing. The round's own regulator or an admin; audited.",
    params: roundIdParams,
    ok: { description: 'The round, paused.', schema: roundViewSchema },
    errors: {
      403: "only the round's own regulator or an admin may change its settings, pause or resume it",
      404: 'round not found',
      409: 'round 0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d is closed',
    },
  })
  async pause(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Req() request: FastifyRequest,
  ) {
    const { round, batchId } = await this.rounds.setPaused(p, id, true);
    annotateAudit(request, { batchId });
    return this.rounds.view(p, round);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: "Resume a round's reminders",
    description:
      "Reminders and escalations start again where they stopped: a journey's stall is counted without the paused time, so no burst of overdue reminders goes out. Resuming a running round changes nothing. The round's own regulator or an admin; audited.",
    params: roundIdParams,
    ok: { description: 'The round, running.', schema: roundViewSchema },
    errors: {
      403: "only the round's own regulator or an admin may change its settings, pause or resume it",
      404: 'round not found',
      409: 'round 0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d is closed',
    },
  })
  async resume(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Req() request: FastifyRequest,
  ) {
    const { round, batchId } = await this.rounds.setPaused(p, id, false);
    annotateAudit(request, { batchId });
    return this.rounds.view(p, round);
  }

  @Get(':id/changes')
  @ApiContract({
    summary: "A round's changes",
    description:
      'Every settings change, pause and resume of the round that succeeded, newest first (the last 50 of each), from the audit log: who and when, and what a settings change asked for.',
    params: roundIdParams,
    ok: { description: 'The changes.', schema: roundChangesSchema },
    errors: { 404: 'round not found' },
  })
  async changes(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ) {
    await this.rounds.findVisible(p, id);
    return { items: await this.rounds.changes(id) };
  }

  /** A round's answer, with the warnings its settings deserve in the request's language. */
  private withWarnings<V extends object>(view: V, round: RoundEntity, request: FastifyRequest) {
    const warnings = this.rounds.warnings(round, requestLocale(request));
    return warnings.length ? { ...view, warnings } : view;
  }

  /**
   * Per-row errors come back in `rejected`; valid rows are accepted even when others fail, all in one
   * transaction; a body refused as a whole (4xx) stores nothing. A
   * regulator imports only enterprises inside its own division. `?acceptInvalidCheckCharacter=true`
   * (admin only) takes USCCs whose sole fault is the check character; the audit log lists them.
   */
  @Post(':id/candidates')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: 'Import candidate enterprises',
    description:
      'Each valid row becomes a journey, all in one transaction; per-row errors come back in `rejected` while the valid rows are accepted; a body refused as a whole stores nothing. A regulator imports only enterprises inside its own division. `?acceptInvalidCheckCharacter=true` (admin only) takes USCCs whose sole fault is the check character; the audit log lists them.',
    params: roundIdParams,
    query: importCandidatesQuerySchema,
    body: {
      description: `JSON: \`{ "enterprises": [ ... ] }\`, each row an enterprise. ${csvImportDescription()}`,
      content: {
        'application/json': { schema: importCandidatesDocSchema },
        'text/csv': { schema: candidateCsvSchema },
        [XLSX_MEDIA_TYPE]: { schema: candidateXlsxSchema },
      },
    },
    ok: { description: 'What the import stored and refused.', schema: importResultSchema },
    errors: {
      400: 'invalid body',
      403: 'only an admin may accept USCCs with an invalid check character',
      404: 'round not found',
      409: 'round 0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d is closed',
      413: 'request body is larger than 16777216 bytes',
      415: 'text/plain is not accepted; send application/json, text/csv or an .xlsx workbook',
    },
  })
  async importCandidates(
    @CurrentPrincipal() p: PrincipalEntity,
    @Req() request: object,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query(new ZodPipe(importCandidatesQuerySchema, 'query')) query: ImportCandidatesQuery,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<ImportResult> {
    const acceptInvalidCheckCharacter = query.acceptInvalidCheckCharacter === true;
    if (acceptInvalidCheckCharacter && p.role !== 'admin') {
      throw ForbiddenError.of('import.check_character_admin_only');
    }
    const type = mediaTypeOf(contentType);
    const csv = CSV_MEDIA_TYPES.includes(type);
    const xlsx = type === XLSX_MEDIA_TYPE;
    if (!csv && !xlsx && type !== 'application/json') {
      const accepted = `application/json, text/csv or ${XLSX_MEDIA_TYPE}`;
      throw type
        ? mediaTypeRefused('media_type.not_accepted', { type, accepted })
        : mediaTypeRefused('media_type.missing', { accepted });
    }
    // The body is refused as a whole, or every row checked, before anything is stored.
    const json = csv || xlsx ? null : new ZodPipe(importCandidatesSchema).transform(body);
    const charset = csv ? csvCharsetOf(contentType) : undefined;
    const round = await this.rounds.findOpenForImport(p, id);
    const rows = json
      ? json.enterprises
      : xlsx
        ? xlsxCandidateRows(body as Buffer)
        : csvCandidateRows(body as Buffer, charset);
    const locale = requestLocale(request as { headers?: Record<string, string | undefined> });
    varyByLanguage(reply);
    const result = await this.candidates.import(round, rows, {
      principal: p,
      acceptInvalidCheckCharacter,
      locale,
    });
    await this.rounds.afterImport(p, round, result.accepted);
    if (acceptInvalidCheckCharacter) {
      annotateAudit(request, {
        acceptInvalidCheckCharacter: true,
        usccs: (result.acceptedInvalidCheckCharacter ?? []).map((r) => r.uscc),
      });
    }
    return result;
  }
}
