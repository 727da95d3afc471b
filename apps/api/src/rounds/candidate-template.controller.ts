import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import ExcelJS from 'exceljs';
import { CANDIDATE_TEMPLATE_HEADERS, candidateTemplateRows, spreadsheetCsv } from '@uplift/domain';
import { Roles } from '../common/auth.decorators';
import { ApiContract } from '../common/api-contract';
import { XLSX_MEDIA_TYPE } from '../common/import-body';
import { ZodPipe } from '../common/zod-validation';
import { candidateTemplateQuerySchema, type CandidateTemplateQuery } from './rounds.dto';

/** Fields Excel must keep as text: typed as digits, it would store them as numbers and drop digits. */
const TEXT_COLUMNS = new Set<string>(['uscc', 'regionCode', 'industryCode']);

/** The file a bureau fills in for the candidate import: the accepted Chinese headers and one example row. */
@ApiTags('rounds')
@Controller('v1/candidate-template')
export class CandidateTemplateController {
  @Get()
  @Roles('regulator', 'admin')
  @ApiContract({
    summary: 'The candidate import template',
    description:
      'A file with the import’s Chinese headers and one example row (a valid USCC), to fill in and import into a round: `.xlsx` (its code columns formatted as text, so Excel keeps every digit) or CSV.',
    query: candidateTemplateQuerySchema,
    ok: {
      description: 'The template.',
      content: {
        [XLSX_MEDIA_TYPE]: {
          schema: z
            .string()
            .max(64 * 1024)
            .meta({ format: 'binary' }),
        },
        'text/csv': { schema: z.string().max(64 * 1024) },
      },
      headers: {
        'Content-Disposition': z
          .string()
          .max(200)
          .meta({ description: '`attachment; filename="candidate-template.xlsx"` (or `.csv`).' }),
      },
    },
    errors: { 400: 'invalid query' },
  })
  async template(
    @Query(new ZodPipe(candidateTemplateQuerySchema, 'query')) query: CandidateTemplateQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { headers, example } = candidateTemplateRows();
    const name = `candidate-template.${query.format}`;
    // The Chinese name too (RFC 6266 filename*), for browsers that save under it.
    const disposition = `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent('候选企业导入模板')}.${query.format}`;
    if (query.format === 'csv') {
      void reply.type('text/csv; charset=utf-8').header('content-disposition', disposition);
      return spreadsheetCsv([headers, example]);
    }
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('候选企业');
    const fields = Object.keys(CANDIDATE_TEMPLATE_HEADERS);
    sheet.columns = headers.map((header, i) => ({
      header,
      width: Math.max(14, header.length * 2 + 4),
      style: TEXT_COLUMNS.has(fields[i]) ? { numFmt: '@' } : {},
    }));
    sheet.addRow(example);
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    void reply.type(XLSX_MEDIA_TYPE).header('content-disposition', disposition);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}
