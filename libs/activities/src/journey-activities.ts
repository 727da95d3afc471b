import { ApplicationFailure } from '@temporalio/common';
import {
  consolePages,
  type Enterprise,
  type JourneyState,
  notificationFacts,
  type NotificationFacts,
  type NotificationRequest,
  stepDefinition,
  whoMustActKey,
} from '@uplift/domain';
import {
  PermanentRefusal,
  type OutgoingEmail,
  asLocale,
  type Locale,
  type TemplateRenderer,
} from '@uplift/notifications';
import type { Addressee, Directory, EmailLog, JourneyReadModel } from '@uplift/persistence';

export interface ActivityDeps {
  readModel: JourneyReadModel;
  emailLog: EmailLog;
  directory: Directory;
  links: { issue(journeyId: string, evaluation: number, expiresAt: Date): Promise<string> };
  mailer: { send(email: OutgoingEmail): Promise<string> };
  templates: TemplateRenderer;
  publicBaseUrl: string;
  /**
   * The skips admins asked for (stuck work). Absent where no one can skip, e.g. an email the API
   * sends inline, which fails in front of the person who asked for it.
   */
  skips?: { skipRequestedBy(emailKey: string): Promise<string | null> };
}

/**
 * An email to send: since bounded-history-v1 with the few facts of the journey it needs (`about`),
 * before it with the journey's whole state (`journey`), which activities scheduled then still carry.
 */
export type NotificationCommand = NotificationRequest &
  ({ about: NotificationFacts; journey?: never } | { journey: JourneyState; about?: never });

/** The failure type of an email the mail server refused for good: Temporal does not retry it. */
export const EMAIL_REFUSED = 'EmailRefused';

function formatTime(iso: string | null | undefined, locale: Locale, none: string): string {
  if (!iso) return none;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/**
 * The journey workflow's side effects. Each is idempotent: Temporal retries an activity whose
 * worker died, so running one twice must leave the same result as running it once.
 */
export function createActivities(deps: ActivityDeps) {
  const { readModel, emailLog, directory, mailer, templates, links } = deps;

  async function addresseeOf(
    command: NotificationCommand,
    roundId: string,
    enterprise: Enterprise,
  ): Promise<Addressee> {
    const { recipient } = command;
    switch (recipient.kind) {
      case 'certification_body':
        return directory.certificationBody(recipient.id);
      case 'regulator':
        return directory.regulatorOfRound(roundId);
      case 'enterprise':
        return { name: enterprise.contactName ?? enterprise.name, email: enterprise.email, locale: 'zh-CN' };
    }
  }

  return {
    /** Mirrors the workflow's state into the read model; an older version never overwrites a newer one. */
    async recordJourney(state: JourneyState): Promise<void> {
      await readModel.record(state);
    },

    /**
     * Renders and sends one email, at most once per key once a send has succeeded, unless an admin
     * skipped it. Emails to an
     * enterprise about an evaluation carry a fresh one-time link; the token never enters the
     * workflow's history, only its hash the database.
     */
    async sendNotification(command: NotificationCommand): Promise<'sent' | 'already_sent' | 'skipped'> {
      if (await emailLog.wasSent(command.key)) return 'already_sent';
      // An admin gave up on this email while it kept failing: the journey goes on without it.
      const skippedBy = await deps.skips?.skipRequestedBy(command.key);
      if (skippedBy) {
        await emailLog.markSkipped(command.key, skippedBy);
        return 'skipped';
      }
      const journey = command.about ?? notificationFacts(command.journey);
      const enterprise = command.journey?.enterprise ?? (await readModel.enterprise(journey.journeyId));
      const addressee = await addresseeOf(command, journey.roundId, enterprise);
      const locale = asLocale(addressee.locale);
      const labels = templates.labels(locale);
      let link = '';
      if (command.recipient.kind === 'enterprise' && command.evaluation && command.linkExpiresAt) {
        const token = await links.issue(
          journey.journeyId,
          command.evaluation,
          new Date(command.linkExpiresAt),
        );
        link = `${deps.publicBaseUrl}/evaluate/${token}`;
      }
      // An assignment email says what the body does next: a first assignment's is the diagnosis, a
      // reassignment's the step the journey waits for (its request names it).
      const next =
        command.template === 'assignment' && command.step === 'assignment' ? 'diagnosis' : command.step;
      const label = stepDefinition(next).label ?? next;
      const rendered = templates.render(command.template, locale, {
        recipientName: addressee.name,
        roundName: await directory.roundName(journey.roundId),
        enterpriseName: enterprise.name,
        uscc: enterprise.uscc,
        contactName: enterprise.contactName ?? '-',
        enterpriseEmail: enterprise.email,
        stepLabel: labels.steps[label] ?? next,
        action: labels.actions[label] ?? '',
        responsible: labels.responsible[whoMustActKey(command.step) ?? ''] ?? '',
        evaluation: command.evaluation ?? 0,
        deadline: formatTime(journey.deadline, locale, labels.none),
        stalledSince: formatTime(journey.stalledSince, locale, labels.none),
        remindersSent: journey.remindersSent,
        reminderNumber: journey.remindersSent,
        reminderMax: journey.reminderMax,
        link,
        linkExpires: formatTime(command.linkExpiresAt, locale, labels.none),
        journeyId: journey.journeyId,
        // People open it in a browser: the console's journey page, not the API's JSON.
        journeyUrl: `${deps.publicBaseUrl}${consolePages.journey(journey.journeyId)}`,
      });
      await emailLog.reserve({
        key: command.key,
        journeyId: journey.journeyId,
        template: command.template,
        recipient: addressee.email,
        subject: rendered.subject,
      });
      let messageId: string;
      try {
        messageId = await mailer.send({ ...rendered, to: addressee.email, key: command.key });
      } catch (err) {
        if (!(err instanceof PermanentRefusal)) throw err;
        // Sending again would be refused again: recorded failed, and Temporal is told not to retry.
        await emailLog.markFailed(command.key, err.message);
        throw ApplicationFailure.create({ type: EMAIL_REFUSED, message: err.message, nonRetryable: true });
      }
      await emailLog.markSent(command.key, messageId);
      return 'sent';
    },
  };
}

export type JourneyActivities = ReturnType<typeof createActivities>;
