import type { DataSource } from 'typeorm';
import { CertificationBodyEntity } from '../entities/certification-body.entity';
import { PrincipalEntity } from '../entities/principal.entity';
import { RoundEntity } from '../entities/round.entity';

export interface Addressee {
  name: string;
  email: string;
  locale: string;
}

/** Who an email goes to, and the round it is about, looked up when it is sent. */
export interface Directory {
  roundName(roundId: string): Promise<string>;
  certificationBody(id: string): Promise<Addressee>;
  /** The regulator who opened the round receives its escalations. */
  regulatorOfRound(roundId: string): Promise<Addressee>;
}

export class TypeOrmDirectory implements Directory {
  constructor(private readonly dataSource: DataSource) {}

  async roundName(roundId: string): Promise<string> {
    return (await this.dataSource.getRepository(RoundEntity).findOneByOrFail({ id: roundId })).name;
  }

  async certificationBody(id: string): Promise<Addressee> {
    const body = await this.dataSource.getRepository(CertificationBodyEntity).findOneByOrFail({ id });
    return { name: body.name, email: body.email, locale: body.locale };
  }

  async regulatorOfRound(roundId: string): Promise<Addressee> {
    const round = await this.dataSource.getRepository(RoundEntity).findOneByOrFail({ id: roundId });
    const p = await this.dataSource.getRepository(PrincipalEntity).findOneByOrFail({ id: round.createdBy });
    return { name: p.name, email: p.email, locale: 'zh-CN' };
  }
}
