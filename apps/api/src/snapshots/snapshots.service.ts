import { Inject, Injectable } from '@nestjs/common';
import { NATIONAL_DIVISION, NotFoundError, divisionCovers } from '@uplift/domain';
import { type PrincipalEntity, REPORT_SNAPSHOTS, type ReportSnapshots } from '@uplift/persistence';
import { YearReportService } from '../reports/year-report.service';
import { ReportService } from '../rounds/report.service';
import { RoundsService } from '../rounds/rounds.service';
import type { CreateSnapshot } from './snapshots.dto';

/**
 * Frozen reports: the report as the caller would get it now, stored with its query and time, never
 * changed after. A regulator sees the snapshots inside its division; an admin every one.
 */
@Injectable()
export class SnapshotsService {
  constructor(
    @Inject(REPORT_SNAPSHOTS) private readonly snapshots: ReportSnapshots,
    private readonly rounds: RoundsService,
    private readonly roundReports: ReportService,
    private readonly years: YearReportService,
  ) {}

  /** The division a principal's snapshots lie within; null: all. */
  private within(p: PrincipalEntity): string | null {
    return p.role === 'admin' ? null : (p.regionCode ?? '-');
  }

  async create(p: PrincipalEntity, query: CreateSnapshot) {
    if ('roundId' in query) {
      const round = await this.rounds.findVisible(p, query.roundId);
      const report = await this.roundReports.report(p, round);
      const own = this.within(p) ?? NATIONAL_DIVISION;
      // The figures cover the round's region as far as the caller's scope reaches.
      const regionCode = divisionCovers(own, round.regionCode) ? round.regionCode : own;
      return this.snapshots.create({
        createdBy: p.id,
        regionCode,
        query: { roundId: round.id },
        report,
      });
    }
    const report = await this.years.report(p, query.year, query.regionCode);
    return this.snapshots.create({
      createdBy: p.id,
      regionCode: report.regionCode,
      query: { year: report.year, regionCode: report.regionCode },
      report,
    });
  }

  list(p: PrincipalEntity, limit: number) {
    return this.snapshots.list(this.within(p), limit);
  }

  async find(p: PrincipalEntity, id: string) {
    const snapshot = await this.snapshots.find(id);
    const within = this.within(p);
    if (!snapshot || (within !== null && !divisionCovers(within, snapshot.regionCode)))
      throw new NotFoundError('snapshot');
    return snapshot;
  }
}
