import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  StepRefusedError,
  initialJourney,
  journeyInput,
  type JourneyInput,
  type JourneyState,
} from '@uplift/domain';
import type { JourneyClient } from '@uplift/temporal';
import {
  enterpriseOf,
  FakeCertificationBodyRepository,
  FakeJourneyRepository,
  FakeRoundRepository,
  journeyRow,
  principal,
} from '../testing/fake-repositories';
import { listJourneysSchema } from './journeys.dto';
import { JourneysService } from './journeys.service';

const BODY = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c01';
const OTHER_BODY = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c02';
const AUDITOR = '00000000-0000-4000-8000-0000000000a1';
/** People of the bodies: an auditor of BODY, one revoked, one of another body, and a regulator. */
const staff = [
  principal({ id: AUDITOR, role: 'certification_body', certificationBodyId: BODY, revokedAt: null }),
  principal({
    id: '00000000-0000-4000-8000-0000000000a2',
    role: 'certification_body',
    certificationBodyId: BODY,
    revokedAt: new Date(),
  }),
  principal({
    id: '00000000-0000-4000-8000-0000000000a3',
    role: 'certification_body',
    certificationBodyId: OTHER_BODY,
    revokedAt: null,
  }),
  principal({ id: '00000000-0000-4000-8000-0000000000a4', role: 'regulator', revokedAt: null }),
];

describe('JourneysService', () => {
  let journeys: FakeJourneyRepository;
  let rounds: FakeRoundRepository;
  let started: JourneyInput[];
  let steps: { id: string; step: string }[];
  let service: JourneysService;
  let roundId: string;
  const hangzhou = enterpriseOf('330106', 1);
  const ningbo = enterpriseOf('330206', 2);
  const suzhou = enterpriseOf('320506', 3);

  beforeEach(() => {
    journeys = new FakeJourneyRepository();
    rounds = new FakeRoundRepository();
    roundId = rounds.add().id;
    started = [];
    steps = [];
    // The workflow as the service sees it: a step writes the next version to the read model, then answers.
    const workflows = {
      start: async (input: JourneyInput) => {
        started.push(input);
        return true;
      },
      step: async (id: string, step: string) => {
        steps.push({ id, step });
        const row = journeys.rows.find((r) => r.id === id)!;
        const base =
          row.state ?? initialJourney(journeyInput(row, rounds.rounds[0].settings, new Date()), new Date());
        const next: JourneyState = { ...base, version: base.version + 1 };
        await journeys.record(next);
        return { id, version: next.version, stage: next.stage };
      },
    } as unknown as JourneyClient;
    service = new JourneysService(
      journeys,
      new FakeCertificationBodyRepository([{ id: BODY, code: 'C', name: 'B' }]),
      rounds,
      workflows,
      { find: async (id: string) => staff.find((s) => s.id === id) ?? null },
    );
    journeys.rows.push(
      journeyRow(roundId, hangzhou, { certificationBodyId: BODY, stalled: true }),
      journeyRow(roundId, ningbo),
      journeyRow(roundId, suzhou),
    );
  });

  const query = (q: Record<string, string>) => listJourneysSchema.parse(q);

  describe('list', () => {
    it('shows a regulator only the journeys inside its division, whatever the filters ask', async () => {
      const page = await service.list(
        principal({ role: 'regulator', regionCode: '330000' }),
        query({ regionCode: '320000' }),
      );
      expect(page.items).toEqual([]);
      const own = await service.list(principal({ role: 'regulator', regionCode: '330000' }), query({}));
      expect(own.items.map((j) => j.enterprise.uscc).sort()).toEqual([hangzhou.uscc, ningbo.uscc].sort());
    });

    it('shows a certification body only the journeys assigned to it', async () => {
      const page = await service.list(
        principal({ role: 'certification_body', certificationBodyId: BODY }),
        query({}),
      );
      expect(page.items.map((j) => j.id)).toEqual([journeys.rows[0].id]);
    });

    it('hands the parsed filters to the repository and asks one row more than the page to know if another follows', async () => {
      await service.list(principal({}), query({ stage: 'screening', stalled: 'true', limit: '5', roundId }));
      expect(journeys.callsTo('list')).toEqual([
        [
          { stage: 'screening', stalled: true, roundId },
          { kind: 'all' },
          { sort: 'id', after: undefined, limit: 6 },
        ],
      ]);
    });

    it('pages in id order with a cursor that resumes after the last item', async () => {
      const ids = journeys.rows.map((r) => r.id).sort();
      const first = await service.list(principal({}), query({ limit: '2' }));
      expect(first.items.map((j) => j.id)).toEqual(ids.slice(0, 2));
      expect(first.nextCursor).not.toBeNull();
      const second = await service.list(principal({}), query({ limit: '2', cursor: first.nextCursor! }));
      expect(second.items.map((j) => j.id)).toEqual(ids.slice(2));
      expect(second.nextCursor).toBeNull();
    });

    it('refuses a cursor it did not issue, without asking the repository', async () => {
      const cursor = Buffer.from('not-a-journey').toString('base64url');
      await expect(service.list(principal({}), query({ cursor }))).rejects.toThrow(InvalidInputError);
      expect(journeys.callsTo('list')).toEqual([]);
    });
  });

  describe('the inbox', () => {
    const body = principal({ role: 'certification_body', certificationBodyId: BODY });
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000);
    const waiting = {
      certificationBodyId: BODY,
      dueStep: 'diagnosis' as const,
      dueActors: ['certification_body' as const],
    };

    beforeEach(() => {
      journeys.rows = [
        journeyRow(roundId, hangzhou, { ...waiting, deadline: hours(-50) }),
        journeyRow(roundId, ningbo, { ...waiting, deadline: hours(30) }),
        journeyRow(roundId, suzhou, { ...waiting, deadline: hours(24 * 9) }),
        journeyRow(roundId, enterpriseOf('330106', 4), { ...waiting, deadline: null }),
        // The body's, but waiting for no one; and one waiting for a bureau.
        journeyRow(roundId, enterpriseOf('330106', 5), { certificationBodyId: BODY, stage: 'completed' }),
        journeyRow(roundId, enterpriseOf('330106', 6), {
          dueStep: 'screening-decision',
          dueActors: ['regulator'],
          deadline: hours(-5),
        }),
      ];
    });

    it('lists what waits for the caller, overdue first, then by deadline, those without one last', async () => {
      const page = await service.list(body, query({ mustAct: 'me', sort: 'deadline' }));
      expect(page.items.map((j) => j.id)).toEqual(journeys.rows.slice(0, 4).map((r) => r.id));
      const regulator = await service.list(
        principal({ role: 'regulator', regionCode: '330000' }),
        query({ mustAct: 'me' }),
      );
      expect(regulator.items.map((j) => j.id)).toEqual([journeys.rows[5].id]);
    });

    it('pages through every order without repeating or skipping a journey', async () => {
      for (const sort of ['deadline', '-deadline', '-updatedAt']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: { id: string }[]; nextCursor: string | null } = await service.list(
            principal({}),
            query({ sort, limit: '2', ...(cursor ? { cursor } : {}) }),
          );
          seen.push(...page.items.map((j) => j.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen.sort()).toEqual(journeys.rows.map((r) => r.id).sort());
      }
    });

    it('counts the journeys the same filters list: overdue, and due within 7 days but not overdue', async () => {
      expect(await service.summary(body, query({ mustAct: 'me' }))).toEqual({
        total: 4,
        overdue: 1,
        dueWithin7Days: 1,
      });
      expect(await service.summary(principal({}), query({ overdue: 'true' }))).toEqual({
        total: 2,
        overdue: 2,
        dueWithin7Days: 0,
      });
    });

    it('finds a journey by a part of its name or the start of its USCC, in any case', async () => {
      const ids = async (q: string) =>
        (await service.list(principal({}), query({ q }))).items.map((j) => j.id);
      expect(await ids('企业2有限')).toEqual([journeys.rows[1].id]);
      expect(await ids(ningbo.uscc.slice(0, 12).toLowerCase())).toEqual([journeys.rows[1].id]);
    });
  });

  describe('findVisible', () => {
    it('answers not found for a journey out of scope, as for one that does not exist', async () => {
      const id = journeys.rows[2].id;
      await expect(
        service.findVisible(principal({ role: 'regulator', regionCode: '330000' }), id),
      ).rejects.toThrow(NotFoundError);
      await expect(service.findVisible(principal({}), id)).resolves.toMatchObject({ id });
    });

    it('never looks up an id of another shape', async () => {
      await expect(service.findVisible(principal({}), 'journey-1; DROP TABLE journeys')).rejects.toThrow(
        NotFoundError,
      );
      expect(journeys.callsTo('find')).toEqual([]);
    });
  });

  describe('step', () => {
    it('refuses a step on an ended journey from the read model, without asking the workflow', async () => {
      journeys.rows[1].stage = 'withdrawn';
      await expect(
        service.step(principal({}), journeys.rows[1].id, 'screening-decision', { decision: 'selected' }),
      ).rejects.toThrow(StepRefusedError);
      expect(steps).toEqual([]);
    });

    it('refuses an assignment to a body that does not exist', async () => {
      await expect(
        service.step(principal({}), journeys.rows[1].id, 'assignment', {
          certificationBodyId: '00000000-0000-4000-8000-000000000099',
        }),
      ).rejects.toThrow(InvalidInputError);
      expect(steps).toEqual([]);
    });

    it("takes as assignee only an active person of the journey's own body", async () => {
      const id = journeys.rows[0].id;
      journeys.rows[0].launchedAt = new Date();
      for (const other of staff.slice(1)) {
        const refused = service.step(principal({}), id, 'assignee', { assigneeId: other.id });
        await expect(refused).rejects.toThrow(InvalidInputError);
        await expect(refused).rejects.toMatchObject({
          details: [expect.objectContaining({ field: 'assigneeId', code: 'assignee.not_body_staff' })],
        });
      }
      await expect(
        service.step(principal({}), id, 'assignee', { assigneeId: '00000000-0000-4000-8000-0000000000ff' }),
      ).rejects.toThrow(InvalidInputError);
      expect(steps).toEqual([]);
      await service.step(principal({}), id, 'assignee', { assigneeId: AUDITOR });
      await service.step(principal({}), id, 'assignee', { assigneeId: null });
      expect(steps).toEqual([
        { id, step: 'assignee' },
        { id, step: 'assignee' },
      ]);
    });

    it('refuses any step once the round is closed', async () => {
      await rounds.close(roundId);
      await expect(
        service.step(principal({}), journeys.rows[1].id, 'screening-decision', { decision: 'selected' }),
      ).rejects.toThrow(ConflictError);
      expect(started).toEqual([]);
    });

    it('starts a journey the launcher has not reached as the launcher would: first state, start, mark', async () => {
      const id = journeys.rows[1].id;
      const state = await service.step(principal({}), id, 'screening-decision', { decision: 'selected' });
      expect(started).toHaveLength(1);
      const [input] = started;
      expect(input).toEqual(
        journeyInput(
          journeys.rows[1],
          rounds.rounds[0].settings,
          new Date(input.startedAt!),
          rounds.rounds[0].regionCode,
        ),
      );
      expect(journeys.callsTo('recordMany')).toEqual([[[initialJourney(input, new Date(input.startedAt!))]]]);
      expect(journeys.callsTo('markLaunched')[0]).toEqual([[id]]);
      expect(steps).toEqual([{ id, step: 'screening-decision' }]);
      expect(state.version).toBe(2);
    });

    it('does not start a journey already launched', async () => {
      journeys.rows[1].launchedAt = new Date();
      await service.step(principal({}), journeys.rows[1].id, 'screening-decision', { decision: 'selected' });
      expect(started).toEqual([]);
      expect(journeys.callsTo('whileRoundOpen')).toEqual([]);
    });

    it('answers a conflict when the round closes between the check and the start', async () => {
      journeys.roundStatus.set(roundId, 'closed');
      await expect(
        service.step(principal({}), journeys.rows[1].id, 'screening-decision', { decision: 'selected' }),
      ).rejects.toThrow(ConflictError);
      expect(started).toEqual([]);
      expect(steps).toEqual([]);
    });
  });
});
