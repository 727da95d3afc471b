import {
  ConflictError,
  InvalidInputError,
  LinkUnusableError,
  StepRefusedError,
  initialJourney,
  journeyInput,
  type EvaluationInput,
  type JourneyState,
} from '@uplift/domain';
import type { EvaluationLink, LinkProblem } from '@uplift/persistence';
import type { JourneyClient } from '@uplift/temporal';
import {
  enterpriseOf,
  FakeJourneyRepository,
  FakeRoundRepository,
  journeyRow,
} from '../testing/fake-repositories';
import { EvaluationsService } from './evaluations.service';

const TOKEN = 'token-of-the-emailed-link';
const ANSWER = { satisfaction: 'satisfied' } as unknown as EvaluationInput;

/** One link, as the table keeps it: claimed once, given back by `release`. */
class FakeLinks {
  link!: EvaluationLink;
  problem: LinkProblem | null = null;
  consumed = false;
  released: string[] = [];
  consumedAll: [string, number][] = [];

  async inspect(token: string): Promise<EvaluationLink | LinkProblem> {
    if (token !== TOKEN) return 'unknown';
    return this.problem ?? (this.consumed ? 'used' : this.link);
  }

  async claim(token: string): Promise<EvaluationLink | LinkProblem> {
    const state = await this.inspect(token);
    if (typeof state !== 'string') this.consumed = true;
    return state;
  }

  async release(id: string) {
    this.released.push(id);
    this.consumed = false;
  }

  async consumeAll(journeyId: string, evaluation: number) {
    this.consumedAll.push([journeyId, evaluation]);
  }
}

describe('EvaluationsService', () => {
  const hangzhou = enterpriseOf('330106', 1);
  let journeys: FakeJourneyRepository;
  let rounds: FakeRoundRepository;
  let links: FakeLinks;
  let stepped: { id: string; step: string; command: unknown }[];
  let stepOutcome: () => Promise<{ id: string; version: number; stage: string }>;
  let service: EvaluationsService;
  let state: JourneyState;
  let roundId: string;

  beforeEach(() => {
    journeys = new FakeJourneyRepository();
    rounds = new FakeRoundRepository();
    const round = rounds.add({ name: '2026 浙江 ISO 9001 帮扶' });
    roundId = round.id;
    const row = journeyRow(roundId, hangzhou);
    state = {
      ...initialJourney(journeyInput(row, round.settings, new Date()), new Date()),
      stage: 'follow_up',
      evaluations: [1, 2].map((n) => ({
        n,
        dueAt: '2027-01-01T00:00:00Z',
        openedAt: '2026-12-01T00:00:00Z',
        answeredAt: null,
        answer: null,
        by: null,
        via: null,
      })),
    } as JourneyState;
    row.state = state;
    journeys.rows.push(row);
    links = new FakeLinks();
    links.link = {
      id: 'link-1',
      journeyId: row.id,
      evaluation: 2,
      expiresAt: new Date('2027-01-08T00:00:00Z'),
    };
    stepped = [];
    stepOutcome = async () => ({ id: row.id, version: 9, stage: 'follow_up' });
    const workflows = {
      step: async (id: string, step: string, command: unknown) => {
        stepped.push({ id, step, command });
        return stepOutcome();
      },
    } as unknown as JourneyClient;
    service = new EvaluationsService(links, journeys, rounds, workflows);
  });

  describe('context', () => {
    it("shows the journey, its round's name and which evaluation the link answers", async () => {
      expect(await service.context(TOKEN)).toEqual({
        journey: state,
        roundName: '2026 浙江 ISO 9001 帮扶',
        evaluation: 2,
        expiresAt: links.link.expiresAt,
      });
      expect(links.consumed).toBe(false);
    });

    it.each(['unknown', 'used', 'expired'] as const)(
      'answers a link that is %s as unusable',
      async (problem) => {
        links.problem = problem;
        await expect(service.context(TOKEN)).rejects.toMatchObject({ problem });
      },
    );

    it('is closed once the round is closed', async () => {
      await rounds.close(roundId);
      await expect(service.context(TOKEN)).rejects.toMatchObject({ problem: 'closed' });
    });

    it('is closed once this evaluation is answered, and open while only another one is', async () => {
      state.evaluations[0].answeredAt = '2026-12-02T00:00:00Z';
      await expect(service.context(TOKEN)).resolves.toMatchObject({ evaluation: 2 });
      state.evaluations[1].answeredAt = '2026-12-03T00:00:00Z';
      await expect(service.context(TOKEN)).rejects.toMatchObject({ problem: 'closed' });
    });

    it('is closed once the journey has ended', async () => {
      state.stage = 'withdrawn';
      await expect(service.context(TOKEN)).rejects.toMatchObject({ problem: 'closed' });
    });
  });

  describe('submit', () => {
    it('sends the answer to the workflow as the enterprise, then uses up every link to that evaluation', async () => {
      const result = await service.submit(TOKEN, ANSWER);
      expect(result).toEqual({ journeyId: links.link.journeyId, evaluation: 2, stage: 'follow_up' });
      expect(stepped).toEqual([
        {
          id: links.link.journeyId,
          step: 'evaluation',
          command: {
            actor: {
              principalId: `enterprise:${hangzhou.uscc}`,
              role: 'enterprise',
              name: hangzhou.name,
              uscc: hangzhou.uscc,
            },
            payload: ANSWER,
            target: { evaluation: 2 },
          },
        },
      ]);
      expect(links.consumedAll).toEqual([[links.link.journeyId, 2]]);
      await expect(service.submit(TOKEN, ANSWER)).rejects.toMatchObject({ problem: 'used' });
      expect(stepped).toHaveLength(1);
    });

    it('gives the link back when the answer is refused for its content', async () => {
      stepOutcome = () => Promise.reject(new InvalidInputError([{ field: 'metrics', message: 'bad' }]));
      await expect(service.submit(TOKEN, ANSWER)).rejects.toBeInstanceOf(InvalidInputError);
      expect(links.released).toEqual(['link-1']);
      await expect(service.context(TOKEN)).resolves.toMatchObject({ evaluation: 2 });
    });

    it('keeps the link used when the journey refuses the step, answering a conflict', async () => {
      stepOutcome = () =>
        Promise.reject(new StepRefusedError({ kind: 'actor', message: 'answered already' }));
      const attempt = service.submit(TOKEN, ANSWER);
      await expect(attempt).rejects.toThrow(ConflictError);
      await expect(attempt).rejects.toThrow('evaluation 2 can no longer be answered: answered already');
      expect(links.released).toEqual([]);
    });

    it('gives the link back when the answer did not reach the journey', async () => {
      stepOutcome = () => Promise.reject(new Error('Temporal unreachable'));
      await expect(service.submit(TOKEN, ANSWER)).rejects.toThrow('Temporal unreachable');
      expect(links.released).toEqual(['link-1']);
      expect(links.consumedAll).toEqual([]);
    });

    it('sends nothing through a link of a closed evaluation', async () => {
      await rounds.close(roundId);
      await expect(service.submit(TOKEN, ANSWER)).rejects.toBeInstanceOf(LinkUnusableError);
      expect([stepped, links.consumed]).toEqual([[], false]);
    });
  });
});
