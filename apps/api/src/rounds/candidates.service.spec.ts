import { ConflictError, journeyId } from '@uplift/domain';
import type { JourneyClient } from '@uplift/temporal';
import {
  enterpriseOf,
  FakeJourneyRepository,
  FakeRoundRepository,
  principal,
} from '../testing/fake-repositories';
import { CandidatesService } from './candidates.service';

describe('CandidatesService', () => {
  let journeys: FakeJourneyRepository;
  let launches: string[];
  let service: CandidatesService;
  const rounds = new FakeRoundRepository();
  const round = rounds.add({ regionCode: '330000' });
  const admin = principal({});

  beforeEach(() => {
    journeys = new FakeJourneyRepository();
    launches = [];
    const workflows = {
      requestLaunch: async (roundId: string) => {
        launches.push(roundId);
      },
    } as unknown as JourneyClient;
    service = new CandidatesService(journeys, workflows);
  });

  const options = { principal: admin, acceptInvalidCheckCharacter: false };

  it('stores every valid row under its journey id in one guarded write, then asks for the launch', async () => {
    const a = enterpriseOf('330106', 1);
    const b = enterpriseOf('330206', 2);
    const result = await service.import(round, [a, b, a], options);
    expect(result).toMatchObject({ accepted: 2, duplicates: 1, rejectedRows: 0, rows: 3 });
    expect(journeys.callsTo('whileRoundOpen')).toEqual([[round.id]]);
    expect(journeys.callsTo('insertNewIds')).toEqual([
      [
        [
          { id: journeyId(round.id, a.uscc), roundId: round.id, enterprise: a },
          { id: journeyId(round.id, b.uscc), roundId: round.id, enterprise: b },
        ],
      ],
    ]);
    expect(launches).toEqual([round.id]);
  });

  it('counts a USCC the round already has as a duplicate, and launches nothing when nothing is new', async () => {
    const a = enterpriseOf('330106', 1);
    await service.import(round, [a], options);
    launches = [];
    expect(await service.import(round, [a], options)).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(launches).toEqual([]);
  });

  it("rejects a row outside the round's region, and one outside a regulator's own division", async () => {
    const outside = enterpriseOf('320506', 3);
    const ningbo = enterpriseOf('330206', 4);
    const hangzhou = principal({ role: 'regulator', regionCode: '330100' });
    const result = await service.import(round, [outside, ningbo], { ...options, principal: hangzhou });
    expect(result.accepted).toBe(0);
    expect(result.rejected).toEqual([
      {
        row: 1,
        field: 'regionCode',
        code: 'division.outside_round',
        message: "is outside the round's region 330000",
      },
      {
        row: 2,
        field: 'regionCode',
        code: 'division.outside_scope',
        message: 'is outside your division 330100',
      },
    ]);
    // In Chinese when the request asks for it, by the same codes.
    const zh = await service.import(round, [outside, ningbo], {
      ...options,
      principal: hangzhou,
      locale: 'zh-CN',
    });
    expect(zh.rejected).toEqual([
      { row: 1, field: 'regionCode', code: 'division.outside_round', message: '不在本轮次的区域 330000 内' },
      { row: 2, field: 'regionCode', code: 'division.outside_scope', message: '不在您所辖的区域 330100 内' },
    ]);
    expect(journeys.callsTo('insertNewIds')).toEqual([]);
  });

  it('stores nothing in a round closed since the import began', async () => {
    journeys.roundStatus.set(round.id, 'closed');
    await expect(service.import(round, [enterpriseOf('330106', 5)], options)).rejects.toThrow(ConflictError);
    expect(journeys.rows).toEqual([]);
    expect(launches).toEqual([]);
  });

  it('answers accepted rows as accepted when the launch cannot be asked for yet', async () => {
    service = new CandidatesService(journeys, {
      requestLaunch: async () => {
        throw new Error('Temporal unreachable');
      },
    } as unknown as JourneyClient);
    expect(await service.import(round, [enterpriseOf('330106', 6)], options)).toMatchObject({ accepted: 1 });
  });

  it('sweeps: asks for the launch of every round the repository finds waiting', async () => {
    journeys.awaitingLaunch = ['r-1', 'r-2'];
    await service.sweepLaunches();
    expect(launches).toEqual(['r-1', 'r-2']);
    expect(journeys.callsTo('roundsAwaitingLaunch')).toEqual([[100]]);
  });
});
