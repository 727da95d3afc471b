import type { Client } from '@temporalio/client';
import type { UpliftConfig } from '@uplift/config';
import { ConflictError, InvalidInputError, NotFoundError, resolveRoundSettings } from '@uplift/domain';
import {
  enterpriseOf,
  FakeJourneyRepository,
  FakeRoundRepository,
  journeyRow,
  principal,
} from '../testing/fake-repositories';
import { RoundsService } from './rounds.service';

const BODY = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c01';

describe('RoundsService', () => {
  let rounds: FakeRoundRepository;
  let journeys: FakeJourneyRepository;
  let closes: string[];
  let service: RoundsService;

  beforeEach(() => {
    rounds = new FakeRoundRepository();
    journeys = new FakeJourneyRepository();
    closes = [];
    const temporal = {
      workflow: {
        start: async (_type: string, options: { workflowId: string }) => {
          closes.push(options.workflowId);
          return { result: async () => undefined };
        },
      },
    } as unknown as Client;
    service = new RoundsService(rounds, journeys, temporal, { TEMPORAL_TASK_QUEUE: 'q' } as UpliftConfig);
  });

  it("creates a round with its settings resolved, but not outside a regulator's division", async () => {
    const zhejiang = principal({ role: 'regulator', regionCode: '330000', id: 'p-zj' });
    const round = await service.create(zhejiang, { name: 'r', regionCode: '330100' });
    expect(round).toMatchObject({
      regionCode: '330100',
      createdBy: 'p-zj',
      settings: resolveRoundSettings(undefined),
    });
    await expect(service.create(zhejiang, { name: 'r', regionCode: '320000' })).rejects.toThrow(
      InvalidInputError,
    );
  });

  it('shows a certification body only rounds in which it has journeys', async () => {
    const round = rounds.add();
    const body = principal({ role: 'certification_body', certificationBodyId: BODY });
    await expect(service.findVisible(body, round.id)).rejects.toThrow(NotFoundError);
    journeys.rows.push(journeyRow(round.id, enterpriseOf('330106', 1), { certificationBodyId: BODY }));
    await expect(service.findVisible(body, round.id)).resolves.toBe(round);
    expect(journeys.callsTo('anyInRound')).toEqual([
      [round.id, { kind: 'body', certificationBodyId: BODY }],
      [round.id, { kind: 'body', certificationBodyId: BODY }],
    ]);
  });

  it('shows a regulator a round whose region overlaps its division, either way', async () => {
    const city = rounds.add({ regionCode: '330100' });
    await expect(
      service.findVisible(principal({ role: 'regulator', regionCode: '330000' }), city.id),
    ).resolves.toBe(city);
    await expect(
      service.findVisible(principal({ role: 'regulator', regionCode: '330106' }), city.id),
    ).resolves.toBe(city);
    await expect(
      service.findVisible(principal({ role: 'regulator', regionCode: '320000' }), city.id),
    ).rejects.toThrow(NotFoundError);
  });

  it('counts the funnel within the caller’s scope: every stage, stalled, launched', async () => {
    const round = rounds.add();
    journeys.rows.push(
      journeyRow(round.id, enterpriseOf('330106', 1), {
        stage: 'diagnosis',
        stalled: true,
        launchedAt: new Date(),
      }),
      journeyRow(round.id, enterpriseOf('330206', 2), { launchedAt: new Date() }),
      journeyRow(round.id, enterpriseOf('330206', 3)),
    );
    const view = await service.view(principal({ role: 'regulator', regionCode: '330200' }), round);
    expect(journeys.callsTo('funnel')).toEqual([[round.id, { kind: 'division', regionCode: '330200' }]]);
    expect(view).toMatchObject({ total: 2, stalled: 0, launch: { started: 1, total: 2 }, close: null });
    expect(view.counts).toMatchObject({ screening: 2, diagnosis: 0, completed: 0 });
    const all = await service.view(principal({}), round);
    expect(all).toMatchObject({ total: 3, stalled: 1, launch: { started: 2, total: 3 } });
  });

  it('closes an open round once, starting its close workflow; a second close is a conflict', async () => {
    const round = rounds.add();
    const actor = { principalId: 'p-1', role: 'admin' as const, name: 'a' };
    const closed = await service.close(principal({}), round.id, actor);
    expect(closed.status).toBe('closed');
    expect(closes).toEqual([`close-${round.id}`]);
    await expect(service.close(principal({}), round.id, actor)).rejects.toThrow(ConflictError);
  });
});
