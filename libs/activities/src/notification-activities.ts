import { heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  CN_CALENDAR,
  STAGES,
  beijingDay,
  consolePages,
  isWithinWorkingHours,
  stepDefinition,
  type StepName,
} from '@uplift/domain';
import { asLocale } from '@uplift/notifications';
import type { Addressee, DeferredEmails, DigestItems, DigestLine, RoundFacts } from '@uplift/persistence';
import {
  EMAIL_REFUSED,
  formatTime,
  journeyDelivery,
  type ActivityDeps,
  type NotificationCommand,
  type SendOutcome,
} from './journey-activities';

/** The dispatcher needs the queue the journey activities fill. */
export type NotificationDeps = ActivityDeps & { queue: { deferred: DeferredEmails; digests: DigestItems } };

/** One digest to send: whose, and its key in the email log (`digest:<recipient>:<YYYY-MM-DD>`). */
export interface DueDigest {
  recipient: string;
  digestKey: string;
}

/** When a person who chose digests gets theirs, in a round that sets no digest time (Beijing). */
export const PERSONAL_DIGEST_AT = '09:00';

/** Held-back emails sent per read; the dispatcher reads again until none is due. */
const DEFERRED_PAGE = 200;
/** Digests one activity sends side by side (the mailer pools four SMTP connections). */
const DIGEST_CONCURRENCY = 4;

export function digestKeyOf(recipient: string, day: string): string {
  return `digest:${recipient}:${day}`;
}

/** The first error of those that failed, naming how many did: Temporal retries the activity. */
function failure(failed: Map<string, unknown>): Error {
  const [[key, err]] = failed;
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`${failed.size} email(s) not sent, first ${key}: ${message}`);
}

function refused(err: unknown): boolean {
  return err instanceof ApplicationFailure && err.type === EMAIL_REFUSED;
}

/**
 * The notification dispatcher's side effects (`notificationDispatchWorkflow`, run by a Temporal
 * Schedule). Each is idempotent: held-back emails keep their keys, and a digest's items are claimed
 * for it in one transaction before it is sent, so a dispatcher killed mid-send sends the same digest
 * again, under the same key, and never a second one.
 */
export function createNotificationActivities(deps: NotificationDeps) {
  const { directory, emailLog, templates, queue } = deps;
  const delivery = journeyDelivery(deps);
  const calendar = deps.calendar ?? CN_CALENDAR;
  const now = deps.now ?? (() => new Date());

  /** The digest time of a round today: its own, or a personal digest's when it sets none. */
  function digestTime(round: RoundFacts, day: string): Date {
    const at = round.settings.digest?.at ?? PERSONAL_DIGEST_AT;
    return new Date(`${day}T${at}:00.000+08:00`);
  }

  async function addresseeOf(recipient: string): Promise<Addressee | null> {
    if (recipient.startsWith('body:')) return directory.certificationBody(recipient.slice('body:'.length));
    return directory.principal(recipient);
  }

  async function sendDigest({ recipient, digestKey }: DueDigest): Promise<SendOutcome> {
    if (await emailLog.wasSent(digestKey)) return 'already_sent';
    const record = { key: digestKey, journeyId: null, template: 'digest' };
    const addressee = await addresseeOf(recipient);
    if (!addressee) {
      await emailLog.recordSkipped(
        { ...record, recipient, subject: '-' },
        `${recipient} is no longer active`,
      );
      return 'skipped';
    }
    const lines = await queue.digests.lines(digestKey);
    if (lines.length === 0) {
      // Everything it would have listed moved on since: no email, and the claim is settled.
      await emailLog.recordSkipped(
        { ...record, recipient: addressee.email, subject: '-' },
        'nothing stalled to list any more',
      );
      return 'skipped';
    }
    const locale = asLocale(addressee.locale);
    const labels = templates.labels(locale);
    const rounds: { roundName: string; stages: { stageLabel: string; journeys: object[] }[] }[] = [];
    const ordered = [...lines].sort(
      (a, b) =>
        a.roundName.localeCompare(b.roundName) ||
        a.roundId.localeCompare(b.roundId) ||
        STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) ||
        a.journeyId.localeCompare(b.journeyId),
    );
    let lastRound: string | null = null;
    let lastStage: string | null = null;
    for (const line of ordered) {
      if (line.roundId !== lastRound) {
        rounds.push({ roundName: line.roundName, stages: [] });
        lastRound = line.roundId;
        lastStage = null;
      }
      const stages = rounds[rounds.length - 1].stages;
      if (line.stage !== lastStage) {
        stages.push({ stageLabel: labels.stages[line.stage] ?? line.stage, journeys: [] });
        lastStage = line.stage;
      }
      stages[stages.length - 1].journeys.push(journeyLine(line, locale, labels));
    }
    const rendered = templates.render('digest', locale, {
      recipientName: addressee.name,
      day: digestKey.slice(-10),
      count: lines.length,
      rounds,
    });
    await delivery.sendOne(digestKey, null, 'digest', addressee, rendered);
    return 'sent';
  }

  function journeyLine(
    line: DigestLine,
    locale: ReturnType<typeof asLocale>,
    labels: ReturnType<typeof templates.labels>,
  ) {
    const label = (() => {
      try {
        return stepDefinition(line.step as StepName).label ?? line.step;
      } catch {
        return line.step;
      }
    })();
    return {
      enterpriseName: line.enterprise.name,
      uscc: line.enterprise.uscc,
      stepLabel: labels.steps[label] ?? line.step,
      deadline: formatTime(line.deadline, locale, labels.none),
      escalated: line.escalated,
      journeyUrl: `${deps.publicBaseUrl}${consolePages.journey(line.journeyId)}`,
    };
  }

  return {
    /**
     * Sends every held-back email whose time has come, through the journey's own send path and
     * keys; one the mail server refuses for good is recorded failed and is not tried again.
     */
    async sendDeferredEmails(): Promise<number> {
      let sent = 0;
      // One that fails is left due and the rest still go; the activity then fails, to be retried.
      const failed = new Map<string, unknown>();
      for (;;) {
        const due = (await queue.deferred.due(now(), DEFERRED_PAGE + failed.size)).filter(
          (email) => !failed.has(email.key),
        );
        if (due.length === 0) break;
        for (const email of due) {
          try {
            await delivery.send(email.command as NotificationCommand, true);
          } catch (err) {
            if (!refused(err)) {
              failed.set(email.key, err);
              continue;
            }
          }
          await queue.deferred.markSent(email.key);
          heartbeat(++sent);
        }
      }
      if (failed.size > 0) throw failure(failed);
      return sent;
    },

    /**
     * The digests to send now: those claimed before and not yet sent (a dispatcher that died
     * mid-send), and, for each person with waiting items whose digest time has come today (Beijing
     * time; inside working hours when the round sets them), today's digest, its items claimed in one
     * transaction. A person who had today's digest waits for tomorrow's.
     */
    async claimDueDigests(): Promise<DueDigest[]> {
      const at = now();
      const day = beijingDay(at);
      const rounds = new Map<string, Promise<RoundFacts>>();
      const round = (id: string) => {
        let r = rounds.get(id);
        if (!r) rounds.set(id, (r = directory.round(id)));
        return r;
      };
      const waiting = await queue.digests.waiting();
      let claimed = 0;
      for (const { recipient, roundIds } of waiting) {
        let due = false;
        for (const id of roundIds) {
          const r = await round(id);
          if (at >= digestTime(r, day) && isWithinWorkingHours(at, r.settings.workingHours, calendar)) {
            due = true;
            break;
          }
        }
        if (due && (await queue.digests.claim(recipient, digestKeyOf(recipient, day))) > 0)
          heartbeat(++claimed);
      }
      return queue.digests.unsent();
    },

    /** Sends these digests, each once (`digest:<recipient>:<day>` in the email log). */
    async sendDigests(digests: DueDigest[]): Promise<number> {
      let sent = 0;
      const todo = [...digests];
      // One that fails does not hold up the others; the activity then fails, and its retry sends
      // only what the email log does not show as sent.
      const failed = new Map<string, unknown>();
      await Promise.all(
        Array.from({ length: DIGEST_CONCURRENCY }, async () => {
          for (let next = todo.shift(); next; next = todo.shift()) {
            try {
              if ((await sendDigest(next)) === 'sent') sent++;
            } catch (err) {
              if (!refused(err)) failed.set(next.digestKey, err);
            }
            heartbeat(sent);
          }
        }),
      );
      if (failed.size > 0) throw failure(failed);
      return sent;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
