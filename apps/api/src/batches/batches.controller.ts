import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { PrincipalEntity } from '@uplift/persistence';
import { ApiContract } from '../common/api-contract';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { requestLocale } from '../common/locale';
import { ZodPipe } from '../common/zod-validation';
import {
  batchCreatedSchema,
  batchIdParams,
  batchListSchema,
  batchQuerySchema,
  batchViewSchema,
  createBatchDocSchema,
  createBatchSchema,
  listBatchesSchema,
  type BatchQuery,
  type CreateBatch,
  type ListBatches,
} from './batches.dto';
import { BatchesService } from './batches.service';

/** Bulk actions: one step taken on many journeys of a round, in the background (API.md "People and the console"). */
@ApiTags('batches')
@Controller('v1/batches')
@Roles('regulator', 'admin')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Post()
  @HttpCode(202)
  @ApiContract({
    summary: 'Start a bulk action',
    description:
      "Takes one step (`action`, with `payload` as that step's route takes it) on many journeys of a round: those named in `journeyIds`, or every one `filter` finds within your scope when the batch is made (at most 10,000). Answers at once; the batch runs in the background, and each journey's own rules decide: a refusal is recorded for that journey, not fatal. Follow it with `GET /v1/batches/{id}`.",
    body: createBatchDocSchema,
    ok: { description: 'The batch is stored and running.', schema: batchCreatedSchema },
    errors: { 400: 'invalid body', 404: 'round not found', 409: 'the round is closed' },
  })
  create(@CurrentPrincipal() p: PrincipalEntity, @Body(new ZodPipe(createBatchSchema)) body: CreateBatch) {
    return this.batches.create(p, body);
  }

  @Get()
  @ApiContract({
    summary: 'List bulk actions',
    description:
      'Bulk actions you may read, newest first, a page at a time (pass `nextCursor` back as `cursor`): an admin all of them, a regulator those made within its division.',
    query: listBatchesSchema,
    ok: { description: 'A page of batches.', schema: batchListSchema },
    errors: { 400: 'invalid query' },
  })
  list(
    @CurrentPrincipal() p: PrincipalEntity,
    @Query(new ZodPipe(listBatchesSchema, 'query')) q: ListBatches,
  ) {
    return this.batches.list(p, q);
  }

  @Get(':id')
  @ApiContract({
    summary: 'Read a bulk action',
    description:
      "The batch's progress, and each journey's outcome: `pending` until reached, `applied`, or `refused` with the reason its rules gave. Out of your scope is a 404, as one that does not exist.",
    params: batchIdParams,
    query: batchQuerySchema,
    ok: { description: 'The batch.', schema: batchViewSchema },
    errors: { 400: 'invalid query', 404: 'batch not found' },
  })
  get(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query(new ZodPipe(batchQuerySchema, 'query')) q: BatchQuery,
    @Req() request: FastifyRequest,
  ) {
    return this.batches.view(p, id, q, requestLocale(request));
  }
}
