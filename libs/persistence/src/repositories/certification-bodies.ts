import { In, type DataSource } from 'typeorm';
import { CertificationBodyEntity } from '../entities/certification-body.entity';

/** Certification bodies as journeys refer to them. */
export interface CertificationBodyRepository {
  exists(id: string): Promise<boolean>;
  /** The bodies among `ids` that exist; an empty list asks nothing. */
  findMany(ids: string[]): Promise<CertificationBodyEntity[]>;
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
}
