import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PrincipalEntity } from '@uplift/persistence';
import { ApiContract } from '../common/api-contract';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ZodPipe } from '../common/zod-validation';
import {
  type CreateSnapshot,
  createSnapshotSchema,
  snapshotIdParams,
  snapshotListQuerySchema,
  snapshotListSchema,
  snapshotSchema,
} from './snapshots.dto';
import { SnapshotsService } from './snapshots.service';

@ApiTags('reports')
@Controller('v1/reports/snapshots')
@Roles('regulator', 'admin')
export class SnapshotsController {
  constructor(private readonly snapshots: SnapshotsService) {}

  @Post()
  @HttpCode(201)
  @ApiContract({
    summary: 'Freeze a report',
    description:
      'Stores the report as it answers now, for a round (`roundId`) or a campaign year (`year`, `regionCode`), with its query and `asOf`, within your scope. A snapshot is never changed: a figure printed in a notice can be shown again after journeys moved on.',
    body: createSnapshotSchema,
    ok: { description: 'The frozen report.', schema: snapshotSchema },
    errors: { 400: 'invalid body', 404: 'round or region out of scope' },
  })
  create(
    @CurrentPrincipal() p: PrincipalEntity,
    @Body(new ZodPipe(createSnapshotSchema)) body: CreateSnapshot,
  ) {
    return this.snapshots.create(p, body);
  }

  @Get()
  @ApiContract({
    summary: 'List frozen reports',
    description:
      'Snapshots inside your division (every one for an admin), newest first, without their figures.',
    query: snapshotListQuerySchema,
    ok: { description: 'The snapshots.', schema: snapshotListSchema },
    errors: { 400: 'invalid query' },
  })
  async list(
    @CurrentPrincipal() p: PrincipalEntity,
    @Query(new ZodPipe(snapshotListQuerySchema, 'query')) query: { limit: number },
  ) {
    return { items: await this.snapshots.list(p, query.limit) };
  }

  @Get(':id')
  @ApiContract({
    summary: 'A frozen report',
    description: 'The snapshot with its figures exactly as they were at `asOf`.',
    params: snapshotIdParams,
    ok: { description: 'The snapshot.', schema: snapshotSchema },
    errors: { 404: 'snapshot not found' },
  })
  find(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ) {
    return this.snapshots.find(p, id);
  }
}
