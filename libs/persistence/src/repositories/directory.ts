import { IsNull, type DataSource } from 'typeorm';
import { type RoundSettings, divisionCovers, divisionPrefix } from '@uplift/domain';
import { CertificationBodyEntity } from '../entities/certification-body.entity';
import { type NotificationMode, PrincipalEntity } from '../entities/principal.entity';
import { RoundEntity } from '../entities/round.entity';

export interface Addressee {
  name: string;
  email: string;
  locale: string;
}

/** A principal an email goes to, with their choice of digests or immediate emails. */
export interface Person extends Addressee {
  id: string;
  /** Null: as the round says. */
  notificationMode: NotificationMode | null;
}

/** What delivery needs of a round: its name, its division, and how its people are told. */
export interface RoundFacts {
  name: string;
  regionCode: string;
  settings: RoundSettings;
}

/** Who an email goes to, and the round it is about, looked up when it is sent. */
export interface Directory {
  roundName(roundId: string): Promise<string>;
  round(roundId: string): Promise<RoundFacts>;
  certificationBody(id: string): Promise<Addressee>;
  /** The regulator who opened the round receives its escalations, while their key is active. */
  regulatorOfRound(roundId: string): Promise<Person>;
  /** One named person while active; null once revoked (an email to them is not sent). */
  principal(id: string): Promise<Person | null>;
  /** A staff member of the body while active (a `certification_body` principal of that body), else null. */
  bodyMember(principalId: string, certificationBodyId: string): Promise<Person | null>;
  /** Every active regulator whose division is exactly `division`, oldest first. */
  regulatorsOf(division: string): Promise<Person[]>;
}

function person(p: PrincipalEntity): Person {
  return { id: p.id, name: p.name, email: p.email, locale: 'zh-CN', notificationMode: p.notificationMode };
}

export class TypeOrmDirectory implements Directory {
  constructor(private readonly dataSource: DataSource) {}

  async roundName(roundId: string): Promise<string> {
    return (await this.dataSource.getRepository(RoundEntity).findOneByOrFail({ id: roundId })).name;
  }

  async round(roundId: string): Promise<RoundFacts> {
    const round = await this.dataSource.getRepository(RoundEntity).findOneByOrFail({ id: roundId });
    return { name: round.name, regionCode: round.regionCode, settings: round.settings };
  }

  async bodyMember(principalId: string, certificationBodyId: string): Promise<Person | null> {
    const p = await this.dataSource.getRepository(PrincipalEntity).findOneBy({
      id: principalId,
      role: 'certification_body',
      certificationBodyId,
      revokedAt: IsNull(),
    });
    return p ? person(p) : null;
  }

  async regulatorsOf(division: string): Promise<Person[]> {
    const found = await this.dataSource.getRepository(PrincipalEntity).find({
      where: { role: 'regulator', regionCode: division, revokedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return found.map(person);
  }

  async certificationBody(id: string): Promise<Addressee> {
    const body = await this.dataSource.getRepository(CertificationBodyEntity).findOneByOrFail({ id });
    return { name: body.name, email: body.email, locale: body.locale };
  }

  async principal(id: string): Promise<Person | null> {
    const p = await this.dataSource.getRepository(PrincipalEntity).findOneBy({ id, revokedAt: IsNull() });
    return p ? person(p) : null;
  }

  /**
   * The round's creator while their key is active. Once it is revoked, escalations go to the active
   * regulator closest to the round's region whose division covers it (the creator's successor in
   * practice), and failing one to the longest-standing active admin.
   */
  async regulatorOfRound(roundId: string): Promise<Person> {
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
    return person(p);
  }
}
