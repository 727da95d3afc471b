import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ForbiddenError } from '../../../../libs/domain/src/errors';
import { createRoundSchema, type CreateRound } from '../../../../libs/domain/src/schemas';
import type { PrincipalEntity } from '../../../../libs/persistence/src/entities/principal.entity';
import { annotateAudit } from '../common/audit';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiZodBody, ZodPipe } from '../common/zod-validation';
import { CandidatesService } from './candidates.service';
import {
  importCandidatesQuerySchema,
  importCandidatesSchema,
  type ImportCandidates,
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

  /**
   * Per-row errors come back in `rejected`; valid rows are accepted even when others fail. A
   * regulator imports only enterprises inside its own division. `?acceptInvalidCheckCharacter=true`
   * (admin only) takes USCCs whose sole fault is the check character; the audit log lists them.
   */
  @Post(':id/candidates')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @ApiZodBody(importCandidatesSchema)
  async importCandidates(
    @CurrentPrincipal() p: PrincipalEntity,
    @Req() request: object,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Query(new ZodPipe(importCandidatesQuerySchema, 'query')) query: ImportCandidatesQuery,
    @Body(new ZodPipe(importCandidatesSchema)) body: ImportCandidates,
  ): Promise<ImportResult> {
    const acceptInvalidCheckCharacter = query.acceptInvalidCheckCharacter === true;
    if (acceptInvalidCheckCharacter && p.role !== 'admin') {
      throw new ForbiddenError('only an admin may accept USCCs with an invalid check character');
    }
    const round = await this.rounds.findOpenForImport(p, id);
    const result = await this.candidates.import(round, body.enterprises, {
      principal: p,
      acceptInvalidCheckCharacter,
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
