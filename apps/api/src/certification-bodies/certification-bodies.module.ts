import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { CertificationBodiesController } from './certification-bodies.controller';

@Module({ imports: [PersistenceModule], controllers: [CertificationBodiesController] })
export class CertificationBodiesModule {}
