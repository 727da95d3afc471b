import { IsNull, type DataSource } from 'typeorm';
import type { Role } from '@uplift/domain';
import { type NotificationMode, PrincipalEntity } from '../entities/principal.entity';

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
  /**
   * Replaces the key of a principal that is not revoked; the previous key stops working at once.
   * The principal as it is afterwards, or null when it is unknown or revoked.
   */
  replaceKey(
    id: string,
    key: Pick<PrincipalEntity, 'keyHash' | 'keyPrefix'>,
  ): Promise<PrincipalEntity | null>;
  bootstrap(): Promise<PrincipalEntity | null>;
  /**
   * Sets how the person gets reminders and escalations: `digest`, `immediate`, or null to follow each
   * round's setting. The principal as it is afterwards, or null when it is unknown or revoked.
   */
  setNotificationMode(id: string, mode: NotificationMode | null): Promise<PrincipalEntity | null>;
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

  async replaceKey(
    id: string,
    key: Pick<PrincipalEntity, 'keyHash' | 'keyPrefix'>,
  ): Promise<PrincipalEntity | null> {
    // One conditional UPDATE: a revocation that lands first wins, and the key is never revived.
    const result = await this.principals
      .createQueryBuilder()
      .update()
      .set(key)
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return result.affected ? this.principals.findOneBy({ id }) : null;
  }

  async setNotificationMode(id: string, mode: NotificationMode | null): Promise<PrincipalEntity | null> {
    const result = await this.principals
      .createQueryBuilder()
      .update()
      .set({ notificationMode: mode })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return result.affected ? this.principals.findOneBy({ id }) : null;
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
