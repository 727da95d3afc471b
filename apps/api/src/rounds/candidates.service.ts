import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { journeyId, type Enterprise } from '../../../../libs/domain/src/journey';
import { divisionCovers } from '../../../../libs/domain/src/region';
import { fieldErrors } from '../../../../libs/domain/src/schemas';
import { checkUscc } from '../../../../libs/domain/src/uscc';
import type { PrincipalEntity } from '../../../../libs/persistence/src/entities/principal.entity';
import { JourneyEntity } from '../../../../libs/persistence/src/entities/journey.entity';
import type { RoundEntity } from '../../../../libs/persistence/src/entities/round.entity';
import { JourneyClient } from '../../../../libs/temporal/src/journey-client';
import { candidateRowAsIssuedSchema, candidateRowSchema, type ImportResult } from './rounds.dto';

export interface ImportOptions {
  principal: PrincipalEntity;
  /** Admin only (checked by the controller): take USCCs whose sole fault is the check character. */
  acceptInvalidCheckCharacter: boolean;
}

const INSERT_CHUNK = 1000;
const START_CONCURRENCY = 16;

@Injectable()
export class CandidatesService {
  private readonly logger = new Logger('Candidates');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly journeys: JourneyClient,
  ) {}

  /**
   * Validates every row, stores the valid ones as journeys (a USCC already in the round is a
   * duplicate), then starts their workflows. The workflow id derives from round and USCC, so a
   * journey is never started twice; rows stored by an import that died before starting them are
   * started by the next import that names them.
   */
  async import(round: RoundEntity, rows: unknown[], options: ImportOptions): Promise<ImportResult> {
    const rejected: ImportResult['rejected'] = [];
    const overridden: NonNullable<ImportResult['acceptedInvalidCheckCharacter']> = [];
    const valid = new Map<string, Enterprise>();
    const { principal, acceptInvalidCheckCharacter } = options;
    const schema = acceptInvalidCheckCharacter ? candidateRowAsIssuedSchema : candidateRowSchema;
    let duplicates = 0;
    rows.forEach((raw, index) => {
      const row = index + 1;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        for (const e of fieldErrors(parsed.error)) rejected.push({ row, field: e.field, message: e.message });
        return;
      }
      const enterprise = parsed.data as Enterprise;
      if (!divisionCovers(round.regionCode, enterprise.regionCode)) {
        rejected.push({
          row,
          field: 'regionCode',
          message: `is outside the round's region ${round.regionCode}`,
        });
        return;
      }
      // A city or county bureau may import into its province's round, but only its own enterprises.
      if (
        principal.role === 'regulator' &&
        !divisionCovers(principal.regionCode ?? '-', enterprise.regionCode)
      ) {
        rejected.push({
          row,
          field: 'regionCode',
          message: `is outside your division ${principal.regionCode}`,
        });
        return;
      }
      if (acceptInvalidCheckCharacter && !checkUscc(enterprise.uscc).ok) {
        overridden.push({ row, uscc: enterprise.uscc });
      }
      if (valid.has(enterprise.uscc)) duplicates++;
      else valid.set(enterprise.uscc, enterprise);
    });

    const repo = this.dataSource.getRepository(JourneyEntity);
    const enterprises = [...valid.values()];
    let accepted = 0;
    for (let i = 0; i < enterprises.length; i += INSERT_CHUNK) {
      const chunk = enterprises.slice(i, i + INSERT_CHUNK);
      const result = await repo
        .createQueryBuilder()
        .insert()
        .values(
          chunk.map((e) => ({
            id: journeyId(round.id, e.uscc),
            roundId: round.id,
            uscc: e.uscc,
            enterprise: e,
            regionCode: e.regionCode,
            industryCode: e.industryCode,
            stage: 'screening' as const,
          })),
        )
        .orIgnore()
        .returning(['id'])
        .execute();
      accepted += (result.raw as unknown[]).length;
    }
    duplicates += enterprises.length - accepted;

    await this.launch(
      round,
      enterprises.map((e) => e.uscc),
    );
    return {
      accepted,
      duplicates,
      rejected,
      ...(acceptInvalidCheckCharacter ? { acceptedInvalidCheckCharacter: overridden } : {}),
    };
  }

  /** Starts the workflow of every named journey that has none yet. */
  private async launch(round: RoundEntity, usccs: string[]): Promise<void> {
    const repo = this.dataSource.getRepository(JourneyEntity);
    for (let i = 0; i < usccs.length; i += INSERT_CHUNK) {
      const pending = await repo.findBy({
        roundId: round.id,
        uscc: In(usccs.slice(i, i + INSERT_CHUNK)),
        launchedAt: IsNull(),
      });
      let next = 0;
      const startOne = async (): Promise<void> => {
        while (next < pending.length) {
          const j = pending[next++];
          await this.journeys.start({
            id: j.id,
            roundId: round.id,
            enterprise: j.enterprise,
            settings: round.settings,
          });
          await repo.update({ id: j.id, launchedAt: IsNull() }, { launchedAt: new Date() });
        }
      };
      await Promise.all(Array.from({ length: Math.min(START_CONCURRENCY, pending.length) }, startOne));
    }
    if (usccs.length > 0)
      this.logger.log(`round ${round.id}: launched journeys for ${usccs.length} candidates`);
  }
}
