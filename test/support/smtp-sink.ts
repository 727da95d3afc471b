import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server that keeps what it receives, so tests count and read the emails Uplift sent. */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  /** Recipients refused for good (a 5xx reply at RCPT TO), and each attempt to send them one. */
  private readonly refused = new Map<string, number>();
  readonly refusals: { to: string; code: number }[] = [];
  private server?: SMTPServer;
  port = 0;
  /** How long each email is held before the server accepts it (`hold`); 0: at once. */
  private holdMs = 0;
  /** Emails received and not yet accepted, while `hold` holds them. */
  held = 0;
  /** Connections the client closed: an email held on one is lost, never accepted. */
  private readonly closed = new Set<string>();
  /** Socket errors of connections a sender broke off (ECONNRESET from a killed worker). */
  readonly connectionErrors: Error[] = [];

  /** Listens on a free port, or on its previous one when started again after `stop` (an outage). */
  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      // On stop (an outage), drop the mailer's pooled connections at once rather than after 30 s.
      closeTimeout: 100,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const code = this.refused.get(address.address.toLowerCase());
        if (code === undefined) return callback();
        this.refusals.push({ to: address.address, code });
        const err = Object.assign(new Error('5.1.3 Bad recipient address syntax'), { responseCode: code });
        callback(err);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then(async (mail) => {
            if (this.holdMs > 0) {
              this.held++;
              await new Promise((r) => setTimeout(r, this.holdMs));
              this.held--;
            }
            // The client went away while its email was held (a killed sender): it was never accepted.
            if (this.closed.has(session.id)) return callback(new Error('connection closed'));
            this.messages.push(mail);
            callback();
          })
          .catch(callback);
      },
      onClose: (session, callback) => {
        this.closed.add(session.id);
        callback?.();
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    // A sender killed mid-conversation resets its socket, and the server reports that as an 'error'
    // event: with no listener left it would be thrown in the test's process. Its email was never
    // accepted (onClose marks the session), so the error is kept for a test to read, not thrown.
    this.server.on('error', (err: Error) => this.connectionErrors.push(err));
    this.port = (this.server.server.address() as { port: number }).port;
  }

  /**
   * From now on, holds every email `ms` before accepting it, as a slow server would: a sender killed
   * meanwhile loses the email instead of having it accepted and not knowing.
   */
  hold(ms: number): void {
    this.holdMs = ms;
  }

  /** From now on, refuses every email to `address` with a permanent `code` (5xx) at RCPT TO. */
  refuse(address: string, code = 501): void {
    this.refused.set(address.toLowerCase(), code);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The X-Uplift-Key of every message received, one entry per delivery (a resend shows twice). */
  keys(): string[] {
    return this.messages.map((m) => String(m.headers.get('x-uplift-key') ?? ''));
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((m) =>
      (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(address)),
    );
  }

  async waitFor(predicate: (m: ParsedMail) => boolean, count = 1, timeoutMs = 30_000): Promise<ParsedMail[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(predicate);
      if (found.length >= count) return found;
      if (Date.now() > until) throw new Error(`expected ${count} matching emails, got ${found.length}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
