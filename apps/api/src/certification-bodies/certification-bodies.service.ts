import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@uplift/domain';
import {
  CERTIFICATION_BODY_REPOSITORY,
  type CertificationBodyEntity,
  type CertificationBodyRepository,
  PRINCIPAL_REPOSITORY,
  type PrincipalEntity,
  type PrincipalRepository,
} from '@uplift/persistence';

export interface RegisterCertificationBody {
  code: string;
  name: string;
  email: string;
  locale?: 'zh-CN' | 'en';
}

@Injectable()
export class CertificationBodiesService {
  constructor(
    @Inject(CERTIFICATION_BODY_REPOSITORY) private readonly bodies: CertificationBodyRepository,
    @Inject(PRINCIPAL_REPOSITORY) private readonly principals: Pick<PrincipalRepository, 'list'>,
  ) {}

  /**
   * A body's own people, those a journey may be assigned to: its active `certification_body`
   * principals, by name. A body reads only its own staff (another's is a 404, as one that does not
   * exist); an admin any body's.
   */
  async staff(reader: PrincipalEntity, bodyId: string): Promise<PrincipalEntity[]> {
    if (reader.role !== 'admin' && reader.certificationBodyId !== bodyId)
      throw new NotFoundError('certification body');
    if (!(await this.bodies.exists(bodyId))) throw new NotFoundError('certification body');
    return (await this.principals.list())
      .filter(
        (p) => p.role === 'certification_body' && p.certificationBodyId === bodyId && p.revokedAt === null,
      )
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
  }

  /** A body's code is its CNCA approval number, so a second registration of it is a conflict. */
  async register(body: RegisterCertificationBody): Promise<CertificationBodyEntity> {
    const created = await this.bodies.create({
      code: body.code,
      name: body.name,
      email: body.email,
      // Emails to a body are in Chinese unless it asked for English.
      locale: body.locale ?? 'zh-CN',
    });
    if (!created) throw ConflictError.of('certification_body.code_taken', { bodyCode: body.code });
    return created;
  }

  /** Every body, by code. */
  list(): Promise<CertificationBodyEntity[]> {
    return this.bodies.list();
  }
}
