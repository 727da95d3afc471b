import nodemailer, { type Transporter } from 'nodemailer';
import type { RenderedEmail } from './templates';

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Also sent as a header, so a receiving system can spot a resend. */
  key: string;
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

  async send(email: OutgoingEmail): Promise<string> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: { 'X-Uplift-Key': email.key },
    });
    return String(info.messageId);
  }

  close(): void {
    this.transport.close();
  }
}
