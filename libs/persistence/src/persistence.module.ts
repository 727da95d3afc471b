import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import { dataSourceOptions, ENTITIES, runMigrations } from './data-source';
import { SqlAccountRepository } from './repositories/accounts';
import { SqlActivityFailureLog } from './repositories/activity-failures';
import { AuditLog } from './repositories/audit-log';
import { SqlBatchRepository } from './repositories/batches';
import { TypeOrmEmailLog } from './repositories/email-log';
import { TypeOrmCertificationBodyRepository } from './repositories/certification-bodies';
import { SqlDatabaseProbe } from './repositories/database-probe';
import { EvaluationLinks } from './repositories/evaluation-links';
import { SqlJourneyRepository } from './repositories/journeys';
import { TypeOrmPrincipalRepository } from './repositories/principals';
import { TypeOrmRoundRepository } from './repositories/rounds';
import { ReportSnapshots } from './repositories/report-snapshots';

/** Injection tokens of the repositories services depend on (interfaces, so tests pass fakes). */
export const JOURNEY_REPOSITORY = Symbol('JourneyRepository');
export const ROUND_REPOSITORY = Symbol('RoundRepository');
export const CERTIFICATION_BODY_REPOSITORY = Symbol('CertificationBodyRepository');
export const PRINCIPAL_REPOSITORY = Symbol('PrincipalRepository');
export const AUDIT_LOG = Symbol('AuditLog');
export const EVALUATION_LINKS = Symbol('EvaluationLinks');
export const DATABASE_PROBE = Symbol('DatabaseProbe');
/** People's passwords, one-time tokens and sessions. */
export const ACCOUNT_REPOSITORY = Symbol('AccountRepository');
/** The record of every email (the API's own emails: invitations, password resets). */
export const EMAIL_LOG = Symbol('EmailLog');
/** Activities Temporal keeps retrying (stuck work), and the skips admins asked for. */
export const ACTIVITY_FAILURE_LOG = Symbol('ActivityFailureLog');
/** Bulk actions run in the background, and each journey's outcome. */
export const BATCH_REPOSITORY = Symbol('BatchRepository');
/** Frozen reports, never changed. */
export const REPORT_SNAPSHOTS = Symbol('ReportSnapshots');

const repositories = [
  {
    provide: JOURNEY_REPOSITORY,
    inject: [DataSource],
    useFactory: (d: DataSource) => new SqlJourneyRepository(d),
  },
  {
    provide: ROUND_REPOSITORY,
    inject: [DataSource],
    useFactory: (d: DataSource) => new TypeOrmRoundRepository(d),
  },
  {
    provide: CERTIFICATION_BODY_REPOSITORY,
    inject: [DataSource],
    useFactory: (d: DataSource) => new TypeOrmCertificationBodyRepository(d),
  },
  {
    provide: PRINCIPAL_REPOSITORY,
    inject: [DataSource],
    useFactory: (d: DataSource) => new TypeOrmPrincipalRepository(d),
  },
  {
    provide: AUDIT_LOG,
    inject: [DataSource],
    useFactory: (d: DataSource) => new AuditLog(d),
  },
  {
    provide: EVALUATION_LINKS,
    inject: [DataSource],
    useFactory: (d: DataSource) => new EvaluationLinks(d),
  },
  {
    provide: DATABASE_PROBE,
    inject: [DataSource],
    useFactory: (d: DataSource) => new SqlDatabaseProbe(d),
  },
  {
    provide: ACCOUNT_REPOSITORY,
    inject: [DataSource],
    useFactory: (d: DataSource) => new SqlAccountRepository(d),
  },
  {
    provide: EMAIL_LOG,
    inject: [DataSource],
    useFactory: (d: DataSource) => new TypeOrmEmailLog(d),
  },
  {
    provide: ACTIVITY_FAILURE_LOG,
    inject: [DataSource],
    useFactory: (d: DataSource) => new SqlActivityFailureLog(d),
  },
  {
    provide: BATCH_REPOSITORY,
    inject: [DataSource],
    useFactory: (d: DataSource) => new SqlBatchRepository(d),
  },
  {
    provide: REPORT_SNAPSHOTS,
    inject: [DataSource],
    useFactory: (d: DataSource) => new ReportSnapshots(d),
  },
];

/** The database connection; pending migrations are applied before anything uses it. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: UpliftConfig) => dataSourceOptions(config.DATABASE_URL),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: repositories,
  exports: [TypeOrmModule, ...repositories.map((r) => r.provide)],
})
export class PersistenceModule {}
