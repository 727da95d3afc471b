import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiTags } from '@nestjs/swagger';
import { ForbiddenError, createRoundSchema, type CreateRound } from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';
import { actorOf } from '../common/actor';
import { csvCharsetOf, mediaTypeOf, mediaTypeRefused } from '../common/body-parsers';
import { CSV_MEDIA_TYPES } from '../common/import-body';
import { annotateAudit } from '../common/audit';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiContract } from '../common/api-contract';
import { requestLocale, varyByLanguage } from '../common/locale';
import { ZodPipe } from '../common/zod-validation';
import { CandidatesService } from './candidates.service';
import { csvCandidateRows } from './csv-rows';
import { ReportService } from './report.service';
import {
  candidateCsvSchema,
  csvImportDescription,
  importCandidatesDocSchema,
  importCandidatesQuerySchema,
  importCandidatesSchema,
  importResultSchema,
  listRoundsSchema,
  reportQuerySchema,
  roundListSchema,
  roundIdParams,
  roundReportSchema,
  roundViewSchema,
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
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: 'Open a round',
    description:
      'Opens a round of the campaign for a division (`000000` for the whole country); settings left out take the campaign defaults. A regulator opens rounds inside its own division.',
    body: createRoundSchema,
    ok: { description: 'The round, with no journeys yet.', schema: roundViewSchema },
    errors: { 400: 'invalid body' },
  })
  async create(
    @CurrentPrincipal() p: PrincipalEntity,
    @Body(new ZodPipe(createRoundSchema)) body: CreateRound,
  ) {
    return this.rounds.view(p, await this.rounds.create(p, body));
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

  /** Campaign KPIs of the round within the caller's scope; `?format=csv` (or Accept: text/csv) for a spreadsheet. */
  @Get(':id/report')
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: "A round's campaign KPIs",
    description:
      'Campaign KPIs of the round within your scope: overall, and by region, industry section and certification body. `?format=csv` (or `Accept: text/csv`) answers a spreadsheet of the same figures.',
    params: roundIdParams,
    query: reportQuerySchema,
    ok: {
      description: 'The report, as JSON or CSV.',
      schema: roundReportSchema,
      content: { 'text/csv': { schema: z.string().max(64 * 1024 * 1024) } },
      headers: {
        'Content-Disposition': z
          .string()
          .max(200)
          .meta({ description: 'With CSV: `attachment; filename="round-<id>-report.csv"`.' }),
      },
    },
    errors: { 404: 'round not found' },
  })
  async report(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query('format') format: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const report = await this.reports.report(p, await this.rounds.findVisible(p, id));
    if (format === 'csv' || (!format && (accept ?? '').startsWith('text/csv'))) {
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="round-${id}-report.csv"`);
      return this.reports.toCsv(report);
    }
    return report;
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
      },
    },
    ok: { description: 'What the import stored and refused.', schema: importResultSchema },
    errors: {
      400: 'invalid body',
      403: 'only an admin may accept USCCs with an invalid check character',
      404: 'round not found',
      409: 'round 0b6f1f56-8d2c-4f0e-9a51-3a1d2f4b5c6d is closed',
      415: 'text/plain is not accepted; send application/json or text/csv',
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
    if (!csv && type !== 'application/json') {
      const accepted = 'application/json or text/csv';
      throw type
        ? mediaTypeRefused('media_type.not_accepted', { type, accepted })
        : mediaTypeRefused('media_type.missing', { accepted });
    }
    // The body is refused as a whole, or every row checked, before anything is stored.
    const json = csv ? null : new ZodPipe(importCandidatesSchema).transform(body);
    const charset = csv ? csvCharsetOf(contentType) : undefined;
    const round = await this.rounds.findOpenForImport(p, id);
    const rows = json ? json.enterprises : csvCandidateRows(body as Buffer, charset);
    const locale = requestLocale(request as { headers?: Record<string, string | undefined> });
    varyByLanguage(reply);
    const result = await this.candidates.import(round, rows, {
      principal: p,
      acceptInvalidCheckCharacter,
      locale,
    });
    if (acceptInvalidCheckCharacter) {
      annotateAudit(request, {
        acceptInvalidCheckCharacter: true,
        usccs: (result.acceptedInvalidCheckCharacter ?? []).map((r) => r.uscc),
      });
    }
    return result;
  }
}
