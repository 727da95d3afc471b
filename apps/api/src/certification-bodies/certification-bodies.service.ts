import { Inject, Injectable } from '@nestjs/common';
import { ConflictError } from '@uplift/domain';
import {
  CERTIFICATION_BODY_REPOSITORY,
  type CertificationBodyEntity,
  type CertificationBodyRepository,
} from '@uplift/persistence';

export interface RegisterCertificationBody {
  code: string;
  name: string;
  email: string;
  locale?: 'zh-CN' | 'en';
}

@Injectable()
export class CertificationBodiesService {
  constructor(@Inject(CERTIFICATION_BODY_REPOSITORY) private readonly bodies: CertificationBodyRepository) {}

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
