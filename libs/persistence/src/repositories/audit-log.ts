import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
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
}

export interface AuditFilter {
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

  /** Newest first. */
  async search(f: AuditFilter): Promise<AuditEntryEntity[]> {
    const qb = this.repo.createQueryBuilder('a').orderBy('a.id', 'DESC').limit(f.limit);
    if (f.principalId) qb.andWhere('a.principal_id = :principalId', { principalId: f.principalId });
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
