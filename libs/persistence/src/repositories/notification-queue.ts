import type { DataSource } from 'typeorm';
import type { Enterprise, Stage } from '@uplift/domain';
import { SqlJourneyRepository } from './journeys';

/** An email held back until the round's working hours open (`deferred_emails`). */
export interface DeferredEmail {
  key: string;
  /** The email activity's command, sent as it was asked for once `notBefore` has come. */
  command: unknown;
  notBefore: Date;
}

/** Emails held back outside working hours, sent by the notification dispatcher when they open. */
export interface DeferredEmails {
  /** Holds the email back; a second call with the same key keeps the first (a retried activity). */
  defer(email: DeferredEmail): Promise<void>;
  /** Held-back emails whose time has come by `now`, earliest first, at most `limit`. */
  due(now: Date, limit: number): Promise<DeferredEmail[]>;
  /** The email went out (or was settled otherwise): it is no longer due. */
  markSent(key: string): Promise<void>;
}

/** One email a digest replaces: a reminder or escalation to bureau or body staff. */
export interface DigestItem {
  /** The email's own key: unique per recipient, so a retried activity stores it once. */
  key: string;
  /** A principal id, or `body:<id>` for a body's own address. */
  recipient: string;
  journeyId: string;
  roundId: string;
  stage: Stage;
  step: string;
  template: string;
  /** The stall the email was about: a digest lists the journey only while that stall lasts. */
  stalledSince: string | null;
}

/** One journey a digest lists: still stalled, with what the digest shows of it. */
export interface DigestLine {
  journeyId: string;
  roundId: string;
  roundName: string;
  stage: Stage;
  step: string;
  enterprise: Pick<Enterprise, 'name' | 'uscc'>;
  deadline: Date | null;
  stalledSince: string | null;
  /** Whether any of its items was an escalation (else only reminders). */
  escalated: boolean;
}

/** The digest items of the `digest_items` table, and the claims that make each digest go once. */
export interface DigestItems {
  add(item: DigestItem): Promise<void>;
  /** Recipients with items no digest has claimed yet, with the rounds of those items. */
  waiting(): Promise<{ recipient: string; roundIds: string[] }[]>;
  /**
   * Claims every waiting item of `recipient` for the digest `digestKey`, in one transaction, unless
   * that digest has claimed items already (a digest being resent lists what it claimed, nothing more).
   * The number of items claimed now.
   */
  claim(recipient: string, digestKey: string): Promise<number>;
  /** Digests that claimed items and are neither sent nor settled in the email log: sent again. */
  unsent(): Promise<{ recipient: string; digestKey: string }[]>;
  /** The journeys the digest lists: each journey of its items still in the stall they were about, once. */
  lines(digestKey: string): Promise<DigestLine[]>;
}

export class SqlDeferredEmails implements DeferredEmails {
  constructor(private readonly dataSource: DataSource) {}

  async defer(email: DeferredEmail): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO deferred_emails (key, command, not_before) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
      [email.key, JSON.stringify(email.command), email.notBefore],
    );
  }

  async due(now: Date, limit: number): Promise<DeferredEmail[]> {
    const rows = (await this.dataSource.query(
      `SELECT key, command, not_before FROM deferred_emails
        WHERE sent_at IS NULL AND not_before <= $1 ORDER BY not_before, key LIMIT $2`,
      [now, limit],
    )) as { key: string; command: unknown; not_before: Date }[];
    return rows.map((r) => ({ key: r.key, command: r.command, notBefore: r.not_before }));
  }

  async markSent(key: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE deferred_emails SET sent_at = now() WHERE key = $1 AND sent_at IS NULL`,
      [key],
    );
  }
}

/** Settled digests: sent, refused for good, or with nothing left to list. */
const SETTLED = `('sent', 'failed', 'skipped')`;

export class SqlDigestItems implements DigestItems {
  constructor(private readonly dataSource: DataSource) {}

  async add(item: DigestItem): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO digest_items (key, recipient, journey_id, round_id, stage, step, template, stalled_since)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (recipient, key) DO NOTHING`,
      [
        item.key,
        item.recipient,
        item.journeyId,
        item.roundId,
        item.stage,
        item.step,
        item.template,
        item.stalledSince,
      ],
    );
  }

  async waiting(): Promise<{ recipient: string; roundIds: string[] }[]> {
    const rows = (await this.dataSource.query(
      `SELECT recipient, array_agg(DISTINCT round_id::text) AS round_ids
         FROM digest_items WHERE digest_key IS NULL GROUP BY recipient ORDER BY recipient`,
    )) as { recipient: string; round_ids: string[] }[];
    return rows.map((r) => ({ recipient: r.recipient, roundIds: r.round_ids }));
  }

  async claim(recipient: string, digestKey: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      // Two dispatchers claiming for the same digest wait for each other; the second finds it claimed.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [digestKey]);
      const [{ claimed }] = (await m.query(
        `SELECT EXISTS (SELECT 1 FROM digest_items WHERE digest_key = $1)
             OR EXISTS (SELECT 1 FROM emails WHERE key = $1) AS claimed`,
        [digestKey],
      )) as { claimed: boolean }[];
      if (claimed) return 0;
      const [, affected] = (await m.query(
        `UPDATE digest_items SET digest_key = $2 WHERE recipient = $1 AND digest_key IS NULL RETURNING id`,
        [recipient, digestKey],
      )) as [unknown[], number];
      return affected;
    });
  }

  async unsent(): Promise<{ recipient: string; digestKey: string }[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT i.recipient, i.digest_key FROM digest_items i
        WHERE i.digest_key IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM emails e WHERE e.key = i.digest_key AND e.status IN ${SETTLED})
        ORDER BY i.digest_key`,
    )) as { recipient: string; digest_key: string }[];
    return rows.map((r) => ({ recipient: r.recipient, digestKey: r.digest_key }));
  }

  lines(digestKey: string): Promise<DigestLine[]> {
    return new SqlJourneyRepository(this.dataSource).digestLines(digestKey);
  }
}
