import nodemailer, { type Transporter } from 'nodemailer';
import type { RenderedEmail } from './templates';

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Also sent as a header, so a receiving system can spot a resend. */
  key: string;
}

/**
 * The mail server refused the email for good: a 5xx reply (RFC 5321 §4.2.1), such as 501 for an
 * address it will not take or 550 for a mailbox that does not exist. Sending it again would be
 * refused again; 4xx replies and failed connections are transient and may be retried.
 */
export class PermanentRefusal extends Error {
  constructor(
    readonly responseCode: number,
    readonly reply: string,
  ) {
    super(`the mail server refused the email (${responseCode}): ${reply}`);
    this.name = 'PermanentRefusal';
  }
}

/** The SMTP reply code of a nodemailer error, when the server answered at all. */
function replyCode(err: unknown): number | undefined {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : undefined;
}

/** Sends through SMTP; everything else about an email (template, idempotency) is decided before. */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    // Pooled connections: reminders go out in bursts when many journeys stall together.
    const url = new URL(smtpUrl);
    url.searchParams.set('pool', 'true');
    url.searchParams.set('maxConnections', '4');
    this.transport = nodemailer.createTransport(url.toString());
  }

  /** The message id the server accepted; a `PermanentRefusal` for a 5xx reply; else the transient error. */
  async send(email: OutgoingEmail): Promise<string> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: { 'X-Uplift-Key': email.key },
      });
      return String(info.messageId);
    } catch (err) {
      const code = replyCode(err);
      if (code !== undefined && code >= 500 && code < 600) {
        const reply = (err as { response?: unknown }).response;
        throw new PermanentRefusal(code, typeof reply === 'string' ? reply : String(err));
      }
      throw err;
    }
  }

  close(): void {
    this.transport.close();
  }
}
