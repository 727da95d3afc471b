import { Inject, Injectable } from '@nestjs/common';
import { NATIONAL_DIVISION, NotFoundError, divisionCovers, divisionFullName } from '@uplift/domain';
import {
  CERTIFICATION_BODY_REPOSITORY,
  type CertificationBodyRepository,
  type PrincipalEntity,
  ROUND_REPOSITORY,
  type RoundRepository,
} from '@uplift/persistence';
import { journeyScopeOf } from '../common/scope';
import { waveMonths, yearWaveMonths } from './regulator-report';
import { RegulatorReports } from './regulator-reports.service';

/**
 * A campaign year's report across rounds, as the regulator publishes one: every round opened in the
 * year (Beijing time), the journeys inside the division asked for. A regulator reports on its own
 * division or one inside it; an admin on any, the nation by default.
 */
@Injectable()
export class YearReportService {
  constructor(
    @Inject(ROUND_REPOSITORY) private readonly rounds: RoundRepository,
    @Inject(CERTIFICATION_BODY_REPOSITORY) private readonly bodies: CertificationBodyRepository,
    private readonly regulator: RegulatorReports,
  ) {}

  /** The division the report covers, or NotFoundError when it lies outside the caller's. */
  regionOf(p: PrincipalEntity, asked: string | undefined): string {
    const own = p.role === 'regulator' ? (p.regionCode ?? '-') : NATIONAL_DIVISION;
    const region = asked ?? own;
    if (p.role === 'regulator' && !divisionCovers(own, region)) throw new NotFoundError('region');
    return region;
  }

  async report(p: PrincipalEntity, year: number, regionCode: string | undefined) {
    const region = this.regionOf(p, regionCode);
    const groups = await this.regulator.groups({ year }, journeyScopeOf(p), region);
    const roundIds = [...new Set(groups.journeys.map((g) => g.roundId))];
    const ids = [...new Set(groups.journeys.map((g) => g.certificationBodyId))].filter(
      (k): k is string => k !== null,
    );
    const [bodies, rounds] = await Promise.all([
      this.bodies.findMany(ids),
      Promise.all(roundIds.map((id) => this.rounds.find(id))),
    ]);
    return {
      year,
      regionCode: region,
      regionName: divisionFullName(region),
      generatedAt: new Date().toISOString(),
      rounds: roundIds.length,
      ...this.regulator.figures(groups, {
        regionCode: region,
        waveMonths: yearWaveMonths(
          rounds.flatMap((r) => (r ? [waveMonths(r.settings.evaluationOffsets)] : [])),
        ),
        bodies: new Map(bodies.map((b) => [b.id, b])),
      }),
    };
  }

  title(report: { year: number; regionName: string | null }): string {
    return `${report.year}年${report.regionName ?? ''}提升行动报告`;
  }
}
