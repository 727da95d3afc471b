import { In, type DataSource } from 'typeorm';
import { CertificationBodyEntity } from '../entities/certification-body.entity';

export interface NewCertificationBody {
  code: string;
  name: string;
  email: string;
  locale: string;
}

/** Certification bodies: registered by admins, referred to by journeys and principals. */
export interface CertificationBodyRepository {
  exists(id: string): Promise<boolean>;
  /** The bodies among `ids` that exist; an empty list asks nothing. */
  findMany(ids: string[]): Promise<CertificationBodyEntity[]>;
  /** The body as stored; null when a body with its code exists already (codes are unique). */
  create(body: NewCertificationBody): Promise<CertificationBodyEntity | null>;
  /** Every body, by code. */
  list(): Promise<CertificationBodyEntity[]>;
}

export class TypeOrmCertificationBodyRepository implements CertificationBodyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get bodies() {
    return this.dataSource.getRepository(CertificationBodyEntity);
  }

  exists(id: string): Promise<boolean> {
    return this.bodies.existsBy({ id });
  }

  async findMany(ids: string[]): Promise<CertificationBodyEntity[]> {
    return ids.length ? this.bodies.findBy({ id: In(ids) }) : [];
  }

  async create(body: NewCertificationBody): Promise<CertificationBodyEntity | null> {
    const inserted = await this.bodies
      .createQueryBuilder()
      .insert()
      .values(body)
      .orIgnore()
      .returning('*')
      .execute();
    if ((inserted.raw as unknown[]).length === 0) return null;
    return this.bodies.findOneByOrFail({ code: body.code });
  }

  list(): Promise<CertificationBodyEntity[]> {
    return this.bodies.find({ order: { code: 'ASC' } });
  }
}
