import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createActivities, type NotificationCommand } from '@uplift/activities';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import {
  ConflictError,
  NotFoundError,
  isJourneyId,
  journeyInScope,
  linkExpiry,
  notificationFacts,
  type Actor,
} from '@uplift/domain';
import { Mailer, TemplateRenderer } from '@uplift/notifications';
import {
  EVALUATION_LINKS,
  JOURNEY_REPOSITORY,
  SqlJourneyRepository,
  TypeOrmDirectory,
  TypeOrmEmailLog,
  EvaluationLinks,
  type JourneyRepository,
} from '@uplift/persistence';

/** Sends one email as the journey's own email activity does (evaluation requests carry a fresh link). */
export const EVALUATION_REQUEST_SENDER = Symbol('EvaluationRequestSender');
export type EvaluationRequestSender = (command: NotificationCommand) => Promise<unknown>;

/** The evaluation-request email of the worker's activity, sent from the API with its own SMTP connection. */
export const evaluationRequestSenderProvider = {
  provide: EVALUATION_REQUEST_SENDER,
  inject: [DataSource, CONFIG],
  useFactory: (dataSource: DataSource, c: UpliftConfig): EvaluationRequestSender & { mailer: Mailer } => {
    const mailer = new Mailer(c.SMTP_URL, c.MAIL_FROM);
    const { sendNotification } = createActivities({
      readModel: new SqlJourneyRepository(dataSource),
      emailLog: new TypeOrmEmailLog(dataSource),
      directory: new TypeOrmDirectory(dataSource),
      links: new EvaluationLinks(dataSource),
      mailer,
      templates: new TemplateRenderer(),
      publicBaseUrl: c.PUBLIC_BASE_URL,
    });
    return Object.assign((command: NotificationCommand) => sendNotification(command), { mailer });
  },
};

/**
 * A new evaluation link for an enterprise that lost its email (or let the link expire): the links
 * issued before stop working, and a new one goes out with the evaluation_request email.
 */
@Injectable()
export class EvaluationLinkReissue implements OnApplicationShutdown {
  constructor(
    @Inject(JOURNEY_REPOSITORY) private readonly journeys: JourneyRepository,
    @Inject(EVALUATION_LINKS) private readonly links: Pick<EvaluationLinks, 'consumeAll'>,
    @Inject(EVALUATION_REQUEST_SENDER) private readonly send: EvaluationRequestSender & { mailer?: Mailer },
  ) {}

  async reissue(actor: Pick<Actor, 'role' | 'regionCode' | 'certificationBodyId'>, id: string, n: number) {
    const row = isJourneyId(id) ? await this.journeys.find(id) : null;
    if (!row?.state || !journeyInScope(actor, row)) throw new NotFoundError('journey');
    const state = row.state;
    const evaluation = state.evaluations.find((e) => e.n === n);
    if (!evaluation) throw new NotFoundError('evaluation');
    // Only an evaluation that waits for its answer has a link worth sending.
    if (state.stage !== 'follow_up' || !evaluation.openedAt || evaluation.answeredAt) {
      const why = evaluation.answeredAt
        ? `evaluation ${n} is already answered`
        : !evaluation.openedAt
          ? `evaluation ${n} is not due until ${evaluation.dueAt}`
          : `the journey is ${state.stage}`;
      throw new ConflictError(`no link to send: ${why} (current stage: ${state.stage})`);
    }
    // The previous links stop working first: at no moment do two links answer the same evaluation.
    await this.links.consumeAll(id, n);
    const now = new Date();
    await this.send({
      template: 'evaluation_request',
      recipient: { kind: 'enterprise' },
      key: `${id}:evaluation:${n}:link:${randomUUID()}`,
      step: 'evaluation',
      evaluation: n,
      linkExpiresAt: linkExpiry(state, now),
      about: notificationFacts(state),
    });
  }

  onApplicationShutdown(): void {
    this.send.mailer?.close();
  }
}
