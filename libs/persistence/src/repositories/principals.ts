import { IsNull, type DataSource } from 'typeorm';
import type { Role } from '@uplift/domain';
import { PrincipalEntity } from '../entities/principal.entity';

export interface NewPrincipal {
  role: Role;
  name: string;
  email: string;
  regionCode: string | null;
  certificationBodyId: string | null;
  keyPrefix: string;
  keyHash: string;
}

/** What may change on the bootstrap admin: its key, and the UPLIFT_ADMIN_KEY it was last set from. */
export type BootstrapKey = Partial<Pick<PrincipalEntity, 'keyHash' | 'keyPrefix' | 'bootstrapSourceHash'>>;

/** The `principals` table: who holds an API key, and the bootstrap admin among them. */
export interface PrincipalRepository {
  /** The principal holding the key with this hash, unless it is revoked. */
  activeByKeyHash(keyHash: string): Promise<PrincipalEntity | null>;
  /** Every principal, oldest first (ties by id). */
  list(): Promise<PrincipalEntity[]>;
  find(id: string): Promise<PrincipalEntity | null>;
  /**
   * Sets `revokedAt` unless it is set already, and ends the principal's sessions; the principal as it
   * is afterwards.
   */
  revoke(id: string): Promise<PrincipalEntity>;
  create(principal: NewPrincipal): Promise<PrincipalEntity>;
  bootstrap(): Promise<PrincipalEntity | null>;
  /** False when there is no bootstrap admin. */
  updateBootstrap(changes: BootstrapKey): Promise<boolean>;
  /** Inserts the bootstrap admin; false when one exists already (another API instance won). */
  insertBootstrap(principal: NewPrincipal & { bootstrapSourceHash: string | null }): Promise<boolean>;
}

export class TypeOrmPrincipalRepository implements PrincipalRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get principals() {
    return this.dataSource.getRepository(PrincipalEntity);
  }

  activeByKeyHash(keyHash: string): Promise<PrincipalEntity | null> {
    return this.principals.findOneBy({ keyHash, revokedAt: IsNull() });
  }

  list(): Promise<PrincipalEntity[]> {
    return this.principals.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  find(id: string): Promise<PrincipalEntity | null> {
    return this.principals.findOneBy({ id });
  }

  async revoke(id: string): Promise<PrincipalEntity> {
    // The principal's console sessions end with it, in the same transaction.
    await this.dataSource.transaction(async (m) => {
      await m
        .getRepository(PrincipalEntity)
        .createQueryBuilder()
        .update()
        .set({ revokedAt: () => 'now()' })
        .where('id = :id AND revoked_at IS NULL', { id })
        .execute();
      await m.query(`DELETE FROM sessions WHERE principal_id = $1`, [id]);
    });
    return this.principals.findOneByOrFail({ id });
  }

  create(principal: NewPrincipal): Promise<PrincipalEntity> {
    return this.principals.save(this.principals.create(principal));
  }

  bootstrap(): Promise<PrincipalEntity | null> {
    return this.principals.findOneBy({ isBootstrap: true });
  }

  async updateBootstrap(changes: BootstrapKey): Promise<boolean> {
    const result = await this.principals.update({ isBootstrap: true }, changes);
    return !!result.affected;
  }

  async insertBootstrap(principal: NewPrincipal & { bootstrapSourceHash: string | null }): Promise<boolean> {
    const result = await this.principals
      .createQueryBuilder()
      .insert()
      .values({ ...principal, isBootstrap: true })
      .orIgnore()
      .execute();
    return (result.raw as unknown[]).length > 0;
  }
}
