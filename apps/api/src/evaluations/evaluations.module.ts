import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { TemporalModule } from '@uplift/temporal';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';

/** The enterprise's evaluation link: its form page and the answer it sends. */
@Module({
  imports: [PersistenceModule, TemporalModule],
  controllers: [EvaluationsController],
  providers: [EvaluationsService],
})
export class EvaluationsModule {}
