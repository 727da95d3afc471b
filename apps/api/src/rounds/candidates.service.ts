import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { journeyId, type Enterprise } from '../../../../libs/domain/src/journey';
import { industrySection } from '../../../../libs/domain/src/industry';
import { divisionCovers } from '../../../../libs/domain/src/region';
import { fieldErrors } from '../../../../libs/domain/src/schemas';
import { checkUscc } from '../../../../libs/domain/src/uscc';
import type { PrincipalEntity } from '../../../../libs/persistence/src/entities/principal.entity';
import { JourneyEntity } from '../../../../libs/persistence/src/entities/journey.entity';
import type { RoundEntity } from '../../../../libs/persistence/src/entities/round.entity';
import { JourneyClient } from '../../../../libs/temporal/src/journey-client';
import { MalformedRow } from './csv-rows';
import { candidateRowAsIssuedSchema, candidateRowSchema, type ImportResult } from './rounds.dto';

export interface ImportOptions {
  principal: PrincipalEntity;
  /** Admin only (checked by the controller): take USCCs whose sole fault is the check character. */
  acceptInvalidCheckCharacter: boolean;
}

const INSERT_CHUNK = 1000;
/** Per-row errors beyond this are counted, not listed: a wrong file should not answer megabytes. */
const MAX_LISTED_ERRORS = 1000;

@Injectable()
export class CandidatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly journeys: JourneyClient,
  ) {}

  /**
   * Validates every row and stores the valid ones as journeys (a USCC already in the round is a
   * duplicate), then answers. The round's launch workflow starts their journey workflows in the
   * background; it is asked to run before the first row is stored, so rows stored by an API that died
   * before answering are still found and started.
   */
  async import(
    round: RoundEntity,
    rows: AsyncIterable<unknown> | Iterable<unknown>,
    options: ImportOptions,
  ): Promise<ImportResult> {
    const { principal, acceptInvalidCheckCharacter } = options;
    const schema = acceptInvalidCheckCharacter ? candidateRowAsIssuedSchema : candidateRowSchema;
    await this.journeys.requestLaunch(round.id);
    const rejected: ImportResult['rejected'] = [];
    const overridden: NonNullable<ImportResult['acceptedInvalidCheckCharacter']> = [];
    let rejectedRows = 0;
    const seen = new Set<string>();
    let duplicates = 0;
    let accepted = 0;
    let chunk: Enterprise[] = [];
    let row = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const stored = await this.store(round, chunk);
      accepted += stored;
      duplicates += chunk.length - stored;
      chunk = [];
    };
    for await (const raw of rows) {
      row++;
      if (raw instanceof MalformedRow) {
        rejectedRows++;
        if (rejected.length < MAX_LISTED_ERRORS)
          rejected.push({ row, field: '(row)', message: `is not readable CSV: ${raw.message}` });
        continue;
      }
      const parsed = schema.safeParse(raw);
      const errors = parsed.success
        ? this.placement(round, principal, parsed.data.regionCode)
        : fieldErrors(parsed.error);
      if (errors.length > 0) {
        rejectedRows++;
        for (const e of errors) if (rejected.length < MAX_LISTED_ERRORS) rejected.push({ row, ...e });
        continue;
      }
      const enterprise = parsed.data as Enterprise;
      if (seen.has(enterprise.uscc)) {
        duplicates++;
        continue;
      }
      if (acceptInvalidCheckCharacter && !checkUscc(enterprise.uscc).ok)
        overridden.push({ row, uscc: enterprise.uscc });
      seen.add(enterprise.uscc);
      chunk.push(enterprise);
      if (chunk.length >= INSERT_CHUNK) await flush();
    }
    await flush();
    await this.journeys.requestLaunch(round.id);
    return {
      accepted,
      duplicates,
      rejected,
      rows: row,
      rejectedRows,
      ...(acceptInvalidCheckCharacter ? { acceptedInvalidCheckCharacter: overridden } : {}),
    };
  }

  /** Inside the round's region, and for a city or county bureau importing into its province's round, inside its own. */
  private placement(round: RoundEntity, principal: PrincipalEntity, regionCode: string) {
    if (!divisionCovers(round.regionCode, regionCode)) {
      return [{ field: 'regionCode', message: `is outside the round's region ${round.regionCode}` }];
    }
    if (principal.role === 'regulator' && !divisionCovers(principal.regionCode ?? '-', regionCode)) {
      return [{ field: 'regionCode', message: `is outside your division ${principal.regionCode}` }];
    }
    return [];
  }

  private async store(round: RoundEntity, enterprises: Enterprise[]): Promise<number> {
    const result = await this.dataSource
      .getRepository(JourneyEntity)
      .createQueryBuilder()
      .insert()
      .values(
        enterprises.map((e) => ({
          id: journeyId(round.id, e.uscc),
          roundId: round.id,
          uscc: e.uscc,
          enterprise: e,
          regionCode: e.regionCode,
          industryCode: e.industryCode,
          industrySection: industrySection(e.industryCode),
          stage: 'screening' as const,
        })),
      )
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length;
  }
}
