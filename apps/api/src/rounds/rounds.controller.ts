import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createRoundSchema, type CreateRound } from '../../../../libs/domain/src/schemas';
import type { PrincipalEntity } from '../../../../libs/persistence/src/entities/principal.entity';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { ApiZodBody, ZodPipe } from '../common/zod-validation';
import { CandidatesService } from './candidates.service';
import { importCandidatesSchema, type ImportCandidates, type ImportResult } from './rounds.dto';
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
   * regulator imports only enterprises inside its own division.
   */
  @Post(':id/candidates')
  @HttpCode(200)
  @Roles('regulator', 'admin')
  @ApiZodBody(importCandidatesSchema)
  async importCandidates(
    @CurrentPrincipal() p: PrincipalEntity,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body(new ZodPipe(importCandidatesSchema)) body: ImportCandidates,
  ): Promise<ImportResult> {
    const round = await this.rounds.findOpenForImport(p, id);
    return this.candidates.import(round, body.enterprises, { principal: p });
  }
}
