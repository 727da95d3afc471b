import type { DataSource } from 'typeorm';
import { type RoundSettings, divisionPrefix } from '@uplift/domain';
import { RoundEntity } from '../entities/round.entity';

export interface NewRound {
  name: string;
  regionCode: string;
  settings: RoundSettings;
  createdBy: string;
}

/**
 * Which rounds a caller may list: all; those a division overlaps (its own and those below it, and
 * those above it it works in, as a city bureau in its province's round); or the given ids.
 */
export type RoundScope =
  { kind: 'all' } | { kind: 'division'; regionCode: string } | { kind: 'ids'; ids: string[] };

export interface RoundListQuery {
  status?: 'open' | 'closed';
  /** Rounds whose region lies inside this division. */
  regionCode?: string;
  /** Newest first: resume after the round created at `createdAt` (ISO, to the millisecond) with `id`. */
  after?: { createdAt: string; id: string };
  limit: number;
}

/** The `rounds` table, as the API's services use it. */
export interface RoundRepository {
  create(round: NewRound): Promise<RoundEntity>;
  find(id: string): Promise<RoundEntity | null>;
  /** Closes an open round; false when it was closed already. */
  close(id: string): Promise<boolean>;
  /**
   * Stores new settings, and pauses (a time) or resumes (null) its reminders, on an open round only:
   * the round as it is afterwards, or null when it is closed (or unknown). `pausedAt` left out keeps it.
   */
  change(
    id: string,
    change: { settings?: RoundSettings; pausedAt?: Date | null },
  ): Promise<RoundEntity | null>;
  /** Newest first (ties in id order, descending), within the scope, after `after`, at most `limit`. */
  list(scope: RoundScope, query: RoundListQuery): Promise<RoundEntity[]>;
}

/** Every division that covers `code`: the national level, its province, its city and itself. */
function divisionsAbove(code: string): string[] {
  return [...new Set(['000000', `${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code])];
}

/** Creation time to the millisecond, as a `Date` (and so a cursor) holds it. */
const CREATED = `date_trunc('milliseconds', r.created_at)`;

export class TypeOrmRoundRepository implements RoundRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rounds() {
    return this.dataSource.getRepository(RoundEntity);
  }

  create(round: NewRound): Promise<RoundEntity> {
    return this.rounds.save(this.rounds.create(round));
  }

  find(id: string): Promise<RoundEntity | null> {
    return this.rounds.findOneBy({ id });
  }

  list(scope: RoundScope, query: RoundListQuery): Promise<RoundEntity[]> {
    const q = this.rounds.createQueryBuilder('r');
    if (scope.kind === 'division')
      q.andWhere('(r.region_code LIKE :within OR r.region_code = ANY(:above))', {
        within: `${divisionPrefix(scope.regionCode)}%`,
        above: divisionsAbove(scope.regionCode),
      });
    if (scope.kind === 'ids') q.andWhere('r.id = ANY(CAST(:ids AS uuid[]))', { ids: scope.ids });
    if (query.status) q.andWhere('r.status = :status', { status: query.status });
    if (query.regionCode)
      q.andWhere('r.region_code LIKE :region', { region: `${divisionPrefix(query.regionCode)}%` });
    if (query.after)
      q.andWhere(`(${CREATED}, r.id) < (CAST(:createdAt AS timestamptz), CAST(:id AS uuid))`, {
        createdAt: query.after.createdAt,
        id: query.after.id,
      });
    return q.orderBy(CREATED, 'DESC').addOrderBy('r.id', 'DESC').limit(query.limit).getMany();
  }

  async change(
    id: string,
    change: { settings?: RoundSettings; pausedAt?: Date | null },
  ): Promise<RoundEntity | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE rounds SET settings = coalesce($2::jsonb, settings),
              paused_at = CASE WHEN $3::boolean THEN $4::timestamptz ELSE paused_at END
        WHERE id = $1 AND status = 'open' RETURNING id`,
      [
        id,
        change.settings ? JSON.stringify(change.settings) : null,
        change.pausedAt !== undefined,
        change.pausedAt ?? null,
      ],
    )) as [unknown[], number];
    return rows.length ? this.find(id) : null;
  }

  async close(id: string): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE rounds SET status = 'closed', closed_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
      [id],
    )) as [unknown[], number];
    return affected > 0;
  }
}
