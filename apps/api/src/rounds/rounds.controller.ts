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
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  ForbiddenError,
  UnsupportedMediaTypeError,
  createRoundSchema,
  type CreateRound,
} from '@uplift/domain';
import type { PrincipalEntity } from '@uplift/persistence';
import { actorOf } from '../common/actor';
import { csvCharsetOf, mediaTypeOf } from '../common/body-parsers';
import { CSV_MEDIA_TYPES } from '../common/import-body';
import { annotateAudit } from '../common/audit';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiZodBody, ZodPipe } from '../common/zod-validation';
import { CandidatesService } from './candidates.service';
import { csvCandidateRows } from './csv-rows';
import { ReportService } from './report.service';
import {
  importCandidatesQuerySchema,
  importCandidatesSchema,
  type ImportCandidatesQuery,
  type ImportResult,
} from './rounds.dto';
import { RoundsService } from './rounds.service';

@ApiTags('rounds')
@ApiBearerAuth()
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
  @ApiZodBody(createRoundSchema)
  async create(
    @CurrentPrincipal() p: PrincipalEntity,
    @Body(new ZodPipe(createRoundSchema)) body: CreateRound,
  ) {
    return this.rounds.view(p, await this.rounds.create(p, body));
  }

  @Get(':id')
  async get(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ) {
    return this.rounds.view(p, await this.rounds.findVisible(p, id));
  }

  /** Campaign KPIs of the round within the caller's scope; `?format=csv` (or Accept: text/csv) for a spreadsheet. */
  @Get(':id/report')
  @Roles('regulator', 'admin')
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
  @ApiZodBody(importCandidatesSchema)
  @ApiConsumes('application/json', 'text/csv')
  async importCandidates(
    @CurrentPrincipal() p: PrincipalEntity,
    @Req() request: object,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query(new ZodPipe(importCandidatesQuerySchema, 'query')) query: ImportCandidatesQuery,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<ImportResult> {
    const acceptInvalidCheckCharacter = query.acceptInvalidCheckCharacter === true;
    if (acceptInvalidCheckCharacter && p.role !== 'admin') {
      throw new ForbiddenError('only an admin may accept USCCs with an invalid check character');
    }
    const type = mediaTypeOf(contentType);
    const csv = CSV_MEDIA_TYPES.includes(type);
    if (!csv && type !== 'application/json') {
      const message = `${type || 'a body without a Content-Type'} is not accepted; send application/json or text/csv`;
      throw new UnsupportedMediaTypeError(message, [{ field: 'header.content-type', message }]);
    }
    // The body is refused as a whole, or every row checked, before anything is stored.
    const json = csv ? null : new ZodPipe(importCandidatesSchema).transform(body);
    const charset = csv ? csvCharsetOf(contentType) : undefined;
    const round = await this.rounds.findOpenForImport(p, id);
    const rows = json ? json.enterprises : csvCandidateRows(body as Buffer, charset);
    const result = await this.candidates.import(round, rows, { principal: p, acceptInvalidCheckCharacter });
    if (acceptInvalidCheckCharacter) {
      annotateAudit(request, {
        acceptInvalidCheckCharacter: true,
        usccs: (result.acceptedInvalidCheckCharacter ?? []).map((r) => r.uscc),
      });
    }
    return result;
  }
}
