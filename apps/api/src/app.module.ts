import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type UpliftConfig, CONFIG, ConfigModule } from '@uplift/config';
import { PersistenceModule, IdempotencyStore } from '@uplift/persistence';
import { TemporalModule } from '@uplift/temporal';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { BatchesModule } from './batches/batches.module';
import { CertificationBodiesModule } from './certification-bodies/certification-bodies.module';
import { CodecModule } from './codec/codec.module';
import { AuthGuard } from './common/auth.guard';
import { AuditTargetInterceptor } from './common/audit';
import { ErrorFilter } from './common/error.filter';
import { IDEMPOTENCY_STORAGE, IdempotencyInterceptor } from './common/idempotency.interceptor';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { HealthModule } from './health/health.module';
import { JourneysModule } from './journeys/journeys.module';
import { CampaignMetricsInterceptor } from './metrics/campaign-metrics.interceptor';
import { MetricsModule } from './metrics/metrics.module';
import { PrincipalsModule } from './principals/principals.module';
import { ReportsModule } from './reports/reports.module';
import { RoundsModule } from './rounds/rounds.module';
import { SnapshotsModule } from './snapshots/snapshots.module';
import { StuckWorkModule } from './stuck-work/stuck-work.module';

/**
 * The features, and what applies to every route: the guard (PrincipalsModule provides its lookup),
 * the error filter and the interceptors. The features are listed in the order their routes are
 * registered and documented.
 */
@Module({
  imports: [
    ConfigModule,
    PersistenceModule,
    TemporalModule,
    HealthModule,
    PrincipalsModule,
    AccountsModule,
    CertificationBodiesModule,
    RoundsModule,
    ReportsModule,
    SnapshotsModule,
    JourneysModule,
    BatchesModule,
    EvaluationsModule,
    AuditModule,
    MetricsModule,
    CodecModule,
    StuckWorkModule,
  ],
  providers: [
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
