import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type UpliftConfig, CONFIG, ConfigModule } from '@uplift/config';
import { PersistenceModule, IdempotencyStore } from '@uplift/persistence';
import { TemporalModule } from '@uplift/temporal';
import { AuditController } from './audit/audit.controller';
import { CodecModule } from './codec/codec.module';
import { CertificationBodiesController } from './certification-bodies/certification-bodies.controller';
import { AuthGuard } from './common/auth.guard';
import { AuditTargetInterceptor } from './common/audit';
import { ErrorFilter } from './common/error.filter';
import { EvaluationsController } from './evaluations/evaluations.controller';
import { EvaluationsService } from './evaluations/evaluations.service';
import { IDEMPOTENCY_STORAGE, IdempotencyInterceptor } from './common/idempotency.interceptor';
import { HealthController } from './health/health.controller';
import { HistoryService } from './journeys/history.service';
import { JourneysController } from './journeys/journeys.controller';
import { JourneysService } from './journeys/journeys.service';
import { CampaignMetricsInterceptor } from './metrics/campaign-metrics.interceptor';
import { MetricsModule } from './metrics/metrics.module';
import { PrincipalsController } from './principals/principals.controller';
import { PrincipalsService } from './principals/principals.service';
import { CandidatesService } from './rounds/candidates.service';
import { RoundsController } from './rounds/rounds.controller';
import { ReportService } from './rounds/report.service';
import { RoundsService } from './rounds/rounds.service';

@Module({
  imports: [ConfigModule, PersistenceModule, TemporalModule, MetricsModule, CodecModule],
  controllers: [
    HealthController,
    PrincipalsController,
    CertificationBodiesController,
    RoundsController,
    JourneysController,
    EvaluationsController,
    AuditController,
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
    {
      provide: IDEMPOTENCY_STORAGE,
      inject: [getDataSourceToken(), CONFIG],
      useFactory: (dataSource: DataSource, config: UpliftConfig) =>
        new IdempotencyStore(dataSource, config.IDEMPOTENCY_RETENTION_HOURS * 3_600_000),
    },
    // Outermost first: the audit notes the id the (possibly replayed) answer carries.
    { provide: APP_INTERCEPTOR, useClass: AuditTargetInterceptor },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    // Innermost: counts what a handler did, so a replayed answer is not counted again.
    { provide: APP_INTERCEPTOR, useClass: CampaignMetricsInterceptor },
  ],
})
export class AppModule {}
