import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { UpliftConfig } from '../../../../libs/config/src/config';
import { CONFIG } from '../../../../libs/config/src/config.module';
import { InvalidInputError } from '../../../../libs/domain/src/errors';
import { CertificationBodyEntity } from '../../../../libs/persistence/src/entities/certification-body.entity';
import { PrincipalEntity } from '../../../../libs/persistence/src/entities/principal.entity';
import { generateApiKey, hashApiKey, visiblePrefix } from './api-keys';
import type { CreatePrincipal } from './principals.dto';

@Injectable()
export class PrincipalsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Principals');

  constructor(
    @Inject(CONFIG) private readonly config: UpliftConfig,
    @InjectRepository(PrincipalEntity) private readonly principals: Repository<PrincipalEntity>,
    @InjectRepository(CertificationBodyEntity) private readonly bodies: Repository<CertificationBodyEntity>,
  ) {}

  /** The principal a key belongs to, unless the key is unknown or revoked. */
  async authenticate(key: string): Promise<PrincipalEntity | null> {
    return this.principals.findOneBy({ keyHash: hashApiKey(key), revokedAt: IsNull() });
  }

  async create(input: CreatePrincipal): Promise<{ principal: PrincipalEntity; apiKey: string }> {
    if (input.certificationBodyId && !(await this.bodies.existsBy({ id: input.certificationBodyId }))) {
      throw new InvalidInputError([
        { field: 'certificationBodyId', message: 'no certification body has this id' },
      ]);
    }
    const { key, prefix } = generateApiKey();
    const principal = await this.principals.save(
      this.principals.create({
        role: input.role,
        name: input.name,
        email: input.email,
        regionCode: input.role === 'regulator' ? input.regionCode! : null,
        certificationBodyId: input.role === 'certification_body' ? input.certificationBodyId! : null,
        keyPrefix: prefix,
        keyHash: hashApiKey(key),
      }),
    );
    return { principal, apiKey: key };
  }

  /**
   * The bootstrap admin: set from UPLIFT_ADMIN_KEY (changing the variable rotates the key), or
   * generated and printed once when the variable is unset and no bootstrap admin exists yet.
   */
  async onApplicationBootstrap(): Promise<void> {
    const configured = this.config.UPLIFT_ADMIN_KEY;
    const existing = await this.principals.findOneBy({ isBootstrap: true });
    if (configured) {
      const keyHash = hashApiKey(configured);
      if (existing?.keyHash === keyHash) return;
      if (existing) {
        await this.principals.update({ id: existing.id }, { keyHash, keyPrefix: visiblePrefix(configured) });
        this.logger.warn(`bootstrap admin key rotated; the previous key no longer works`);
      } else {
        await this.insertBootstrap(configured, visiblePrefix(configured));
      }
      return;
    }
    if (existing) return;
    const { key, prefix } = generateApiKey();
    if (await this.insertBootstrap(key, prefix)) {
      // Printed once, on purpose: only the hash is stored. Set UPLIFT_ADMIN_KEY to choose or rotate it.
      process.stdout.write(`\nBootstrap admin API key (shown once, store it now): ${key}\n\n`);
    }
  }

  private async insertBootstrap(key: string, prefix: string): Promise<boolean> {
    const result = await this.principals
      .createQueryBuilder()
      .insert()
      .values({
        role: 'admin',
        name: 'bootstrap admin',
        email: 'admin@uplift.local',
        keyPrefix: prefix,
        keyHash: hashApiKey(key),
        isBootstrap: true,
      })
      .orIgnore()
      .execute();
    return (result.raw as unknown[]).length > 0;
  }
}
