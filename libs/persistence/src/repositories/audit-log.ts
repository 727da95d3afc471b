import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Role } from '@uplift/domain';
import { AuditEntryEntity, type AuditOutcome } from '../entities/audit-entry.entity';

export interface AuditRecord {
  principalId: string | null;
  requestId: string;
  /** The client's `X-Request-Id`, when it sent one. */
  clientRequestId: string | null;
  method: string;
  route: string;
  targetId: string | null;
  statusCode: number;
  ip: string | null;
  details: Record<string, unknown> | null;
  /** What an account route did (`sign_in`, `account_locked`, ...); absent for other calls. */
  action?: string | null;
}

export interface AuditFilter {
  action?: string;
  principalId?: string;
  method?: string;
  route?: string;
  targetId?: string;
  outcome?: AuditOutcome;
  statusCode?: number;
  from?: Date;
  to?: Date;
  /** Entries older than this id (the previous page's last). */
  before?: string;
  limit: number;
}

/** A step someone asked of a journey and was refused, with who asked, as the audit log recorded it. */
export interface RefusedStep {
  at: Date;
  route: string;
  statusCode: number;
  principalId: string | null;
  role: Role;
  name: string;
  regionCode: string | null;
  certificationBodyId: string | null;
}

export function outcomeOf(statusCode: number): AuditOutcome {
  if (statusCode >= 500) return 'failed';
  if (statusCode >= 400) return 'refused';
  return 'succeeded';
}

/** The audit log: appended to by the API on every state-changing call, read by admins. */
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(AuditEntryEntity);
  }

  async record(entry: AuditRecord): Promise<void> {
    await this.repo.insert({
      ...entry,
      outcome: outcomeOf(entry.statusCode),
    } as QueryDeepPartialEntity<AuditEntryEntity>);
  }

  /**
   * The journey's step calls answered 400, 403 or 409, oldest first: a validator's refusal leaves no
   * trace in the workflow's history, so the audit log is where a journey's refused steps are kept.
   */
  async refusedSteps(journeyId: string): Promise<RefusedStep[]> {
    return (await this.dataSource.query(
      `SELECT a.at, a.route, a.status_code AS "statusCode", a.principal_id AS "principalId", p.role, p.name,
              p.region_code AS "regionCode", p.certification_body_id AS "certificationBodyId"
         FROM audit_log a JOIN principals p ON p.id = a.principal_id
        WHERE a.target_id = $1 AND a.method = 'POST' AND a.route LIKE '/v1/journeys/%' AND a.status_code IN (400, 403, 409)
        ORDER BY a.at`,
      [journeyId],
    )) as RefusedStep[];
  }

  /** Newest first. */
  async search(f: AuditFilter): Promise<AuditEntryEntity[]> {
    const qb = this.repo.createQueryBuilder('a').orderBy('a.id', 'DESC').limit(f.limit);
    if (f.principalId) qb.andWhere('a.principal_id = :principalId', { principalId: f.principalId });
    if (f.action) qb.andWhere('a.action = :action', { action: f.action });
    if (f.method) qb.andWhere('a.method = :method', { method: f.method });
    if (f.route) qb.andWhere('a.route = :route', { route: f.route });
    if (f.targetId) qb.andWhere('a.target_id = :targetId', { targetId: f.targetId });
    if (f.outcome) qb.andWhere('a.outcome = :outcome', { outcome: f.outcome });
    if (f.statusCode) qb.andWhere('a.status_code = :statusCode', { statusCode: f.statusCode });
    if (f.from) qb.andWhere('a.at >= :from', { from: f.from });
    if (f.to) qb.andWhere('a.at < :to', { to: f.to });
    if (f.before) qb.andWhere('a.id < :before', { before: f.before });
    return qb.getMany();
  }
}
