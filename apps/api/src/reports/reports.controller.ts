import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { PrincipalEntity } from '@uplift/persistence';
import { ApiContract } from '../common/api-contract';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { XLSX_MEDIA_TYPE } from '../common/import-body';
import { ZodPipe } from '../common/zod-validation';
import { RegulatorReports } from './regulator-reports.service';
import { yearReportQuerySchema, yearReportSchema } from './reports.dto';
import { YearReportService } from './year-report.service';

type YearReportQuery = z.infer<typeof yearReportQuerySchema>;

@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly years: YearReportService,
    private readonly regulator: RegulatorReports,
  ) {}

  /** A campaign year across rounds, for a division; `?format=csv` or `?format=xlsx` for a spreadsheet. */
  @Get()
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: 'A campaign year’s report',
    description:
      "The regulator's figures over every round opened in `year` (Beijing time), for the journeys inside `regionCode`: a regulator's own division by default (or one inside it), the nation for an admin. The same fields as a round's report besides its KPIs. `?format=csv` (Chinese headers) or `?format=xlsx` answers a spreadsheet.",
    query: yearReportQuerySchema,
    ok: {
      description: 'The report, as JSON, CSV or .xlsx.',
      schema: yearReportSchema,
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
        'Content-Disposition': z.string().max(200).meta({
          description: 'With a file: `attachment; filename="report-<year>-<region>.csv"` (or `.xlsx`).',
        }),
      },
    },
    errors: { 400: 'invalid query', 404: 'region out of scope' },
  })
  async year(
    @CurrentPrincipal() p: PrincipalEntity,
    @Query(new ZodPipe(yearReportQuerySchema, 'query')) query: YearReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const report = await this.years.report(p, query.year, query.regionCode);
    const file = `report-${report.year}-${report.regionCode}`;
    if (query.format === 'xlsx') {
      void reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${file}.xlsx"`);
      // The contract documents the file's bytes as a string; Fastify sends the Buffer as it is.
      return (await this.regulator.xlsx(report, this.years.title(report))) as unknown as string;
    }
    if (query.format === 'csv') {
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}.csv"`);
      return this.regulator.csv(report, this.years.title(report));
    }
    return report;
  }
}
