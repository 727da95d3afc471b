import type { ReportCells } from '@uplift/persistence';
import {
  FakeCertificationBodyRepository,
  FakeJourneyRepository,
  FakeRoundRepository,
  principal,
} from '../testing/fake-repositories';
import { ReportService } from './report.service';
import { RegulatorReports } from '../reports/regulator-reports.service';

const BODY = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c01';

/** One fine group as the repository answers it: keys, counts, and revenue's change as sums and counts. */
function cells(region: string, industry: string, body: string | null, over: ReportCells = {}): ReportCells {
  return { region, industry, body, journeys: 0, ...over };
}

describe('ReportService', () => {
  let journeys: FakeJourneyRepository;
  let service: ReportService;
  const rounds = new FakeRoundRepository();
  const province = rounds.add({ regionCode: '330000', name: '浙江 2026' });

  beforeEach(() => {
    journeys = new FakeJourneyRepository();
    service = new ReportService(
      journeys,
      new FakeCertificationBodyRepository([{ id: BODY, code: 'CNCA-R-1', name: '认证机构' }]),
      new RegulatorReports(journeys),
    );
    journeys.groups = [
      cells('330100', 'C', BODY, {
        journeys: 2,
        screening: 1,
        follow_up: 1,
        assisted: 2,
        certified: 1,
        not_certified: 1,
        evaluated: 2,
        satisfied: 1,
        very_obvious: 1,
        fairly_obvious: 1,
        revenue_n: 2,
        revenue_sum: 70,
        revenue_pct_n: 2,
        revenue_pct_sum: 5,
      }),
      cells('330100', 'F', null, { journeys: 1, screening: 1, stalled: 1 }),
      cells('330200', 'C', BODY, { journeys: 1, follow_up: 1, assisted: 1, declined: 1 }),
    ];
  });

  it('asks for the groups within the caller’s scope, one region level below the round', async () => {
    await service.report(principal({ role: 'certification_body', certificationBodyId: BODY }), province);
    await service.report(principal({}), rounds.add({ regionCode: '000000' }));
    await service.report(principal({}), rounds.add({ regionCode: '330100' }));
    expect(
      journeys.callsTo('reportGroups').map(([, scope, region, digits]) => [scope, region, digits]),
    ).toEqual([
      [{ kind: 'body', certificationBodyId: BODY }, null, 4],
      [{ kind: 'all' }, null, 2],
      [{ kind: 'all' }, null, 6],
    ]);
  });

  it('narrows to a division inside the round, one level below it, and refuses one outside', async () => {
    await service.report(principal({}), province, '330100');
    await service.report(principal({}), province, '330106');
    expect(journeys.callsTo('reportGroups').map(([, , region, digits]) => [region, digits])).toEqual([
      ['330100', 6],
      ['330106', 6],
    ]);
    await expect(service.report(principal({}), province, '320000')).rejects.toMatchObject({
      details: [expect.objectContaining({ field: 'regionCode', code: 'division.outside_round' })],
    });
  });

  it('sums the fine groups into the total and each breakdown, averages from sums, rates from counts', async () => {
    const report = await service.report(principal({}), province);
    expect(report.totals).toMatchObject({
      journeys: 4,
      stages: { screening: 2, follow_up: 2, diagnosis: 0 },
      stalled: 1,
      assisted: 3,
      outcomes: { certified: 1, not_certified: 1, declined: 1 },
      evaluated: 2,
      satisfaction: { satisfied: 1, fairly_satisfied: 0 },
      effectiveness: { very_obvious: 1, fairly_obvious: 1 },
      certifiedShare: 0.3333,
      satisfactionRate: 0.5,
      effectivenessRate: 1,
    });
    expect(report.totals.metricChanges.revenue).toEqual({
      journeys: 2,
      averageChange: 35,
      averageChangePercent: 2.5,
    });
    expect(report.totals.metricChanges.sales).toEqual({
      journeys: 0,
      averageChange: null,
      averageChangePercent: null,
    });
    expect(report.byRegion.map((g) => [g.regionCode, g.journeys])).toEqual([
      ['330100', 3],
      ['330200', 1],
    ]);
    expect(report.byIndustry.map((g) => [g.industrySection, g.journeys])).toEqual([
      ['C', 3],
      ['F', 1],
    ]);
    expect(
      report.byCertificationBody.map((g) => [g.certificationBodyId, g.code, g.name, g.journeys]),
    ).toEqual([
      [BODY, 'CNCA-R-1', '认证机构', 3],
      [null, null, null, 1],
    ]);
  });

  it('answers zeros for a round with no journey in scope', async () => {
    journeys.groups = [];
    const report = await service.report(principal({}), province);
    expect(report.totals).toMatchObject({ journeys: 0, assisted: 0, certifiedShare: null });
    expect(report.byRegion).toEqual([]);
  });
});
