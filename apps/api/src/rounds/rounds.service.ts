import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  StepRefusedError,
} from '../../../../libs/domain/src/errors';
import type { Actor } from '../../../../libs/domain/src/principal';
import { JourneyClient } from '../../../../libs/temporal/src/journey-client';
import { STAGES, TERMINAL_STAGES, type Stage } from '../../../../libs/domain/src/journey';
import { divisionCovers } from '../../../../libs/domain/src/region';
import type { CreateRound } from '../../../../libs/domain/src/schemas';
import { resolveRoundSettings } from '../../../../libs/domain/src/settings';
import { JourneyEntity } from '../../../../libs/persistence/src/entities/journey.entity';
import type { PrincipalEntity } from '../../../../libs/persistence/src/entities/principal.entity';
import { RoundEntity } from '../../../../libs/persistence/src/entities/round.entity';
import { whereJourneyInScope } from '../common/scope';

@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(RoundEntity) private readonly rounds: Repository<RoundEntity>,
    private readonly workflows: JourneyClient,
  ) {}

  async create(principal: PrincipalEntity, input: CreateRound): Promise<RoundEntity> {
    if (principal.role === 'regulator' && !divisionCovers(principal.regionCode!, input.regionCode)) {
      throw new InvalidInputError([
        { field: 'regionCode', message: `is outside your division ${principal.regionCode}` },
      ]);
    }
    return this.rounds.save(
      this.rounds.create({
        name: input.name,
        regionCode: input.regionCode,
        settings: resolveRoundSettings(input.settings),
        createdBy: principal.id,
      }),
    );
  }

  /**
   * A round the principal may see: a regulator's division and the round's region overlap; a
   * certification body has journeys in it. Otherwise it does not exist for them.
   */
  async findVisible(principal: PrincipalEntity, id: string): Promise<RoundEntity> {
    const round = await this.rounds.findOneBy({ id });
    if (!round || !(await this.visible(principal, round))) throw new NotFoundError('round');
    return round;
  }

  async findOpenForImport(principal: PrincipalEntity, id: string): Promise<RoundEntity> {
    const round = await this.findVisible(principal, id);
    if (round.status !== 'open') throw new ConflictError(`round ${id} is ${round.status}`);
    return round;
  }

  /**
   * Closes the round: no more imports, and every journey still open ends as cancelled through its
   * own workflow (so its history says who closed it and when).
   */
  async close(p: PrincipalEntity, id: string, actor: Actor): Promise<RoundEntity> {
    const round = await this.findVisible(p, id);
    if (p.role === 'regulator' && !divisionCovers(p.regionCode!, round.regionCode))
      throw new NotFoundError('round');
    if (round.status === 'closed') throw new ConflictError(`round ${id} is already closed`);
    await this.rounds.update({ id, status: 'open' }, { status: 'closed', closedAt: new Date() });
    const open = await this.dataSource
      .getRepository(JourneyEntity)
      .createQueryBuilder('j')
      .select('j.id', 'id')
      .where('j.round_id = :id', { id })
      .andWhere('j.stage NOT IN (:...terminal)', { terminal: TERMINAL_STAGES })
      .andWhere('j.launched_at IS NOT NULL')
      .getRawMany<{ id: string }>();
    let next = 0;
    const cancelOne = async () => {
      while (next < open.length) {
        const journey = open[next++].id;
        try {
          await this.workflows.step(journey, 'cancellation', { actor, payload: { reason: 'round closed' } });
        } catch (err) {
          // Ended meanwhile (withdrawn, completed): nothing to cancel.
          if (!(err instanceof StepRefusedError) && !(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, open.length) }, cancelOne));
    return this.rounds.findOneByOrFail({ id });
  }

  private async visible(p: PrincipalEntity, round: RoundEntity): Promise<boolean> {
    switch (p.role) {
      case 'admin':
        return true;
      case 'regulator':
        return (
          divisionCovers(p.regionCode!, round.regionCode) || divisionCovers(round.regionCode, p.regionCode!)
        );
      case 'certification_body':
        return this.dataSource
          .getRepository(JourneyEntity)
          .existsBy({ roundId: round.id, certificationBodyId: p.certificationBodyId! });
    }
  }

  /** The round with its funnel: journeys per stage, stalled, and how many have started, within scope. */
  async view(principal: PrincipalEntity, round: RoundEntity) {
    const qb = this.dataSource
      .getRepository(JourneyEntity)
      .createQueryBuilder('j')
      .select('j.stage', 'stage')
      .addSelect('count(*)::int', 'n')
      .addSelect('count(*) FILTER (WHERE j.stalled)::int', 'stalled')
      .addSelect('count(j.launched_at)::int', 'launched')
      .where('j.round_id = :roundId', { roundId: round.id })
      .groupBy('j.stage');
    const rows = await whereJourneyInScope(qb, principal).getRawMany<{
      stage: Stage;
      n: number;
      stalled: number;
      launched: number;
    }>();
    const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    let stalled = 0;
    let launched = 0;
    for (const r of rows) {
      counts[r.stage] = r.n;
      stalled += r.stalled;
      launched += r.launched;
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      id: round.id,
      name: round.name,
      regionCode: round.regionCode,
      status: round.status,
      settings: round.settings,
      counts,
      total,
      stalled,
      launch: { started: launched, total },
      createdAt: round.createdAt,
      closedAt: round.closedAt,
    };
  }
}
