import type { DataSource } from 'typeorm';
import { EmailEntity } from '../entities/email.entity';

export interface EmailRecord {
  key: string;
  journeyId: string | null;
  template: string;
  recipient: string;
  subject: string;
}

/** The record of every email; its unique key is what makes sending idempotent. */
export interface EmailLog {
  wasSent(key: string): Promise<boolean>;
  /** Records the intent to send; a second call with the same key keeps the first record. */
  reserve(record: EmailRecord): Promise<void>;
  markSent(key: string, messageId: string): Promise<void>;
  /** The mail server refused the email for good; `reply` is what it said. */
  markFailed(key: string, reply: string): Promise<void>;
  /** An admin skipped the email while it kept failing: it is recorded, never sent. */
  markSkipped(key: string, principalId: string): Promise<void>;
  /**
   * An email there was no one to send to (its person no longer active, a digest with nothing left to
   * list): recorded skipped with the reason, never sent and never retried.
   */
  recordSkipped(record: EmailRecord, reason: string): Promise<void>;
}

export class TypeOrmEmailLog implements EmailLog {
  constructor(private readonly dataSource: DataSource) {}

  async wasSent(key: string): Promise<boolean> {
    return this.dataSource.getRepository(EmailEntity).existsBy({ key, status: 'sent' });
  }

  async reserve(record: EmailRecord): Promise<void> {
    await this.dataSource
      .getRepository(EmailEntity)
      .createQueryBuilder()
      .insert()
      .values(record)
      .orIgnore()
      .execute();
  }

  async markSent(key: string, messageId: string): Promise<void> {
    await this.dataSource
      .getRepository(EmailEntity)
      .update({ key }, { status: 'sent', messageId, sentAt: new Date(), failure: null });
  }

  async markFailed(key: string, reply: string): Promise<void> {
    await this.dataSource
      .getRepository(EmailEntity)
      .update({ key, status: 'pending' }, { status: 'failed', failure: reply.slice(0, 1000) });
  }

  async markSkipped(key: string, principalId: string): Promise<void> {
    await this.dataSource
      .getRepository(EmailEntity)
      .update({ key, status: 'pending' }, { status: 'skipped', skippedBy: principalId });
  }

  async recordSkipped(record: EmailRecord, reason: string): Promise<void> {
    await this.reserve(record);
    await this.dataSource
      .getRepository(EmailEntity)
      .update({ key: record.key, status: 'pending' }, { status: 'skipped', failure: reason.slice(0, 1000) });
  }
}
