import { IsNull, type DataSource } from 'typeorm';
import { divisionCovers, divisionPrefix } from '@uplift/domain';
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
  /** The regulator who opened the round receives its escalations, while their key is active. */
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

  /**
   * The round's creator while their key is active. Once it is revoked, escalations go to the active
   * regulator closest to the round's region whose division covers it (the creator's successor in
   * practice), and failing one to the longest-standing active admin.
   */
  async regulatorOfRound(roundId: string): Promise<Addressee> {
    const round = await this.dataSource.getRepository(RoundEntity).findOneByOrFail({ id: roundId });
    const principals = this.dataSource.getRepository(PrincipalEntity);
    const creator = await principals.findOneBy({ id: round.createdBy, revokedAt: IsNull() });
    const covering = (
      await principals.find({
        where: { role: 'regulator', revokedAt: IsNull() },
        order: { createdAt: 'ASC' },
      })
    )
      .filter((r) => r.regionCode && divisionCovers(r.regionCode, round.regionCode))
      .sort((a, b) => divisionPrefix(b.regionCode!).length - divisionPrefix(a.regionCode!).length);
    const p =
      creator ??
      covering[0] ??
      (await principals.findOne({
        where: { role: 'admin', revokedAt: IsNull() },
        order: { createdAt: 'ASC' },
      }));
    if (!p) throw new Error(`no active principal can receive round ${roundId}'s escalations`);
    return { name: p.name, email: p.email, locale: 'zh-CN' };
  }
}
