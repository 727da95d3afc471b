import type { EmailLog } from '@uplift/persistence';
import { type AccountTemplate, type OutgoingEmail, type TemplateRenderer } from '@uplift/notifications';

/** What the accounts service sends: one email to one person, by template, once per key. */
export interface AccountMail {
  send(
    template: AccountTemplate,
    key: string,
    to: { name: string; email: string },
    vars: { link: string; expiresAt: Date },
  ): Promise<void>;
}

export const ACCOUNT_MAIL = Symbol('ACCOUNT_MAIL');

function beijing(at: Date, locale: 'zh-CN' | 'en'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(at);
}

/**
 * Sends through the mailer the worker uses, recorded in the same email log (reserved before the
 * send, marked sent after). People have no language setting yet: the Chinese template, which
 * carries the English beside it.
 */
export class SmtpAccountMail implements AccountMail {
  constructor(
    private readonly templates: Pick<TemplateRenderer, 'render'>,
    private readonly mailer: { send(email: OutgoingEmail): Promise<string> },
    private readonly log: EmailLog,
  ) {}

  async send(
    template: AccountTemplate,
    key: string,
    to: { name: string; email: string },
    vars: { link: string; expiresAt: Date },
  ): Promise<void> {
    const rendered = this.templates.render(template, 'zh-CN', {
      recipientName: to.name,
      email: to.email,
      link: vars.link,
      expires: beijing(vars.expiresAt, 'zh-CN'),
      expiresEn: beijing(vars.expiresAt, 'en'),
    });
    await this.log.reserve({
      key,
      journeyId: null,
      template,
      recipient: to.email,
      subject: rendered.subject,
    });
    try {
      const messageId = await this.mailer.send({ ...rendered, to: to.email, key });
      await this.log.markSent(key, messageId);
    } catch (err) {
      await this.log.markFailed(key, (err as Error).message).catch(() => undefined);
      throw err;
    }
  }
}
