import { ApplicationFailure } from '@temporalio/common';
import {
  escalationLadder,
  CN_CALENDAR,
  ROUND_OWNER,
  consolePages,
  divisionCovers,
  divisionPrefix,
  isWithinWorkingHours,
  nextOpening,
  NATIONAL_DIVISION,
  type Enterprise,
  type JourneyState,
  notificationFacts,
  type NotificationFacts,
  type NotificationRequest,
  stepDefinition,
  type StepName,
  whoMustActKey,
  type WorkCalendar,
} from '@uplift/domain';
import {
  PermanentRefusal,
  type OutgoingEmail,
  asLocale,
  type Locale,
  type TemplateRenderer,
} from '@uplift/notifications';
import type {
  Addressee,
  DeferredEmails,
  DigestItems,
  Directory,
  EmailLog,
  JourneyReadModel,
  NotificationMode,
  RoundFacts,
} from '@uplift/persistence';

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
  /**
   * Where emails wait for working hours and for digests (the worker's). Absent where an email must go
   * now, e.g. the evaluation link the API resends in front of the person who asked for it.
   */
  queue?: { deferred: DeferredEmails; digests: DigestItems };
  /** The working-day calendar of working hours: the mainland's, or a test's (`UPLIFT_TEST_CALENDAR`). */
  calendar?: WorkCalendar;
  /** The clock; tests hand in their own. */
  now?: () => Date;
}

/**
 * An email to send: since bounded-history-v1 with the few facts of the journey it needs (`about`),
 * before it with the journey's whole state (`journey`), which activities scheduled then still carry.
 */
export type NotificationCommand = NotificationRequest &
  ({ about: NotificationFacts; journey?: never } | { journey: JourneyState; about?: never });

/**
 * What became of an email: sent, sent before, skipped (by an admin, or no one left to send it to),
 * held back until working hours open, or gathered into its recipient's daily digest.
 */
export type SendOutcome = 'sent' | 'already_sent' | 'skipped' | 'deferred' | 'digested';

/** The failure type of an email the mail server refused for good: Temporal does not retry it. */
export const EMAIL_REFUSED = 'EmailRefused';

/** The templates a digest replaces: what asks bureau and body staff to act on a stalled journey. */
const DIGESTED_TEMPLATES: readonly string[] = ['reminder', 'escalation'];

export function formatTime(iso: string | Date | null | undefined, locale: Locale, none: string): string {
  if (!iso) return none;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** The division directly above `code` (a county's city, a city's province, a province's nation). */
export function parentDivision(code: string): string | null {
  if (code === NATIONAL_DIVISION) return null;
  const prefix = divisionPrefix(code);
  if (prefix.length === 2) return NATIONAL_DIVISION;
  return prefix.length === 4 ? `${prefix.slice(0, 2)}0000` : `${prefix.slice(0, 4)}00`;
}

/** Whether `code` lies strictly inside `scope`: a rung of a ladder below the round's own division. */
function strictlyBelow(code: string, scope: string): boolean {
  return code !== scope && divisionCovers(scope, code);
}

/**
 * One email of a command to one person or address. `digestAs` names bureau and body staff, whose
 * reminders and escalations may be digested: a principal id, or `body:<id>` for a body's address.
 */
export type Target =
  | { key: string; addressee: Addressee; digestAs: string | null; mode: NotificationMode | null }
  | { key: string; gone: string };

/**
 * The journey's email delivery: whom an email goes to, whether it waits (working hours) or joins a
 * digest, and the send itself. The journey's email activity and the notification dispatcher (deferred
 * emails) both send through it, so an email takes the same path whenever it leaves.
 */
export function journeyDelivery(deps: ActivityDeps) {
  const { readModel, emailLog, directory, mailer, templates, links } = deps;
  const calendar = deps.calendar ?? CN_CALENDAR;
  const now = deps.now ?? (() => new Date());

  /** The round's owner: the regulator who opened it, or their successor (`regulatorOfRound`). */
  async function owner(key: string, roundId: string): Promise<Target[]> {
    const p = await directory.regulatorOfRound(roundId);
    return [{ key, addressee: p, digestAs: p.id, mode: p.notificationMode }];
  }

  /**
   * Where a rung of an escalation ladder lands: its division's active regulators, or those of the
   * nearest division above it still below the round's own, or else the round's owner.
   */
  async function landing(
    division: string,
    roundRegion: string,
  ): Promise<{ at: string; bureau: Awaited<ReturnType<Directory['regulatorsOf']>> }> {
    if (division === ROUND_OWNER) return { at: ROUND_OWNER, bureau: [] };
    for (
      let d: string | null = division;
      d !== null && strictlyBelow(d, roundRegion);
      d = parentDivision(d)
    ) {
      const bureau = await directory.regulatorsOf(d);
      if (bureau.length > 0) return { at: d, bureau };
    }
    return { at: ROUND_OWNER, bureau: [] };
  }

  /**
   * Whom the command's email goes to, one target per email. A body: its journey's assignee while
   * active and still the body's, else the body's address. A regulator division: each of its active
   * regulators (keys suffixed with their id), climbing to the division above while none is active and
   * the next one is still below the round's own division, then the round's owner.
   */
  async function addresseeOf(
    command: NotificationCommand,
    facts: NotificationFacts,
    round: RoundFacts,
    enterprise: Enterprise,
  ): Promise<Target[]> {
    const { recipient, key } = command;
    switch (recipient.kind) {
      case 'certification_body': {
        const assignee = facts.assigneeId ? await directory.bodyMember(facts.assigneeId, recipient.id) : null;
        if (assignee)
          return [{ key, addressee: assignee, digestAs: assignee.id, mode: assignee.notificationMode }];
        const body = await directory.certificationBody(recipient.id);
        return [{ key, addressee: body, digestAs: `body:${recipient.id}`, mode: null }];
      }
      case 'regulator': {
        if (recipient.division === undefined) return owner(key, facts.roundId);
        const here = await landing(recipient.division, round.regionCode);
        // A rung whose bureau has nobody active climbs; if it lands where an earlier rung of the same
        // ladder already landed, those people were told of this stall already: once is enough.
        const ladder = escalationLadder(enterprise.regionCode, round.regionCode);
        const rung = ladder.indexOf(recipient.division);
        for (const lower of ladder.slice(0, Math.max(rung, 0))) {
          if ((await landing(lower, round.regionCode)).at === here.at)
            return [{ key, gone: `escalated to ${here.at} at an earlier rung of this stall` }];
        }
        if (here.at === ROUND_OWNER) return owner(key, facts.roundId);
        return here.bureau.map((p) => ({
          key: `${key}:${p.id}`,
          addressee: p,
          digestAs: p.id,
          mode: p.notificationMode,
        }));
      }
      case 'enterprise':
        return [
          {
            key,
            addressee: {
              name: enterprise.contactName ?? enterprise.name,
              email: enterprise.email,
              locale: 'zh-CN',
            },
            digestAs: null,
            mode: null,
          },
        ];
      case 'principal': {
        const person = await directory.principal(recipient.id);
        // Someone no longer active is told nothing; the email is recorded skipped, not retried.
        if (!person) return [{ key, gone: `principal ${recipient.id} is no longer active` }];
        return [{ key, addressee: person, digestAs: null, mode: person.notificationMode }];
      }
    }
  }

  /** Whether the email joins the person's digest: their choice, or the round's when they made none. */
  function digested(
    command: NotificationCommand,
    target: Target,
    round: RoundFacts,
  ): target is Target & {
    digestAs: string;
  } {
    if (!('addressee' in target) || target.digestAs === null) return false;
    if (!DIGESTED_TEMPLATES.includes(command.template)) return false;
    return target.mode === 'digest' || (target.mode === null && !!round.settings.digest);
  }

  async function render(
    command: NotificationCommand,
    facts: NotificationFacts,
    round: RoundFacts,
    enterprise: Enterprise,
    addressee: Addressee,
  ) {
    const locale = asLocale(addressee.locale);
    const labels = templates.labels(locale);
    let link = '';
    if (command.recipient.kind === 'enterprise' && command.evaluation && command.linkExpiresAt) {
      const token = await links.issue(facts.journeyId, command.evaluation, new Date(command.linkExpiresAt));
      link = `${deps.publicBaseUrl}/evaluate/${token}`;
    }
    // An assignment email says what the body does next: a first assignment's is the diagnosis, a
    // reassignment's the step the journey waits for (its request names it).
    const next = (
      command.template === 'assignment' && command.step === 'assignment' ? 'diagnosis' : command.step
    ) as StepName;
    const label = stepDefinition(next).label ?? next;
    return templates.render(command.template, locale, {
      recipientName: addressee.name,
      roundName: round.name,
      enterpriseName: enterprise.name,
      uscc: enterprise.uscc,
      contactName: enterprise.contactName ?? '-',
      enterpriseEmail: enterprise.email,
      stepLabel: labels.steps[label] ?? next,
      action: labels.actions[label] ?? '',
      responsible: labels.responsible[whoMustActKey(command.step as StepName) ?? ''] ?? '',
      evaluation: command.evaluation ?? 0,
      deadline: formatTime(facts.deadline, locale, labels.none),
      stalledSince: formatTime(facts.stalledSince, locale, labels.none),
      remindersSent: facts.remindersSent,
      reminderNumber: facts.remindersSent,
      reminderMax: facts.reminderMax,
      link,
      linkExpires: formatTime(command.linkExpiresAt, locale, labels.none),
      journeyId: facts.journeyId,
      // People open it in a browser: the console's journey page, not the API's JSON.
      journeyUrl: `${deps.publicBaseUrl}${consolePages.journey(facts.journeyId)}`,
    });
  }

  /** Sends one email once its key is reserved; a permanent refusal is recorded and never retried. */
  async function sendOne(
    key: string,
    journeyId: string | null,
    template: string,
    addressee: Addressee,
    rendered: { subject: string; text: string; html: string },
  ): Promise<void> {
    await emailLog.reserve({
      key,
      journeyId,
      template,
      recipient: addressee.email,
      subject: rendered.subject,
    });
    let messageId: string;
    try {
      messageId = await mailer.send({ ...rendered, to: addressee.email, key });
    } catch (err) {
      if (!(err instanceof PermanentRefusal)) throw err;
      // Sending again would be refused again: recorded failed, and Temporal is told not to retry.
      await emailLog.markFailed(key, err.message);
      throw ApplicationFailure.create({ type: EMAIL_REFUSED, message: err.message, nonRetryable: true });
    }
    await emailLog.markSent(key, messageId);
  }

  /**
   * Renders and sends the command's emails, at most once per key once a send has succeeded, unless
   * an admin skipped it. A reminder or escalation to staff who take digests joins their digest; with
   * the round's working hours set, the rest wait outside them (`held`: the dispatcher sending an email
   * that waited, whose time has come). Emails to an enterprise about an evaluation carry a fresh
   * one-time link; the token never enters the workflow's history, only its hash the database.
   */
  async function send(command: NotificationCommand, held = false): Promise<SendOutcome> {
    if (await emailLog.wasSent(command.key)) return 'already_sent';
    // An admin gave up on this email while it kept failing: the journey goes on without it.
    const skippedBy = await deps.skips?.skipRequestedBy(command.key);
    if (skippedBy) {
      await emailLog.markSkipped(command.key, skippedBy);
      return 'skipped';
    }
    const facts = command.about ?? notificationFacts(command.journey);
    const enterprise = command.journey?.enterprise ?? (await readModel.enterprise(facts.journeyId));
    const round = await directory.round(facts.roundId);
    const targets = await addresseeOf(command, facts, round, enterprise);
    const outcomes = new Set<SendOutcome>();
    const hours = round.settings.workingHours;
    const at = now();
    const waits = !held && !!deps.queue && !isWithinWorkingHours(at, hours, calendar);
    for (const target of targets) {
      if ('gone' in target) {
        const record = { key: target.key, journeyId: facts.journeyId, template: command.template };
        await emailLog.recordSkipped({ ...record, recipient: '-', subject: '-' }, target.gone);
        outcomes.add('skipped');
        continue;
      }
      if (target.key !== command.key && (await emailLog.wasSent(target.key))) {
        outcomes.add('already_sent');
        continue;
      }
      if (deps.queue && digested(command, target, round)) {
        await deps.queue.digests.add({
          key: target.key,
          recipient: target.digestAs,
          journeyId: facts.journeyId,
          roundId: facts.roundId,
          stage: command.journey?.stage ?? (await readModel.stage(facts.journeyId)),
          step: command.step,
          template: command.template,
          stalledSince: facts.stalledSince,
        });
        outcomes.add('digested');
        continue;
      }
      if (waits) {
        // The whole command waits, by its own key: sent later through this path, with these keys.
        await deps.queue!.deferred.defer({
          key: command.key,
          command,
          notBefore: nextOpening(at, hours, calendar),
        });
        outcomes.add('deferred');
        continue;
      }
      const rendered = await render(command, facts, round, enterprise, target.addressee);
      await sendOne(target.key, facts.journeyId, command.template, target.addressee, rendered);
      outcomes.add('sent');
    }
    for (const outcome of ['sent', 'deferred', 'digested', 'already_sent', 'skipped'] as const)
      if (outcomes.has(outcome)) return outcome;
    return 'skipped';
  }

  return { send, sendOne, addresseeOf };
}

/**
 * The journey workflow's side effects. Each is idempotent: Temporal retries an activity whose
 * worker died, so running one twice must leave the same result as running it once.
 */
export function createActivities(deps: ActivityDeps) {
  const delivery = journeyDelivery(deps);

  return {
    /** Mirrors the workflow's state into the read model; an older version never overwrites a newer one. */
    async recordJourney(state: JourneyState): Promise<void> {
      await deps.readModel.record(state);
    },

    /** Sends the journey's email, or holds it for working hours or its recipient's digest (`journeyDelivery`). */
    async sendNotification(command: NotificationCommand): Promise<SendOutcome> {
      return delivery.send(command);
    },
  };
}

export type JourneyActivities = ReturnType<typeof createActivities>;
