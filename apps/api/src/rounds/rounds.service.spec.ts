import type { Client } from '@temporalio/client';
import type { UpliftConfig } from '@uplift/config';
import {
  ConflictError,
  DEFAULT_ROUND_SETTINGS,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  resolveRoundSettings,
} from '@uplift/domain';
import type { RoundEntity } from '@uplift/persistence';
import type { BatchesService } from '../batches/batches.service';
import {
  enterpriseOf,
  FakeJourneyRepository,
  FakeRoundRepository,
  journeyRow,
  principal,
} from '../testing/fake-repositories';
import { listRoundsSchema } from './rounds.dto';
import { RoundsService } from './rounds.service';

const BODY = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c01';

describe('RoundsService', () => {
  let rounds: FakeRoundRepository;
  let journeys: FakeJourneyRepository;
  let closes: string[];
  let service: RoundsService;
  let batches: { roundId: string; settings: unknown; paused: boolean }[];

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
    batches = [];
    const batchService = {
      startRoundChange: async (_p: unknown, round: RoundEntity) => {
        batches.push({ roundId: round.id, settings: round.settings, paused: round.pausedAt !== null });
        return { id: `b${batches.length}`, total: 1 };
      },
    } as unknown as BatchesService;
    const audit = { search: async () => [] };
    const people = { find: async () => null };
    service = new RoundsService(
      rounds,
      journeys,
      temporal,
      { TEMPORAL_TASK_QUEUE: 'q' } as UpliftConfig,
      batchService,
      audit,
      people,
    );
  });

  describe('changes while running', () => {
    const zhejiang = principal({ role: 'regulator', regionCode: '330000', id: 'p-zj' });
    const hangzhou = principal({ role: 'regulator', regionCode: '330100', id: 'p-hz' });

    it('merges a settings change into the stored settings and sends the round to its journeys as a batch', async () => {
      const round = rounds.add({ regionCode: '330000' });
      const { round: after, batchId } = await service.changeSettings(zhejiang, round.id, {
        deadlines: { screening: 'P5D' },
        calendar: 'cn-workdays',
      });
      expect(after.settings.deadlines).toEqual({ ...DEFAULT_ROUND_SETTINGS.deadlines, screening: 'P5D' });
      expect(after.settings.calendar).toBe('cn-workdays');
      expect(after.settings.reminders).toEqual(DEFAULT_ROUND_SETTINGS.reminders);
      expect(batchId).toBe('b1');
      expect(batches).toEqual([{ roundId: round.id, settings: after.settings, paused: false }]);
    });

    it("lets only the round's own regulator change it, and never a closed round", async () => {
      const round = rounds.add({ regionCode: '330000' });
      await expect(service.changeSettings(hangzhou, round.id, { escalateAfter: 'P1D' })).rejects.toThrow(
        ForbiddenError,
      );
      await expect(service.setPaused(hangzhou, round.id, true)).rejects.toThrow(ForbiddenError);
      const closed = rounds.add({ regionCode: '330000', status: 'closed' });
      await expect(service.changeSettings(zhejiang, closed.id, { escalateAfter: 'P1D' })).rejects.toThrow(
        ConflictError,
      );
      await expect(service.setPaused(zhejiang, closed.id, false)).rejects.toThrow(ConflictError);
      expect(batches).toEqual([]);
    });

    it('pauses and resumes once each: a repeat changes nothing and starts no batch', async () => {
      const round = rounds.add({ regionCode: '330000' });
      const paused = await service.setPaused(zhejiang, round.id, true);
      expect(paused.round.pausedAt).toBeInstanceOf(Date);
      const again = await service.setPaused(zhejiang, round.id, true);
      expect(again.batchId).toBeNull();
      const resumed = await service.setPaused(zhejiang, round.id, false);
      expect(resumed.round.pausedAt).toBeNull();
      expect(batches.map((b) => b.paused)).toEqual([true, false]);
    });

    it('brings a pause to journeys imported into a paused round', async () => {
      const round = rounds.add({ regionCode: '330000', pausedAt: new Date() });
      await service.afterImport(zhejiang, round, 0);
      expect(batches).toEqual([]);
      await service.afterImport(zhejiang, round, 3);
      expect(batches.map((b) => b.paused)).toEqual([true]);
    });
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

  describe('list', () => {
    const list = async (p: Parameters<RoundsService['list']>[0], q: Record<string, string> = {}) =>
      (await service.list(p, listRoundsSchema.parse(q))).items.map((r) => r.name);

    beforeEach(() => {
      const at = (day: number) => new Date(`2026-11-${String(day).padStart(2, '0')}T00:00:00Z`);
      rounds.add({ name: 'national', regionCode: '000000', createdAt: at(1) });
      rounds.add({ name: 'zhejiang', regionCode: '330000', createdAt: at(2) });
      rounds.add({ name: 'hangzhou', regionCode: '330100', createdAt: at(3), status: 'closed' });
      rounds.add({ name: 'ningbo', regionCode: '330200', createdAt: at(4) });
      rounds.add({ name: 'jiangsu', regionCode: '320000', createdAt: at(5) });
    });

    it('shows each principal the rounds it could open, newest first', async () => {
      expect(await list(principal({}))).toEqual(['jiangsu', 'ningbo', 'hangzhou', 'zhejiang', 'national']);
      // A city bureau works in its province's and the national round, and its own; not in its neighbours'.
      expect(await list(principal({ role: 'regulator', regionCode: '330100' }))).toEqual([
        'hangzhou',
        'zhejiang',
        'national',
      ]);
      const body = principal({ role: 'certification_body', certificationBodyId: BODY });
      expect(await list(body)).toEqual([]);
      journeys.rows.push(
        journeyRow(rounds.rounds[3].id, enterpriseOf('330206', 1), { certificationBodyId: BODY }),
        journeyRow(rounds.rounds[4].id, enterpriseOf('320506', 2)),
      );
      expect(await list(body)).toEqual(['ningbo']);
    });

    it('filters by status and by division, and counts each round within scope', async () => {
      expect(await list(principal({}), { status: 'closed' })).toEqual(['hangzhou']);
      expect(await list(principal({}), { regionCode: '330000' })).toEqual(['ningbo', 'hangzhou', 'zhejiang']);
      journeys.rows.push(
        journeyRow(rounds.rounds[1].id, enterpriseOf('330106', 1)),
        journeyRow(rounds.rounds[1].id, enterpriseOf('330206', 2), { stage: 'diagnosis' }),
      );
      const page = await service.list(
        principal({ role: 'regulator', regionCode: '330100' }),
        listRoundsSchema.parse({ regionCode: '330000', status: 'open' }),
      );
      expect(page.items.map((r) => [r.name, r.total, r.counts.screening, r.counts.diagnosis])).toEqual([
        ['zhejiang', 1, 1, 0],
      ]);
      // One count per page, over the page's rounds, in the caller's journey scope.
      expect(journeys.callsTo('funnels')).toHaveLength(3);
      expect(journeys.callsTo('funnels')[2]).toEqual([
        [rounds.rounds[1].id],
        { kind: 'division', regionCode: '330100' },
      ]);
    });

    it('pages newest first without repeating or skipping, and refuses a cursor it did not issue', async () => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<RoundsService['list']>> = await service.list(
          principal({}),
          listRoundsSchema.parse({ limit: '2', ...(cursor ? { cursor } : {}) }),
        );
        names.push(...page.items.map((r) => r.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(names).toEqual(['jiangsu', 'ningbo', 'hangzhou', 'zhejiang', 'national']);
      await expect(
        service.list(
          principal({}),
          listRoundsSchema.parse({ cursor: Buffer.from('[1]').toString('base64url') }),
        ),
      ).rejects.toThrow(InvalidInputError);
    });
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
