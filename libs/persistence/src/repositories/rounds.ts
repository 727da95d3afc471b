import type { DataSource } from 'typeorm';
import type { RoundSettings } from '@uplift/domain';
import { RoundEntity } from '../entities/round.entity';

export interface NewRound {
  name: string;
  regionCode: string;
  settings: RoundSettings;
  createdBy: string;
}

/** The `rounds` table, as the API's services use it. */
export interface RoundRepository {
  create(round: NewRound): Promise<RoundEntity>;
  find(id: string): Promise<RoundEntity | null>;
  /** Closes an open round; false when it was closed already. */
  close(id: string): Promise<boolean>;
}

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

  async close(id: string): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE rounds SET status = 'closed', closed_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
      [id],
    )) as [unknown[], number];
    return affected > 0;
  }
}
