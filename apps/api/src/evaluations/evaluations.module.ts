import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { TemporalModule } from '@uplift/temporal';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';
import { EvaluationLinkReissue, evaluationRequestSenderProvider } from './evaluation-link-reissue';

/** The enterprise's evaluation link: its form page and the answer it sends. */
@Module({
  imports: [PersistenceModule, TemporalModule],
  controllers: [EvaluationsController],
  providers: [EvaluationsService, EvaluationLinkReissue, evaluationRequestSenderProvider],
})
export class EvaluationsModule {}
