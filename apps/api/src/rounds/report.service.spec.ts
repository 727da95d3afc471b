import { parse } from 'csv-parse/sync';
import { STAGES } from '@uplift/domain';
import type { ReportCells } from '@uplift/persistence';
import {
  FakeCertificationBodyRepository,
  FakeJourneyRepository,
  FakeRoundRepository,
  principal,
} from '../testing/fake-repositories';
import { ReportService } from './report.service';

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
    expect(journeys.callsTo('reportGroups').map(([, scope, digits]) => [scope, digits])).toEqual([
      [{ kind: 'body', certificationBodyId: BODY }, 4],
      [{ kind: 'all' }, 2],
      [{ kind: 'all' }, 6],
    ]);
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

  it('writes the CSV with the columns of the read model’s report counts, a row per group', async () => {
    const csv = service.toCsv(await service.report(principal({}), province));
    const [header, ...rows] = parse(csv.replace(/^\uFEFF/, '')) as string[][];
    expect(header).toEqual([
      'dimension',
      'key',
      'label',
      'journeys',
      ...STAGES,
      'stalled',
      'assisted',
      'certified',
      'not_certified',
      'declined',
      'evaluated',
      'certified_share',
      'satisfaction_rate',
      'effectiveness_rate',
      ...['revenue', 'sales', 'profitMargin', 'qualityCostRate', 'firstPassYield'].flatMap((m) => [
        `${m}_change`,
        `${m}_change_pct`,
      ]),
    ]);
    const total = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
    expect(total).toMatchObject({
      dimension: 'total',
      label: '浙江 2026',
      journeys: '4',
      certified: '1',
      revenue_change: '35',
    });
    expect(rows.map((r) => r[0])).toEqual([
      'total',
      'region',
      'region',
      'industry',
      'industry',
      'certification_body',
      'certification_body',
    ]);
  });
});
