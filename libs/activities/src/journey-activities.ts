import type { JourneyState } from '../../domain/src/journey';
import type { NotificationRequest } from '../../domain/src/transitions';
import type { OutgoingEmail } from '../../notifications/src/mailer';
import { LOCALES, type Locale, type TemplateRenderer } from '../../notifications/src/templates';
import type { Addressee, Directory } from '../../persistence/src/repositories/directory';
import type { EmailLog } from '../../persistence/src/repositories/email-log';
import type { JourneyReadModel } from '../../persistence/src/repositories/journey-read-model';

export interface ActivityDeps {
  readModel: JourneyReadModel;
  emailLog: EmailLog;
  directory: Directory;
  mailer: { send(email: OutgoingEmail): Promise<string> };
  templates: TemplateRenderer;
  publicBaseUrl: string;
}

export interface NotificationCommand extends NotificationRequest {
  journey: JourneyState;
}

function formatDeadline(iso: string | null, locale: Locale): string {
  if (!iso) return locale === 'en' ? 'none' : '无';
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(iso));
}

function localeOf(addressee: Addressee): Locale {
  return (LOCALES as readonly string[]).includes(addressee.locale) ? (addressee.locale as Locale) : 'zh-CN';
}

/**
 * The journey workflow's side effects. Each is idempotent: Temporal retries an activity whose
 * worker died, so running one twice must leave the same result as running it once.
 */
export function createActivities(deps: ActivityDeps) {
  const { readModel, emailLog, directory, mailer, templates } = deps;

  async function addresseeOf(command: NotificationCommand): Promise<Addressee> {
    switch (command.recipient.kind) {
      case 'certification_body':
        return directory.certificationBody(command.recipient.id);
      default:
        throw new Error(`recipient ${command.recipient.kind} is not supported for ${command.template}`);
    }
  }

  return {
    /** Mirrors the workflow's state into the read model; an older version never overwrites a newer one. */
    async recordJourney(state: JourneyState): Promise<void> {
      await readModel.record(state);
    },

    /** Renders and sends one email, at most once per key once a send has succeeded. */
    async sendNotification(command: NotificationCommand): Promise<'sent' | 'already_sent'> {
      if (await emailLog.wasSent(command.key)) return 'already_sent';
      const { journey } = command;
      const addressee = await addresseeOf(command);
      const locale = localeOf(addressee);
      const rendered = templates.render(command.template, locale, {
        recipientName: addressee.name,
        roundName: await directory.roundName(journey.roundId),
        enterpriseName: journey.enterprise.name,
        uscc: journey.enterprise.uscc,
        contactName: journey.enterprise.contactName ?? '-',
        enterpriseEmail: journey.enterprise.email,
        deadline: formatDeadline(journey.deadline, locale),
        journeyId: journey.id,
        journeyUrl: `${deps.publicBaseUrl}/v1/journeys/${encodeURIComponent(journey.id)}`,
      });
      await emailLog.reserve({
        key: command.key,
        journeyId: journey.id,
        template: command.template,
        recipient: addressee.email,
        subject: rendered.subject,
      });
      const messageId = await mailer.send({ ...rendered, to: addressee.email, key: command.key });
      await emailLog.markSent(command.key, messageId);
      return 'sent';
    },
  };
}

export type JourneyActivities = ReturnType<typeof createActivities>;
