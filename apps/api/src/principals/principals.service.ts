import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type UpliftConfig, CONFIG } from '@uplift/config';
import { ConflictError, InvalidInputError, NotFoundError, fieldError } from '@uplift/domain';
import {
  CERTIFICATION_BODY_REPOSITORY,
  PRINCIPAL_REPOSITORY,
  type CertificationBodyRepository,
  type PrincipalEntity,
  type PrincipalRepository,
} from '@uplift/persistence';
import { generateApiKey, hashApiKey, visiblePrefix } from './api-keys';
import type { CreatePrincipal } from './principals.dto';

@Injectable()
export class PrincipalsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Principals');

  constructor(
    @Inject(CONFIG) private readonly config: UpliftConfig,
    @Inject(PRINCIPAL_REPOSITORY) private readonly principals: PrincipalRepository,
    @Inject(CERTIFICATION_BODY_REPOSITORY) private readonly bodies: CertificationBodyRepository,
  ) {}

  /**
   * The principal a key belongs to, unless the key is unknown or revoked. Looked up on every
   * request, never cached, so a revocation or rotation takes effect at once.
   */
  async authenticate(key: string): Promise<PrincipalEntity | null> {
    if (key.length > 512) return null;
    return this.principals.activeByKeyHash(hashApiKey(key));
  }

  /** Every principal, oldest first; keys appear by their prefix only. */
  async list(): Promise<PrincipalEntity[]> {
    return this.principals.list();
  }

  /** Revokes the principal's key for good. Revoking twice keeps the first time. */
  async revoke(id: string): Promise<PrincipalEntity> {
    const principal = await this.principals.find(id);
    if (!principal) throw new NotFoundError('principal');
    if (principal.isBootstrap) {
      throw ConflictError.of('principal.bootstrap_irrevocable');
    }
    const revoked = await this.principals.revoke(id);
    this.logger.log(`principal ${id} (${principal.keyPrefix}) revoked`);
    return revoked;
  }

  /**
   * Gives the principal a new key, returned once; the previous key stops working at once. Console
   * sessions stay: a key and a password are separate credentials.
   */
  async rotateKey(id: string): Promise<{ principal: PrincipalEntity; apiKey: string }> {
    const { key, prefix } = generateApiKey();
    const principal = await this.principals.replaceKey(id, { keyHash: hashApiKey(key), keyPrefix: prefix });
    if (!principal) {
      if (!(await this.principals.find(id))) throw new NotFoundError('principal');
      throw ConflictError.of('principal.revoked_key');
    }
    this.logger.log(`principal ${id} key rotated to ${prefix}; the previous key no longer works`);
    return { principal, apiKey: key };
  }

  /** Gives the bootstrap admin a new key, returned once; the previous key stops working at once. */
  async rotateBootstrap(): Promise<{ principal: PrincipalEntity; apiKey: string }> {
    const { key, prefix } = generateApiKey();
    if (!(await this.principals.updateBootstrap({ keyHash: hashApiKey(key), keyPrefix: prefix })))
      throw new NotFoundError('bootstrap admin');
    this.logger.warn(`bootstrap admin key rotated through the API; the previous key no longer works`);
    return { principal: (await this.principals.bootstrap())!, apiKey: key };
  }

  async create(input: CreatePrincipal): Promise<{ principal: PrincipalEntity; apiKey: string }> {
    if (input.certificationBodyId && !(await this.bodies.exists(input.certificationBodyId))) {
      throw new InvalidInputError([fieldError('certificationBodyId', 'certification_body.unknown')]);
    }
    const { key, prefix } = generateApiKey();
    const principal = await this.principals.create({
      role: input.role,
      name: input.name,
      email: input.email,
      regionCode: input.role === 'regulator' ? input.regionCode! : null,
      certificationBodyId: input.role === 'certification_body' ? input.certificationBodyId! : null,
      keyPrefix: prefix,
      keyHash: hashApiKey(key),
    });
    return { principal, apiKey: key };
  }

  /**
   * The bootstrap admin: set from UPLIFT_ADMIN_KEY (changing the variable rotates the key), or
   * generated and printed once when the variable is unset and no bootstrap admin exists yet.
   * A key rotated through the API stays in force until the variable is given a new value.
   */
  async onApplicationBootstrap(): Promise<void> {
    const configured = this.config.UPLIFT_ADMIN_KEY;
    const existing = await this.principals.bootstrap();
    if (configured) {
      const keyHash = hashApiKey(configured);
      if (existing?.keyHash === keyHash) {
        if (existing.bootstrapSourceHash !== keyHash)
          await this.principals.updateBootstrap({ bootstrapSourceHash: keyHash });
        return;
      }
      if (existing?.bootstrapSourceHash === keyHash) {
        this.logger.warn(
          'UPLIFT_ADMIN_KEY is unchanged but the bootstrap key was rotated through the API since; ' +
            'the rotated key stays in force (give the variable a new value to rotate again)',
        );
        return;
      }
      if (existing) {
        await this.principals.updateBootstrap({
          keyHash,
          keyPrefix: visiblePrefix(configured),
          bootstrapSourceHash: keyHash,
        });
        this.logger.warn(`bootstrap admin key rotated; the previous key no longer works`);
      } else {
        await this.insertBootstrap(configured, visiblePrefix(configured), keyHash);
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

  private async insertBootstrap(
    key: string,
    prefix: string,
    sourceHash: string | null = null,
  ): Promise<boolean> {
    return this.principals.insertBootstrap({
      role: 'admin',
      name: 'bootstrap admin',
      email: 'admin@uplift.local',
      regionCode: null,
      certificationBodyId: null,
      keyPrefix: prefix,
      keyHash: hashApiKey(key),
      bootstrapSourceHash: sourceHash,
    });
  }
}
