import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { CertificationBodiesController } from './certification-bodies.controller';
import { CertificationBodiesService } from './certification-bodies.service';

@Module({
  imports: [PersistenceModule],
  controllers: [CertificationBodiesController],
  providers: [CertificationBodiesService],
})
export class CertificationBodiesModule {}
