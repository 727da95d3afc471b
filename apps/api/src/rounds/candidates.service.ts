import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  journeyId,
  type Enterprise,
  divisionCovers,
  ConflictError,
  fieldErrors,
  type FieldError,
  checkInputText,
  checkUscc,
  fieldError,
  type MessageLocale,
} from '@uplift/domain';
import {
  JOURNEY_REPOSITORY,
  type JourneyRepository,
  type PrincipalEntity,
  type RoundEntity,
} from '@uplift/persistence';
import { JourneyClient } from '@uplift/temporal';
import { BlankRow, RejectedRow, SheetHeader } from './csv-rows';
import { API_DEFAULT_LOCALE, localDetail } from '../common/locale';
import { candidateRowAsIssuedSchema, candidateRowSchema, type ImportResult } from './rounds.dto';

export interface ImportOptions {
  principal: PrincipalEntity;
  /** Admin only (checked by the controller): take USCCs whose sole fault is the check character. */
  acceptInvalidCheckCharacter: boolean;
  /** The language of `rejected`'s messages (the request's `Accept-Language`); English without it. */
  locale?: MessageLocale;
}

/** Per-row errors beyond this are counted, not listed: a wrong file should not answer megabytes. */
const MAX_LISTED_ERRORS = 1000;

/** How often, and after how long, stored journeys nobody asked to launch are handed to the launch. */
const LAUNCH_SWEEP_MS = 60_000;
/** Rounds handed to the launch per sweep; the next sweep takes the rest. */
const SWEEP_ROUNDS = 100;

@Injectable()
export class CandidatesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Import');
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @Inject(JOURNEY_REPOSITORY) private readonly readModel: JourneyRepository,
    private readonly journeys: JourneyClient,
  ) {}

  /**
   * An import asks for its launch only after its commit. Should that ask fail (Temporal down, or the
   * API killed in between), the rows are stored and answered as accepted all the same: this sweep
   * asks again for every open round whose stored journeys have waited over a minute.
   */
  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => void this.sweepLaunches(), LAUNCH_SWEEP_MS);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  async sweepLaunches(): Promise<void> {
    try {
      const rounds = await this.readModel.roundsAwaitingLaunch(SWEEP_ROUNDS);
      for (const roundId of rounds) await this.journeys.requestLaunch(roundId);
    } catch (err) {
      this.logger.warn(`could not ask for pending launches: ${(err as Error).message}`);
    }
  }

  /**
   * All or nothing: every row is read and checked before anything is stored, the valid ones are
   * stored in one transaction (a USCC already in the round is a duplicate), and only then is the
   * round's launch workflow asked to start their journeys. A file refused as a whole, or a failure
   * before the commit, leaves no row and no workflow behind.
   */
  async import(
    round: RoundEntity,
    rows: AsyncIterable<unknown> | Iterable<unknown>,
    options: ImportOptions,
  ): Promise<ImportResult> {
    const { principal, acceptInvalidCheckCharacter, locale = API_DEFAULT_LOCALE } = options;
    const schema = acceptInvalidCheckCharacter ? candidateRowAsIssuedSchema : candidateRowSchema;
    const rejected: ImportResult['rejected'] = [];
    const overridden: NonNullable<ImportResult['acceptedInvalidCheckCharacter']> = [];
    let rejectedRows = 0;
    /** The first row of each USCC taken, so a repeat names it. */
    const seen = new Map<string, number>();
    let duplicates = 0;
    const duplicateRows: ImportResult['duplicateRows'] = [];
    const valid: { row: number; enterprise: Enterprise }[] = [];
    let row = 0;
    let skippedBlankRows = 0;
    let header: SheetHeader | undefined;
    const refuse = (errors: FieldError[]) => {
      rejectedRows++;
      for (const e of errors) {
        if (rejected.length >= MAX_LISTED_ERRORS) break;
        const column = header?.columnOf(e.field);
        rejected.push({ row, ...(column ? { column } : {}), ...localDetail(e, locale) });
      }
    };
    const duplicate = (entry: ImportResult['duplicateRows'][number]) => {
      duplicates++;
      if (duplicateRows.length < MAX_LISTED_ERRORS) duplicateRows.push(entry);
    };
    for await (const raw of rows) {
      if (raw instanceof SheetHeader) {
        header = raw;
        continue;
      }
      row++;
      if (raw instanceof BlankRow) {
        skippedBlankRows++;
        continue;
      }
      if (raw instanceof RejectedRow) {
        refuse(raw.errors);
        continue;
      }
      // The same text rule as every JSON field (a CSV cell was checked by its column already).
      const unsafe = checkInputText(raw);
      if (unsafe.length > 0) {
        refuse(unsafe);
        continue;
      }
      const parsed = schema.safeParse(raw);
      const errors = parsed.success
        ? this.placement(round, principal, parsed.data.regionCode)
        : fieldErrors(parsed.error);
      if (errors.length > 0) {
        refuse(errors);
        continue;
      }
      const enterprise = parsed.data as Enterprise;
      const firstRow = seen.get(enterprise.uscc);
      if (firstRow !== undefined) {
        duplicate({ row, uscc: enterprise.uscc, firstRow });
        continue;
      }
      if (acceptInvalidCheckCharacter && !checkUscc(enterprise.uscc).ok)
        overridden.push({ row, uscc: enterprise.uscc });
      seen.set(enterprise.uscc, row);
      valid.push({ row, enterprise });
    }
    const stored = valid.length > 0 ? await this.store(round, valid) : new Set<string>();
    const accepted = stored.size;
    // What the round had already: a duplicate of an earlier import, by its row here.
    for (const v of valid)
      if (!stored.has(journeyId(round.id, v.enterprise.uscc)))
        duplicate({ row: v.row, uscc: v.enterprise.uscc });
    duplicateRows.sort((a, b) => a.row - b.row);
    if (accepted > 0) {
      // Stored is accepted: an import never answers an error for rows it kept (the sweep launches them).
      await this.journeys.requestLaunch(round.id).catch((err: Error) => {
        this.logger.warn(`round ${round.id}: launch not requested yet (${err.message}); the sweep will`);
      });
    }
    return {
      accepted,
      duplicates,
      rejected,
      rows: row - skippedBlankRows,
      rejectedRows,
      duplicateRows,
      ...(header ? { skippedBlankRows, ignoredColumns: header.ignoredColumns } : {}),
      ...(acceptInvalidCheckCharacter ? { acceptedInvalidCheckCharacter: overridden } : {}),
    };
  }

  /** Inside the round's region, and for a city or county bureau importing into its province's round, inside its own. */
  private placement(round: RoundEntity, principal: PrincipalEntity, regionCode: string) {
    if (!divisionCovers(round.regionCode, regionCode)) {
      return [fieldError('regionCode', 'division.outside_round', { region: round.regionCode })];
    }
    if (principal.role === 'regulator' && !divisionCovers(principal.regionCode ?? '-', regionCode)) {
      return [fieldError('regionCode', 'division.outside_scope', { region: principal.regionCode ?? '' })];
    }
    return [];
  }

  /**
   * One transaction for the whole import. The round's row is locked against a concurrent close, and
   * a round closed since the import began takes nothing.
   */
  private async store(round: RoundEntity, rows: { enterprise: Enterprise }[]): Promise<Set<string>> {
    const stored = await this.readModel.whileRoundOpen(round.id, (tx) =>
      tx.insertNewIds(
        rows.map(({ enterprise: e }) => ({
          id: journeyId(round.id, e.uscc),
          roundId: round.id,
          enterprise: e,
        })),
      ),
    );
    if (stored === 'closed') throw ConflictError.of('round.closed', { round: round.id });
    return new Set(stored);
  }
}
