import type { DataSource } from 'typeorm';
import { divisionPrefix } from '@uplift/domain';

/** A frozen report: when, by whom, the division its figures were computed within, its query and its figures. */
export interface ReportSnapshot {
  id: string;
  asOf: Date;
  createdBy: string;
  /** The division the figures cover as the caller saw them: their scope, narrowed by the query. */
  regionCode: string;
  query: Record<string, string | number>;
  report: Record<string, unknown>;
}

export type NewReportSnapshot = Omit<ReportSnapshot, 'id' | 'asOf'>;

const SELECT = `id, as_of AS "asOf", created_by AS "createdBy", region_code AS "regionCode", query`;

/** Frozen reports, written once (the table refuses changes), read within a division. */
export class ReportSnapshots {
  constructor(private readonly db: DataSource) {}

  async create(s: NewReportSnapshot): Promise<ReportSnapshot> {
    const [row] = (await this.db.query(
      `INSERT INTO report_snapshots (created_by, region_code, query, report) VALUES ($1, $2, $3, $4)
       RETURNING ${SELECT}, report`,
      [s.createdBy, s.regionCode, JSON.stringify(s.query), JSON.stringify(s.report)],
    )) as ReportSnapshot[];
    return row;
  }

  /** Newest first, those inside `within` (every one when null), without their figures. */
  async list(within: string | null, limit: number): Promise<Omit<ReportSnapshot, 'report'>[]> {
    const params: unknown[] = [limit];
    const where = within === null ? '' : `WHERE region_code LIKE $2`;
    if (within !== null) params.push(`${divisionPrefix(within)}%`);
    return (await this.db.query(
      `SELECT ${SELECT} FROM report_snapshots ${where} ORDER BY as_of DESC, id LIMIT $1`,
      params,
    )) as Omit<ReportSnapshot, 'report'>[];
  }

  async find(id: string): Promise<ReportSnapshot | null> {
    const [row] = (await this.db.query(`SELECT ${SELECT}, report FROM report_snapshots WHERE id = $1`, [
      id,
    ])) as ReportSnapshot[];
    return row ?? null;
  }
}
