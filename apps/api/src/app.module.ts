import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { PersistenceModule } from '../../../libs/persistence/src/persistence.module';
import { TemporalModule } from '../../../libs/temporal/src/temporal.module';
import { CertificationBodiesController } from './certification-bodies/certification-bodies.controller';
import { AuthGuard } from './common/auth.guard';
import { ErrorFilter } from './common/error.filter';
import { EvaluationsController } from './evaluations/evaluations.controller';
import { EvaluationsService } from './evaluations/evaluations.service';
import { HealthController } from './health/health.controller';
import { HistoryService } from './journeys/history.service';
import { JourneysController } from './journeys/journeys.controller';
import { JourneysService } from './journeys/journeys.service';
import { PrincipalsController } from './principals/principals.controller';
import { PrincipalsService } from './principals/principals.service';
import { CandidatesService } from './rounds/candidates.service';
import { RoundsController } from './rounds/rounds.controller';
import { ReportService } from './rounds/report.service';
import { RoundsService } from './rounds/rounds.service';

@Module({
  imports: [ConfigModule, PersistenceModule, TemporalModule],
  controllers: [
    HealthController,
    PrincipalsController,
    CertificationBodiesController,
    RoundsController,
    JourneysController,
    EvaluationsController,
  ],
  providers: [
    PrincipalsService,
    RoundsService,
    CandidatesService,
    ReportService,
    JourneysService,
    HistoryService,
    EvaluationsService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
})
export class AppModule {}
