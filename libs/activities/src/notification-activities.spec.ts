import { MockActivityEnvironment } from '@temporalio/testing';
import { DEFAULT_ROUND_SETTINGS, type RoundSettings, workCalendar } from '@uplift/domain';
import { type OutgoingEmail, TemplateRenderer } from '@uplift/notifications';
import type {
  DeferredEmail,
  DigestItem,
  DigestLine,
  EmailLog,
  EmailRecord,
  Person,
} from '@uplift/persistence';
import type { NotificationCommand } from './journey-activities';
import { createNotificationActivities, digestKeyOf } from './notification-activities';

class MemoryEmailLog implements EmailLog {
  readonly records = new Map<string, EmailRecord & { status: string }>();
  async wasSent(key: string) {
    return this.records.get(key)?.status === 'sent';
  }
  async reserve(record: EmailRecord) {
    if (!this.records.has(record.key)) this.records.set(record.key, { ...record, status: 'pending' });
  }
  async markSent(key: string) {
    this.records.get(key)!.status = 'sent';
  }
  async markFailed(key: string) {
    this.records.get(key)!.status = 'failed';
  }
  async markSkipped(key: string) {
    this.records.get(key)!.status = 'skipped';
  }
  async recordSkipped(record: EmailRecord) {
    await this.reserve(record);
    this.records.get(record.key)!.status = 'skipped';
  }
}

/** The digest items table as SQL keeps it: a claim is all-or-nothing, and a claimed digest takes no more. */
class MemoryDigests {
  items: (DigestItem & { digestKey: string | null })[] = [];
  /** Journeys still stalled, by id, with their round and stage. */
  stalled = new Map<string, Pick<DigestLine, 'roundId' | 'roundName' | 'stage'>>();
  constructor(private readonly log: MemoryEmailLog) {}
  async add(item: DigestItem) {
    if (!this.items.some((i) => i.key === item.key && i.recipient === item.recipient))
      this.items.push({ ...item, digestKey: null });
  }
  async waiting() {
    const by = new Map<string, Set<string>>();
    for (const i of this.items.filter((x) => x.digestKey === null))
      by.set(i.recipient, (by.get(i.recipient) ?? new Set()).add(i.roundId));
    return [...by].map(([recipient, ids]) => ({ recipient, roundIds: [...ids] }));
  }
  async claim(recipient: string, digestKey: string) {
    if (this.items.some((i) => i.digestKey === digestKey) || this.log.records.has(digestKey)) return 0;
    const mine = this.items.filter((i) => i.recipient === recipient && i.digestKey === null);
    for (const i of mine) i.digestKey = digestKey;
    return mine.length;
  }
  async unsent() {
    const keys = new Map<string, string>();
    for (const i of this.items)
      if (
        i.digestKey &&
        !['sent', 'failed', 'skipped'].includes(this.log.records.get(i.digestKey)?.status ?? '')
      )
        keys.set(i.digestKey, i.recipient);
    return [...keys].map(([digestKey, recipient]) => ({ recipient, digestKey }));
  }
  async lines(digestKey: string): Promise<DigestLine[]> {
    const ids = [...new Set(this.items.filter((i) => i.digestKey === digestKey).map((i) => i.journeyId))];
    return ids
      .filter((id) => this.stalled.has(id))
      .map((id) => ({
        journeyId: id,
        ...this.stalled.get(id)!,
        step: 'diagnosis',
        enterprise: { name: `企业${id}`, uscc: `USCC-${id}` },
        deadline: new Date('2026-03-01T01:00:00Z'),
        stalledSince: '2026-03-01T01:00:00.000Z',
        escalated: this.items.some((i) => i.journeyId === id && i.template === 'escalation'),
      }));
  }
}

const people: Person[] = [
  { id: 'hz', name: '杭州市局', email: 'hz@samr.example', locale: 'zh-CN', notificationMode: null },
  { id: 'en', name: 'Auditor', email: 'en@cert.example', locale: 'en', notificationMode: 'digest' },
];

function setup(
  options: {
    now?: string;
    settings?: Partial<RoundSettings>;
    failSends?: number;
    calendar?: ReturnType<typeof workCalendar>;
  } = {},
) {
  const emailLog = new MemoryEmailLog();
  const digests = new MemoryDigests(emailLog);
  const deferred: (DeferredEmail & { sent?: boolean })[] = [];
  const sent: OutgoingEmail[] = [];
  let failures = options.failSends ?? 0;
  let clock = new Date(options.now ?? '2026-03-02T01:30:00Z');
  const activities = createNotificationActivities({
    readModel: {
      record: async () => undefined,
      enterprise: async () => ({
        uscc: '91330106MA0000001X',
        name: '杭州甲公司',
        regionCode: '330106',
        industryCode: 'C3511',
        email: 'owner@ent.example',
      }),
      stage: async () => 'diagnosis',
    },
    emailLog,
    directory: {
      roundName: async () => '2026年浙江省第一批',
      round: async () => ({
        name: '2026年浙江省第一批',
        regionCode: '330000',
        settings: { ...DEFAULT_ROUND_SETTINGS, digest: { at: '09:00' }, ...options.settings },
      }),
      certificationBody: async () => ({ name: '浙江认证中心', email: 'body@cert.example', locale: 'zh-CN' }),
      regulatorOfRound: async () => people[0],
      principal: async (id) => people.find((p) => p.id === id) ?? null,
      bodyMember: async () => null,
      regulatorsOf: async () => [],
    },
    links: { issue: async () => 'token' },
    mailer: {
      send: async (email) => {
        if (failures-- > 0) throw new Error('SMTP 421 try again later');
        sent.push(email);
        return `<m${sent.length}@test>`;
      },
    },
    templates: new TemplateRenderer(),
    publicBaseUrl: 'https://uplift.example',
    queue: {
      deferred: {
        defer: async (d) => void deferred.push(d),
        due: async (now, limit) => deferred.filter((d) => !d.sent && d.notBefore <= now).slice(0, limit),
        markSent: async (key) => {
          deferred.find((d) => d.key === key)!.sent = true;
        },
      },
      digests,
    },
    calendar: options.calendar,
    now: () => clock,
  });
  const item = (recipient: string, journeyId: string, template = 'reminder', n = 1): DigestItem => ({
    key: `journey-${journeyId}:${template}:${n}`,
    recipient,
    journeyId,
    roundId: 'r1',
    stage: 'diagnosis',
    step: 'diagnosis',
    template,
    stalledSince: '2026-03-01T01:00:00.000Z',
  });
  return {
    activities,
    sent,
    emailLog,
    digests,
    deferred,
    item,
    at: (iso: string) => (clock = new Date(iso)),
  };
}

const run = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> =>
  new MockActivityEnvironment().run(fn, ...args);

describe('the notification dispatcher', () => {
  it('sends a held-back email once its time has come, under its own key, and only then', async () => {
    const { activities, sent, deferred, at } = setup({ now: '2026-03-02T00:30:00Z' });
    const command: NotificationCommand = {
      template: 'reminder',
      recipient: { kind: 'enterprise' },
      key: 'journey-1:reminder:s:1:enterprise',
      step: 'diagnosis',
      about: {
        journeyId: 'journey-1',
        roundId: 'r1',
        deadline: '2026-03-01T01:00:00.000Z',
        stalledSince: '2026-03-01T01:00:00.000Z',
        remindersSent: 1,
        reminderMax: 3,
      },
    };
    deferred.push({ key: command.key, command, notBefore: new Date('2026-03-02T01:00:00Z') });
    expect(await run(activities.sendDeferredEmails)).toBe(0);
    at('2026-03-02T01:00:00Z');
    expect(await run(activities.sendDeferredEmails)).toBe(1);
    expect(await run(activities.sendDeferredEmails)).toBe(0);
    expect(sent.map((m) => [m.to, m.key])).toEqual([['owner@ent.example', command.key]]);
  });

  it('sends the other held-back emails when one fails, and that one on the retry', async () => {
    const { activities, sent, deferred } = setup({ now: '2026-03-02T01:00:00Z', failSends: 1 });
    for (const n of [1, 2])
      deferred.push({
        key: `journey-${n}:reminder:s:1:enterprise`,
        command: {
          template: 'reminder',
          recipient: { kind: 'enterprise' },
          key: `journey-${n}:reminder:s:1:enterprise`,
          step: 'diagnosis',
          about: {
            journeyId: `journey-${n}`,
            roundId: 'r1',
            deadline: null,
            stalledSince: null,
            remindersSent: 1,
            reminderMax: 3,
          },
        } satisfies NotificationCommand,
        notBefore: new Date('2026-03-02T00:00:00Z'),
      });
    await expect(run(activities.sendDeferredEmails)).rejects.toThrow('SMTP 421');
    expect(sent.map((m) => m.key)).toEqual(['journey-2:reminder:s:1:enterprise']);
    expect(await run(activities.sendDeferredEmails)).toBe(1);
    expect(sent.map((m) => m.key)).toEqual([
      'journey-2:reminder:s:1:enterprise',
      'journey-1:reminder:s:1:enterprise',
    ]);
  });

  it('sends nobody a digest before their digest time, then one listing each stalled journey once', async () => {
    const { activities, sent, digests, item, at } = setup({ now: '2026-03-02T00:59:00Z' });
    // Two reminders and an escalation about journey a, a reminder about b, one about c, no longer stalled.
    for (const i of [
      item('hz', 'a'),
      item('hz', 'a', 'reminder', 2),
      item('hz', 'a', 'escalation'),
      item('hz', 'b'),
      item('hz', 'c'),
    ])
      await digests.add(i);
    digests.stalled.set('a', { roundId: 'r1', roundName: '2026年浙江省第一批', stage: 'diagnosis' });
    digests.stalled.set('b', { roundId: 'r1', roundName: '2026年浙江省第一批', stage: 'assistance' });
    expect(await run(activities.claimDueDigests)).toEqual([]);
    at('2026-03-02T01:00:00Z');
    const due = await run(activities.claimDueDigests);
    expect(due).toEqual([{ recipient: 'hz', digestKey: digestKeyOf('hz', '2026-03-02') }]);
    expect(await run(activities.sendDigests, due)).toBe(1);
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail).toMatchObject({ to: 'hz@samr.example', key: 'digest:hz:2026-03-02' });
    expect(mail.subject).toContain('2 家企业');
    expect(mail.text.match(/企业a（/g)).toHaveLength(1);
    expect(mail.text.match(/企业b（/g)).toHaveLength(1);
    expect(mail.text).not.toContain('企业c');
    // Grouped by round, then stage in journey order, with the console's pages.
    expect(mail.text.indexOf('【诊断】')).toBeLessThan(mail.text.indexOf('【帮扶】'));
    expect(mail.text.indexOf('企业a')).toBeLessThan(mail.text.indexOf('【帮扶】'));
    expect(mail.text).toContain('https://uplift.example/console/journeys/a');
    expect(mail.text).toContain('已督办');
  });

  it('sends at most one digest a day: what comes after it waits for the next day', async () => {
    const { activities, sent, digests, item, at } = setup({ now: '2026-03-02T01:00:00Z' });
    digests.stalled.set('a', { roundId: 'r1', roundName: '一批', stage: 'diagnosis' });
    digests.stalled.set('b', { roundId: 'r1', roundName: '一批', stage: 'diagnosis' });
    await digests.add(item('hz', 'a'));
    await run(activities.sendDigests, await run(activities.claimDueDigests));
    await digests.add(item('hz', 'b'));
    at('2026-03-02T05:00:00Z');
    expect(await run(activities.claimDueDigests)).toEqual([]);
    at('2026-03-03T01:00:00Z');
    await run(activities.sendDigests, await run(activities.claimDueDigests));
    expect(sent.map((m) => m.key)).toEqual(['digest:hz:2026-03-02', 'digest:hz:2026-03-03']);
    expect(sent[1].text).not.toContain('企业a');
  });

  it('resends a digest whose send failed with what it claimed, under the same key, once', async () => {
    const { activities, sent, digests, item } = setup({ now: '2026-03-02T01:00:00Z', failSends: 1 });
    digests.stalled.set('a', { roundId: 'r1', roundName: '一批', stage: 'diagnosis' });
    digests.stalled.set('b', { roundId: 'r1', roundName: '一批', stage: 'diagnosis' });
    await digests.add(item('hz', 'a'));
    const due = await run(activities.claimDueDigests);
    await expect(run(activities.sendDigests, due)).rejects.toThrow('SMTP 421');
    // Arrived after the claim: tomorrow's, not part of the digest being resent.
    await digests.add(item('hz', 'b'));
    const again = await run(activities.claimDueDigests);
    expect(again).toEqual(due);
    await run(activities.sendDigests, again);
    await run(activities.sendDigests, again);
    expect(sent.map((m) => m.key)).toEqual(['digest:hz:2026-03-02']);
    expect(sent[0].text).not.toContain('企业b');
    expect(await run(activities.claimDueDigests)).toEqual([]);
  });

  it('waits for working hours on working days when the round sets them', async () => {
    // Saturday 7 March 2026, 10:00 in Beijing: a day off on the mainland calendar.
    const hours = { workingHours: { from: '09:00', to: '18:00' } };
    const mainland = setup({ now: '2026-03-07T02:00:00Z', settings: hours });
    mainland.digests.stalled.set('a', { roundId: 'r1', roundName: '一批', stage: 'diagnosis' });
    await mainland.digests.add(mainland.item('hz', 'a'));
    expect(await run(mainland.activities.claimDueDigests)).toEqual([]);
    // A test calendar that makes that Saturday a working day lets it go.
    const everyDay = setup({
      now: '2026-03-07T02:00:00Z',
      settings: hours,
      calendar: workCalendar({
        source: 'test',
        firstYear: 2026,
        lastYear: 2026,
        holidays: [],
        workdays: ['2026-03-07'],
      }),
    });
    everyDay.digests.stalled.set('a', { roundId: 'r1', roundName: '一批', stage: 'diagnosis' });
    await everyDay.digests.add(everyDay.item('hz', 'a'));
    expect(await run(everyDay.activities.claimDueDigests)).toHaveLength(1);
  });

  it("writes a person's digest in their language, and none when nothing is stalled any more", async () => {
    const { activities, sent, digests, item, emailLog } = setup();
    digests.stalled.set('a', { roundId: 'r1', roundName: 'Round 1', stage: 'certification' });
    await digests.add(item('en', 'a'));
    await digests.add(item('hz', 'gone'));
    await run(activities.sendDigests, await run(activities.claimDueDigests));
    expect(sent.map((m) => m.to)).toEqual(['en@cert.example']);
    expect(sent[0].subject).toContain('Digest for 2026-03-02: 1 overdue');
    expect(sent[0].text).toContain('  [certification]\n');
    expect(emailLog.records.get('digest:hz:2026-03-02')?.status).toBe('skipped');
    expect(await run(activities.claimDueDigests)).toEqual([]);
  });
});
