import { InvalidInputError, type Stage } from '@uplift/domain';
import type { ReportCells } from '@uplift/persistence';
import {
  FakeCertificationBodyRepository,
  FakeJourneyRepository,
  FakeRoundRepository,
  principal,
} from '../testing/fake-repositories';
import { DashboardService, funnelOf, figuresOf, regionLevel, shapeDashboard } from './dashboard.service';

const BODY = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c01';

function cells(region: string, industry: string, body: string | null, over: ReportCells = {}): ReportCells {
  return { region, industry, body, journeys: 0, ...over };
}

const ROWS = [
  cells('330100', 'C', BODY, {
    journeys: 3,
    screening: 1,
    follow_up: 1,
    withdrawn: 1,
    stalled: 1,
    stalled_certification_body: 1,
    assisted: 2,
    certified: 1,
    evaluated: 2,
    evaluations: 3,
    satisfied: 1,
    fairly_satisfied: 1,
    very_obvious: 1,
  }),
  cells('330100', '?', null, { journeys: 1, screening: 1, stalled: 1, stalled_regulator: 1 }),
  cells('330200', 'C', BODY, { journeys: 2, certification: 1, completed: 1, assisted: 2, certified: 1 }),
];

describe('dashboard shaping', () => {
  it('sums the fine groups into totals whose rates are the report’s', () => {
    const level = regionLevel('330000', undefined);
    const d = shapeDashboard(ROWS, level);
    expect(d.totals).toMatchObject({
      journeys: 6,
      stalled: 2,
      assisted: 4,
      certified: 2,
      certifiedShare: 0.5,
      evaluated: 2,
      evaluationsAnswered: 3,
      satisfactionRate: 1,
      effectivenessRate: 0.5,
    });
    expect(d.stalled).toEqual({
      journeys: 2,
      byActor: [
        { actor: 'regulator', journeys: 1 },
        { actor: 'certification_body', journeys: 1 },
        { actor: 'enterprise', journeys: 0 },
      ],
    });
  });

  it('breaks down by region with names, by industry section (unknown last) and by body (unassigned last)', () => {
    const d = shapeDashboard(ROWS, regionLevel('330000', undefined));
    expect(d.region.rows.map((r) => [r.code, r.name, r.drillable, r.journeys, r.stalled])).toEqual([
      ['330100', '杭州市', true, 4, 2],
      ['330200', '宁波市', true, 2, 0],
    ]);
    expect(d.industries.map((r) => [r.code, r.journeys])).toEqual([
      ['C', 5],
      [null, 1],
    ]);
    expect(d.bodies.map((r) => [r.certificationBodyId, r.journeys, r.certifiedShare])).toEqual([
      [BODY, 5, 0.5],
      [null, 1, null],
    ]);
  });

  it('counts the funnel in the campaign’s order, reached being at this stage or further along', () => {
    const stages = {
      screening: 2,
      diagnosis: 0,
      assistance: 0,
      certification: 1,
      follow_up: 1,
      completed: 1,
    };
    const f = funnelOf(figuresOf({ journeys: 6, withdrawn: 1, ...stages }));
    expect(f.map((s) => [s.stage, s.journeys, s.reached])).toEqual([
      ['screening', 2, 6],
      ['diagnosis', 0, 3],
      ['assistance', 0, 3],
      ['certification', 1, 3],
      ['follow_up', 1, 2],
      ['completed', 1, 1],
      ['rejected', 0, null],
      ['withdrawn', 1, null],
      ['cancelled', 0, null],
    ] satisfies [Stage, number, number | null][]);
  });

  it('drills from the round’s region down to a county, with the path back up', () => {
    expect(regionLevel('000000', undefined)).toMatchObject({
      code: '000000',
      rowDigits: 2,
      path: [{ code: '000000', name: '全国' }],
    });
    expect(regionLevel('000000', '330100')).toMatchObject({
      rowDigits: 6,
      path: [
        { code: '000000', name: '全国' },
        { code: '330000', name: '浙江省' },
        { code: '330100', name: '杭州市' },
      ],
    });
    expect(regionLevel('330000', '330106')).toMatchObject({
      name: '西湖区',
      rowDigits: 6,
      path: [
        { code: '330000', name: '浙江省' },
        { code: '330100', name: '杭州市' },
        { code: '330106', name: '西湖区' },
      ],
    });
    const county = shapeDashboard(
      [cells('330106', 'C', null, { journeys: 1 })],
      regionLevel('330000', '330106'),
    );
    expect(county.region.rows[0].drillable).toBe(false);
  });

  it('refuses a region outside the round’s, naming the field', () => {
    expect(() => regionLevel('330000', '320100')).toThrow(InvalidInputError);
    try {
      regionLevel('330000', '320100');
    } catch (e) {
      expect((e as InvalidInputError).details).toEqual([
        expect.objectContaining({ field: 'regionCode', code: 'division.outside_round' }),
      ]);
    }
  });

  it('asks within the caller’s scope, narrowed only below the round’s region, and names bodies', async () => {
    const journeys = new FakeJourneyRepository();
    journeys.groups = ROWS;
    const service = new DashboardService(
      journeys,
      new FakeCertificationBodyRepository([{ id: BODY, code: 'CNCA-R-1', name: '认证机构甲' }]),
    );
    const round = new FakeRoundRepository().add({ regionCode: '330000' });
    const d = await service.dashboard(
      principal({ role: 'certification_body', certificationBodyId: BODY }),
      round,
    );
    await service.dashboard(principal({}), round, '330100');
    expect(
      journeys.callsTo('dashboardGroups').map(([, scope, code, digits]) => [scope, code, digits]),
    ).toEqual([
      [{ kind: 'body', certificationBodyId: BODY }, null, 4],
      [{ kind: 'all' }, '330100', 6],
    ]);
    expect(d.bodies[0]).toMatchObject({ code: 'CNCA-R-1', name: '认证机构甲' });
    expect(d.bodies[1]).toMatchObject({ certificationBodyId: null, code: null, name: null });
  });
});
