import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  InvalidInputError,
  LinkUnusableError,
  NotFoundError,
  StepRefusedError,
  isTerminal,
  type JourneyState,
  type EvaluationInput,
} from '@uplift/domain';
import {
  EVALUATION_LINKS,
  JOURNEY_REPOSITORY,
  ROUND_REPOSITORY,
  type EvaluationLinks,
  type JourneyRepository,
  type RoundEntity,
  type RoundRepository,
} from '@uplift/persistence';
import { JourneyClient } from '@uplift/temporal';

export interface EvaluationContext {
  journey: JourneyState;
  roundName: string;
  evaluation: number;
  expiresAt: Date;
}

@Injectable()
export class EvaluationsService {
  constructor(
    @Inject(EVALUATION_LINKS)
    private readonly links: Pick<EvaluationLinks, 'inspect' | 'claim' | 'release' | 'consumeAll'>,
    @Inject(JOURNEY_REPOSITORY) private readonly journeys: JourneyRepository,
    @Inject(ROUND_REPOSITORY) private readonly rounds: RoundRepository,
    private readonly workflows: JourneyClient,
  ) {}

  /** What the form page shows; opening it does not use the link up. */
  async context(token: string): Promise<EvaluationContext> {
    const link = await this.links.inspect(token);
    if (typeof link === 'string') throw new LinkUnusableError(link);
    const row = await this.journeys.find(link.journeyId);
    const round = row ? await this.rounds.find(row.roundId) : null;
    if (!row?.state || !round) throw new NotFoundError('evaluation link');
    if (evaluationClosed(row.state, round, link.evaluation)) throw new LinkUnusableError('closed');
    return {
      journey: row.state,
      roundName: round.name,
      evaluation: link.evaluation,
      expiresAt: link.expiresAt,
    };
  }

  /**
   * The enterprise's answer. The link is claimed first, so of two submissions only one reaches the
   * workflow; a refused payload gives the link back, anything that reached the journey uses it up.
   */
  async submit(
    token: string,
    answer: EvaluationInput,
  ): Promise<{ journeyId: string; evaluation: number; stage: string }> {
    // An evaluation that can no longer be answered is closed, whether or not the link was used.
    await this.context(token);
    const link = await this.links.claim(token);
    if (typeof link === 'string') throw new LinkUnusableError(link);
    const row = await this.journeys.find(link.journeyId);
    if (!row) throw new NotFoundError('evaluation link');
    try {
      const state = await this.workflows.step(link.journeyId, 'evaluation', {
        actor: {
          principalId: `enterprise:${row.uscc}`,
          role: 'enterprise',
          name: row.enterprise.name,
          uscc: row.uscc,
        },
        payload: answer,
        target: { evaluation: link.evaluation },
      });
      await this.links.consumeAll(link.journeyId, link.evaluation);
      return { journeyId: state.id, evaluation: link.evaluation, stage: state.stage };
    } catch (err) {
      if (err instanceof InvalidInputError) {
        await this.links.release(link.id);
        throw err;
      }
      if (err instanceof StepRefusedError) {
        throw ConflictError.of('evaluation.no_longer_answerable', {
          n: link.evaluation,
          reason: err.refusal.message,
        });
      }
      // Temporal unreachable and the like: the answer did not land, so the link must still work.
      await this.links.release(link.id);
      throw err;
    }
  }
}

/**
 * The evaluation can no longer be answered: the journey has ended (withdrawn, cancelled, its round
 * closed...) or this evaluation was answered, by the body or through another link.
 */
function evaluationClosed(state: JourneyState, round: RoundEntity, evaluation: number): boolean {
  if (isTerminal(state.stage) || round.status !== 'open') return true;
  return state.evaluations.some((e) => e.n === evaluation && e.answeredAt !== null);
}
