import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { createRoundSchema, type CreateRound } from '../../../../libs/domain/src/schemas';
import type { PrincipalEntity } from '../../../../libs/persistence/src/entities/principal.entity';
import { actorOf } from '../common/actor';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiZodBody, ZodPipe } from '../common/zod-validation';
import { CandidatesService } from './candidates.service';
import { csvCandidateRows } from './csv-rows';
import { IMPORT_LIMIT } from './import-limit';
import { importCandidatesSchema, type ImportResult } from './rounds.dto';
import { ReportService } from './report.service';
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

  /** Per-row errors come back in `rejected`; valid rows are accepted even when others fail. */
  @Post(':id/candidates')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @ApiZodBody(importCandidatesSchema)
  @ApiConsumes('application/json', 'text/csv')
  async importCandidates(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<ImportResult> {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'text/csv' || type === 'application/csv') {
      const round = await this.rounds.findOpenForImport(p, id);
      const charset = /charset=([^;]+)/i
        .exec(contentType ?? '')?.[1]
        ?.trim()
        .replace(/"/g, '');
      return this.candidates.import(round, csvCandidateRows(body as Readable, charset, IMPORT_LIMIT));
    }
    const json = new ZodPipe(importCandidatesSchema).transform(body);
    const round = await this.rounds.findOpenForImport(p, id);
    return this.candidates.import(round, json.enterprises);
  }
}
