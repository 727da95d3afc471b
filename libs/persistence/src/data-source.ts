import { DataSource, type DataSourceOptions } from 'typeorm';
import { ActivityFailureEntity } from './entities/activity-failure.entity';
import { AuditEntryEntity } from './entities/audit-entry.entity';
import { CertificationBodyEntity } from './entities/certification-body.entity';
import { EmailEntity } from './entities/email.entity';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { JourneyEntity } from './entities/journey.entity';
import { PrincipalEntity } from './entities/principal.entity';
import { RoundEntity } from './entities/round.entity';
import { EvaluationLinkEntity } from './entities/evaluation-link.entity';
import { InitialSchema1763848800000 } from './migrations/1763848800000-initial-schema';
import { EvaluationLinks1763950000000 } from './migrations/1763950000000-evaluation-links';
import { ReportColumns1763960000000 } from './migrations/1763960000000-report-columns';
import { AccessAndAudit1763900000000 } from './migrations/1763900000000-access-and-audit';
import { IdempotencyHeartbeat1763970000000 } from './migrations/1763970000000-idempotency-heartbeat';
import { EmailFailure1764200000000 } from './migrations/1764200000000-email-failure';
import { RoundCloseAndAuditRequest1764300000000 } from './migrations/1764300000000-round-close-and-audit-request';
import { Accounts1764400000000 } from './migrations/1764400000000-accounts';
import { JourneyDue1764410000000 } from './migrations/1764410000000-journey-due';
import { ActivityFailures1764560000000 } from './migrations/1764560000000-activity-failures';
import { Batches1764600000000 } from './migrations/1764600000000-batches';
import { JourneyEscalatedAt1764610000000 } from './migrations/1764610000000-journey-escalated-at';
import { NotificationDelivery1764720000000 } from './migrations/1764720000000-notification-delivery';
import { RoundPausedAt1764730000000 } from './migrations/1764730000000-round-paused-at';
import { JourneySurvey1764750000000 } from './migrations/1764750000000-journey-survey';
import { ReportSnapshots1764760000000 } from './migrations/1764760000000-report-snapshots';
import { JourneyAnswers1764770000000 } from './migrations/1764770000000-journey-answers';

export const ENTITIES = [
  CertificationBodyEntity,
  PrincipalEntity,
  RoundEntity,
  JourneyEntity,
  EmailEntity,
  EvaluationLinkEntity,
  IdempotencyKeyEntity,
  AuditEntryEntity,
  ActivityFailureEntity,
];
export const MIGRATIONS = [
  InitialSchema1763848800000,
  AccessAndAudit1763900000000,
  EvaluationLinks1763950000000,
  ReportColumns1763960000000,
  IdempotencyHeartbeat1763970000000,
  EmailFailure1764200000000,
  RoundCloseAndAuditRequest1764300000000,
  Accounts1764400000000,
  JourneyDue1764410000000,
  ActivityFailures1764560000000,
  Batches1764600000000,
  JourneyEscalatedAt1764610000000,
  NotificationDelivery1764720000000,
  RoundPausedAt1764730000000,
  JourneySurvey1764750000000,
  ReportSnapshots1764760000000,
  JourneyAnswers1764770000000,
];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'uplift_migrations',
    // Schema changes go through migrations only, run under a lock by runMigrations().
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize },
  };
}

/** An arbitrary constant: the advisory lock that serialises migrations across API and workers. */
const MIGRATION_LOCK = 0x75706c66;

/** Applies pending migrations; several processes starting together wait for each other. */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
