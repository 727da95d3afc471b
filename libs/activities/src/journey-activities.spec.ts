import { MockActivityEnvironment } from '@temporalio/testing';
import {
  type JourneyState,
  type PendingStep,
  DEFAULT_ROUND_SETTINGS,
  STEP_NAMES,
  initialJourney,
  notificationFacts,
  stepDefinition,
  whoMustActKey,
} from '@uplift/domain';
import { ApplicationFailure } from '@temporalio/common';
import { PermanentRefusal, type OutgoingEmail, TemplateRenderer } from '@uplift/notifications';
import type {
  DeferredEmail,
  DigestItem,
  EmailLog,
  EmailRecord,
  NotificationMode,
  Person,
  RoundFacts,
} from '@uplift/persistence';
import {
  createActivities,
  EMAIL_REFUSED,
  parentDivision,
  type NotificationCommand,
} from './journey-activities';

class MemoryEmailLog implements EmailLog {
  readonly records = new Map<
    string,
    EmailRecord & { messageId?: string; failure?: string; skippedBy?: string }
  >();
  async wasSent(key: string) {
    return !!this.records.get(key)?.messageId;
  }
  async reserve(record: EmailRecord) {
    if (!this.records.has(record.key)) this.records.set(record.key, record);
  }
  async markSent(key: string, messageId: string) {
    this.records.get(key)!.messageId = messageId;
  }
  async markFailed(key: string, reply: string) {
    this.records.get(key)!.failure = reply;
  }
  async markSkipped(key: string, principalId: string) {
    const record = this.records.get(key);
    if (record) record.skippedBy = principalId;
  }
  async recordSkipped(record: EmailRecord, reason: string) {
    await this.reserve(record);
    this.records.get(record.key)!.failure = `skipped: ${reason}`;
  }
}

/** A principal of the fake directory. */
interface Staff extends Person {
  role: 'regulator' | 'certification_body';
  regionCode?: string;
  bodyId?: string;
  active: boolean;
}

const staff = (
  id: string,
  over: Partial<Staff> & Pick<Staff, 'role'>,
  mode: NotificationMode | null = null,
): Staff => ({
  id,
  name: `${id}名`,
  email: `${id}@example.cn`,
  locale: 'zh-CN',
  notificationMode: mode,
  active: true,
  ...over,
});

function setup(
  options: {
    failSends?: number;
    refuse?: string;
    regulatorLocale?: string;
    skips?: Map<string, string>;
    people?: Staff[];
    round?: Partial<RoundFacts['settings']>;
    roundRegion?: string;
    now?: string;
    queue?: boolean;
  } = {},
) {
  const people = options.people ?? [];
  const person = (p: Staff): Person => ({
    id: p.id,
    name: p.name,
    email: p.email,
    locale: p.locale,
    notificationMode: p.notificationMode,
  });
  const deferred: DeferredEmail[] = [];
  const digests: DigestItem[] = [];
  const sent: OutgoingEmail[] = [];
  let failures = options.failSends ?? 0;
  let attempts = 0;
  const emailLog = new MemoryEmailLog();
  const recorded: JourneyState[] = [];
  let issued = 0;
  const activities = createActivities({
    readModel: {
      record: async (s) => void recorded.push(s),
      enterprise: async (id) => {
        if (id !== journey.id) throw new Error(`no journey ${id}`);
        return journey.enterprise;
      },
      stage: async () => 'diagnosis',
    },
    emailLog,
    directory: {
      roundName: async () => '2026年福建省第一批',
      round: async () => ({
        name: '2026年福建省第一批',
        regionCode: options.roundRegion ?? '350000',
        settings: { ...DEFAULT_ROUND_SETTINGS, ...options.round },
      }),
      certificationBody: async () => ({ name: '福建认证中心', email: 'body@cert.example', locale: 'zh-CN' }),
      regulatorOfRound: async () => ({
        id: 'owner-1',
        name: '福建省市场监管局',
        email: 'fj@samr.example',
        locale: options.regulatorLocale ?? 'zh-CN',
        notificationMode: null,
      }),
      principal: async (id) => {
        const p = people.find((x) => x.id === id && x.active);
        return p ? person(p) : null;
      },
      bodyMember: async (id, bodyId) => {
        const p = people.find(
          (x) => x.id === id && x.active && x.role === 'certification_body' && x.bodyId === bodyId,
        );
        return p ? person(p) : null;
      },
      regulatorsOf: async (division) =>
        people.filter((x) => x.active && x.role === 'regulator' && x.regionCode === division).map(person),
    },
    queue:
      options.queue === false
        ? undefined
        : {
            deferred: {
              defer: async (d) => {
                if (!deferred.some((x) => x.key === d.key)) deferred.push(d);
              },
              due: async () => [],
              markSent: async () => undefined,
            },
            digests: {
              add: async (item) => {
                if (!digests.some((x) => x.key === item.key && x.recipient === item.recipient))
                  digests.push(item);
              },
              waiting: async () => [],
              claim: async () => 0,
              unsent: async () => [],
              lines: async () => [],
            },
          },
    now: () => new Date(options.now ?? '2026-03-02T03:00:00Z'),
    links: { issue: async (_journey, n) => `token-${n}-${++issued}` },
    mailer: {
      send: async (email) => {
        attempts++;
        if (email.to === options.refuse)
          throw new PermanentRefusal(501, '501 5.1.3 Bad recipient address syntax');
        if (failures-- > 0) throw new Error('SMTP 421 try again later');
        sent.push(email);
        return `<m${sent.length}@test>`;
      },
    },
    templates: new TemplateRenderer(),
    publicBaseUrl: 'https://uplift.example',
    skips: { skipRequestedBy: async (key) => options.skips?.get(key) ?? null },
  });
  return { activities, sent, emailLog, recorded, deferred, digests, attempts: () => attempts };
}

const journey = initialJourney(
  {
    id: 'journey-r1-91350100M000100Y43',
    roundId: 'r1',
    enterprise: {
      uscc: '91350100M000100Y43',
      name: '福州甲公司',
      regionCode: '350102',
      industryCode: 'C3511',
      email: 'a@x.example',
    },
    settings: DEFAULT_ROUND_SETTINGS,
  },
  new Date('2026-03-01T00:00:00Z'),
);
const command: NotificationCommand = {
  template: 'assignment',
  recipient: { kind: 'certification_body', id: 'b1' },
  key: `${journey.id}:assignment:1`,
  step: 'assignment',
  journey,
};

describe('journey activities', () => {
  it('sends an assignment email in Chinese naming the enterprise, the step and the deadline', async () => {
    const { activities, sent } = setup();
    const env = new MockActivityEnvironment();
    expect(await env.run(activities.sendNotification, command)).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'body@cert.example', key: command.key });
    expect(sent[0].subject).toContain('福州甲公司');
    expect(sent[0].text).toContain('诊断');
    expect(sent[0].text).toContain('2026年3月31日');
    // The console's journey page (API.md), never the API route a browser would be refused by.
    expect(sent[0].html).toContain(`https://uplift.example/console/journeys/${journey.id}`);
    expect(sent[0].text).not.toContain('/v1/');
  });

  it('tells a body a reassigned journey now waits for it on the step it waits for', async () => {
    const { activities, sent } = setup();
    const env = new MockActivityEnvironment();
    await env.run(activities.sendNotification, {
      ...command,
      key: `${journey.id}:assignment:2`,
      step: 'assistance-plan',
    } satisfies NotificationCommand);
    expect(sent[0].text).toContain('当前环节：帮扶方案');
    expect(sent[0].text).toContain('制定并提交帮扶方案');
    expect(sent[0].text).not.toContain('当前环节：诊断');
  });

  it('tells the body a journey was moved away from, without a link it could no longer open', async () => {
    const { activities, sent } = setup();
    const env = new MockActivityEnvironment();
    await env.run(activities.sendNotification, {
      ...command,
      template: 'reassignment',
      key: `${journey.id}:reassignment:2`,
      step: 'reassignment',
    } satisfies NotificationCommand);
    expect(sent[0]).toMatchObject({ to: 'body@cert.example', key: `${journey.id}:reassignment:2` });
    expect(sent[0].subject).toContain('改由其他机构');
    expect(sent[0].subject).toContain('福州甲公司');
    expect(sent[0].text).toContain('2026年福建省第一批');
    expect(sent[0].html).not.toContain('/console/journeys/');
  });

  it('does not send again when a retried activity finds the send already succeeded', async () => {
    const { activities, sent } = setup();
    const env = new MockActivityEnvironment();
    await env.run(activities.sendNotification, command);
    expect(await env.run(activities.sendNotification, command)).toBe('already_sent');
    expect(sent).toHaveLength(1);
  });

  it('sends on the retry after a failed attempt, once', async () => {
    const { activities, sent, emailLog } = setup({ failSends: 1 });
    const env = new MockActivityEnvironment();
    // A transient failure is thrown as it is: Temporal retries it.
    const failure = await env.run(activities.sendNotification, command).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
    expect(String(failure)).toContain('SMTP 421');
    expect(await emailLog.wasSent(command.key)).toBe(false);
    expect(await env.run(activities.sendNotification, command)).toBe('sent');
    expect(sent).toHaveLength(1);
  });

  it('completes without sending an email an admin skipped while it kept failing, recording who', async () => {
    const skips = new Map<string, string>();
    const { activities, sent, emailLog } = setup({ failSends: 5, skips });
    const env = new MockActivityEnvironment();
    await expect(env.run(activities.sendNotification, command)).rejects.toThrow('SMTP 421');
    skips.set(command.key, 'admin-1');
    expect(await env.run(activities.sendNotification, command)).toBe('skipped');
    expect(sent).toHaveLength(0);
    expect(emailLog.records.get(command.key)?.skippedBy).toBe('admin-1');
  });

  it('sends the enterprise a fresh one-time link with an evaluation request', async () => {
    const { activities, sent } = setup();
    const env = new MockActivityEnvironment();
    await env.run(activities.sendNotification, {
      template: 'evaluation_request',
      recipient: { kind: 'enterprise' },
      key: `${journey.id}:evaluation:1:request`,
      step: 'evaluation',
      evaluation: 1,
      linkExpiresAt: '2026-07-01T00:00:00.000Z',
      journey,
    } satisfies NotificationCommand);
    expect(sent[0].to).toBe('a@x.example');
    expect(sent[0].subject).toContain('第1次');
    expect(sent[0].text).toContain('https://uplift.example/evaluate/token-1-1');
  });

  it('escalates to the regulator who opened the round, naming the overdue step', async () => {
    const { activities, sent } = setup();
    await new MockActivityEnvironment().run(activities.sendNotification, {
      template: 'escalation',
      recipient: { kind: 'regulator' },
      key: `${journey.id}:escalation:x`,
      step: 'diagnosis',
      journey: { ...journey, stalled: true, stalledSince: journey.deadline, remindersSent: 3 },
    } satisfies NotificationCommand);
    expect(sent[0].to).toBe('fj@samr.example');
    expect(sent[0].subject).toContain('督办');
    expect(sent[0].text).toContain('诊断');
    expect(sent[0].text).toContain('已发送 3 次提醒');
  });

  it('sends from ids and facts alone, reading the enterprise from the read model', async () => {
    const { activities, sent } = setup();
    await new MockActivityEnvironment().run(activities.sendNotification, {
      template: 'reminder',
      recipient: { kind: 'enterprise' },
      key: `${journey.id}:reminder:x:2:enterprise`,
      step: 'evaluation',
      evaluation: 1,
      linkExpiresAt: '2026-07-01T00:00:00.000Z',
      about: { ...notificationFacts(journey), stalledSince: journey.deadline, remindersSent: 2 },
    } satisfies NotificationCommand);
    expect(sent[0].to).toBe('a@x.example');
    expect(sent[0].subject).toContain('福州甲公司');
    expect(sent[0].text).toContain('https://uplift.example/evaluate/token-1-1');
  });

  it('records a permanent refusal as failed and tells Temporal not to retry it', async () => {
    const refused = 'a@x.example';
    const { activities, emailLog, attempts } = setup({ refuse: refused });
    const key = `${journey.id}:evaluation:1:request`;
    const failure = await new MockActivityEnvironment()
      .run(activities.sendNotification, {
        template: 'evaluation_request',
        recipient: { kind: 'enterprise' },
        key,
        step: 'evaluation',
        evaluation: 1,
        about: notificationFacts(journey),
      } satisfies NotificationCommand)
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: EMAIL_REFUSED, nonRetryable: true });
    expect(emailLog.records.get(key)).toMatchObject({
      recipient: refused,
      failure: expect.stringContaining('501'),
    });
    expect(await emailLog.wasSent(key)).toBe(false);
    expect(attempts()).toBe(1);
  });

  describe('the right person', () => {
    const reminder = (recipient: NotificationCommand['recipient'], assigneeId?: string) =>
      ({
        template: 'reminder',
        recipient,
        key: `${journey.id}:reminder:x:1:${recipient.kind}`,
        step: 'diagnosis',
        about: {
          ...notificationFacts(journey),
          stalledSince: journey.deadline,
          remindersSent: 1,
          ...(assigneeId ? { assigneeId } : {}),
        },
      }) satisfies NotificationCommand;
    const escalation = (division?: string) =>
      ({
        template: 'escalation',
        recipient: { kind: 'regulator', ...(division ? { division } : {}) },
        key: `${journey.id}:escalation:s:1`,
        step: 'diagnosis',
        about: { ...notificationFacts(journey), stalledSince: journey.deadline, remindersSent: 3 },
      }) satisfies NotificationCommand;

    it("sends a body's email to the journey's assignee while they are active staff of that body", async () => {
      const { activities, sent } = setup({
        people: [staff('auditor', { role: 'certification_body', bodyId: 'b1' })],
      });
      const command = reminder({ kind: 'certification_body', id: 'b1' }, 'auditor');
      expect(await new MockActivityEnvironment().run(activities.sendNotification, command)).toBe('sent');
      expect(sent.map((m) => [m.to, m.key])).toEqual([['auditor@example.cn', command.key]]);
      expect(sent[0].text).toContain('auditor名');
    });

    it.each([
      ['revoked', staff('auditor', { role: 'certification_body', bodyId: 'b1', active: false })],
      ['of another body', staff('auditor', { role: 'certification_body', bodyId: 'b2' })],
    ])("falls back to the body's address when the assignee is %s", async (_, auditor) => {
      const { activities, sent } = setup({ people: [auditor] });
      await new MockActivityEnvironment().run(
        activities.sendNotification,
        reminder({ kind: 'certification_body', id: 'b1' }, 'auditor'),
      );
      expect(sent.map((m) => m.to)).toEqual(['body@cert.example']);
    });

    it('escalates to every active regulator of the division, one email each keyed by the person', async () => {
      const { activities, sent } = setup({
        people: [
          staff('hz-1', { role: 'regulator', regionCode: '350100' }),
          staff('hz-2', { role: 'regulator', regionCode: '350100' }),
          staff('hz-old', { role: 'regulator', regionCode: '350100', active: false }),
          staff('gl', { role: 'regulator', regionCode: '350102' }),
        ],
      });
      const command = escalation('350100');
      await new MockActivityEnvironment().run(activities.sendNotification, command);
      expect(sent.map((m) => [m.to, m.key]).sort()).toEqual([
        ['hz-1@example.cn', `${command.key}:hz-1`],
        ['hz-2@example.cn', `${command.key}:hz-2`],
      ]);
    });

    it('climbs from a county without active regulators to its city', async () => {
      const { activities, sent } = setup({
        people: [
          staff('county', { role: 'regulator', regionCode: '350102', active: false }),
          staff('city', { role: 'regulator', regionCode: '350100' }),
          staff('province', { role: 'regulator', regionCode: '350000' }),
        ],
      });
      await new MockActivityEnvironment().run(activities.sendNotification, escalation('350102'));
      expect(sent.map((m) => m.to)).toEqual(['city@example.cn']);
    });

    it("goes to the round's owner once no division below the round's has an active regulator", async () => {
      const { activities, sent } = setup({
        people: [staff('province', { role: 'regulator', regionCode: '350000' })],
      });
      const command = escalation('350102');
      await new MockActivityEnvironment().run(activities.sendNotification, command);
      // The province is the round's own division: its bureau is the owner's, not a rung below it.
      expect(sent.map((m) => [m.to, m.key])).toEqual([['fj@samr.example', command.key]]);
    });

    it("sends the owner rung to the round's owner", async () => {
      const { activities, sent } = setup({
        people: [staff('city', { role: 'regulator', regionCode: '350100' })],
      });
      await new MockActivityEnvironment().run(activities.sendNotification, escalation('owner'));
      expect(sent.map((m) => m.to)).toEqual(['fj@samr.example']);
    });

    it('tells a bureau of a stall once: a later rung that climbs to where an earlier one landed is skipped', async () => {
      // Nobody below the province: the county rung and the city rung would both land on the owner.
      const { activities, sent, emailLog } = setup({
        people: [staff('province', { role: 'regulator', regionCode: '350000' })],
      });
      const env = new MockActivityEnvironment();
      const [first, second, last] = ['350102', '350100', 'owner'].map((division, i) => ({
        ...escalation(division),
        key: `${journey.id}:escalation:s:${i + 1}`,
      }));
      expect(await env.run(activities.sendNotification, first)).toBe('sent');
      expect(await env.run(activities.sendNotification, second)).toBe('skipped');
      expect(await env.run(activities.sendNotification, last)).toBe('skipped');
      expect(sent.map((m) => [m.to, m.key])).toEqual([['fj@samr.example', first.key]]);
      expect(
        [...emailLog.records.values()].filter((r) => r.failure?.startsWith('skipped:')).map((r) => r.key),
      ).toEqual([second.key, last.key]);
    });

    it('records an email to a person no longer active as skipped, without failing or sending', async () => {
      const { activities, sent, emailLog } = setup({
        people: [staff('gone', { role: 'certification_body', bodyId: 'b1', active: false })],
      });
      const key = `${journey.id}:assignee_removed:5`;
      const outcome = await new MockActivityEnvironment().run(activities.sendNotification, {
        template: 'assignee_removed',
        recipient: { kind: 'principal', id: 'gone' },
        key,
        step: 'diagnosis',
        about: notificationFacts(journey),
      } satisfies NotificationCommand);
      expect(outcome).toBe('skipped');
      expect(sent).toHaveLength(0);
      expect(emailLog.records.get(key)?.failure).toContain('no longer active');
    });

    it('tells the new assignee with a link to the journey, and the old one without', async () => {
      const { activities, sent } = setup({
        people: [
          staff('new', { role: 'certification_body', bodyId: 'b1' }),
          staff('old', { role: 'certification_body', bodyId: 'b1' }),
        ],
      });
      const env = new MockActivityEnvironment();
      const about = { ...notificationFacts(journey), assigneeId: 'new' };
      await env.run(activities.sendNotification, {
        template: 'assignee',
        recipient: { kind: 'principal', id: 'new' },
        key: `${journey.id}:assignee:3`,
        step: 'diagnosis',
        about,
      } satisfies NotificationCommand);
      await env.run(activities.sendNotification, {
        template: 'assignee_removed',
        recipient: { kind: 'principal', id: 'old' },
        key: `${journey.id}:assignee_removed:3`,
        step: 'assignee',
        about,
      } satisfies NotificationCommand);
      expect(sent.map((m) => m.to)).toEqual(['new@example.cn', 'old@example.cn']);
      expect(sent[0].subject).toContain('由您负责：福州甲公司');
      expect(sent[0].text).toContain('当前环节：诊断');
      expect(sent[0].html).toContain(`https://uplift.example/console/journeys/${journey.id}`);
      expect(sent[1].subject).toContain('已不再由您负责：福州甲公司');
      expect(sent[1].html).not.toContain('/console/journeys/');
    });

    it.each([
      ['350102', '350100'],
      ['350100', '350000'],
      ['350000', '000000'],
      ['429004', '429000'],
      ['000000', null],
    ])('the division above %s is %s', (code, parent) => {
      expect(parentDivision(code)).toBe(parent);
    });
  });

  describe('working hours', () => {
    const hours = { workingHours: { from: '09:00', to: '18:00' } };
    const enterpriseReminder = {
      template: 'reminder',
      recipient: { kind: 'enterprise' },
      key: `${journey.id}:reminder:q:1:enterprise`,
      step: 'diagnosis',
      about: { ...notificationFacts(journey), stalledSince: journey.deadline, remindersSent: 1 },
    } satisfies NotificationCommand;

    it('holds an email due at 20:00 Beijing time until 09:00 the next working day', async () => {
      // Monday 2 March 2026, 20:00 in Beijing.
      const { activities, sent, deferred } = setup({ round: hours, now: '2026-03-02T12:00:00Z' });
      const outcome = await new MockActivityEnvironment().run(
        activities.sendNotification,
        enterpriseReminder,
      );
      expect(outcome).toBe('deferred');
      expect(sent).toHaveLength(0);
      expect(deferred).toEqual([
        {
          key: enterpriseReminder.key,
          command: enterpriseReminder,
          notBefore: new Date('2026-03-03T01:00:00Z'),
        },
      ]);
    });

    it('sends at once inside working hours, and at any time in a round without them', async () => {
      const inside = setup({ round: hours, now: '2026-03-02T03:00:00Z' });
      expect(
        await new MockActivityEnvironment().run(inside.activities.sendNotification, enterpriseReminder),
      ).toBe('sent');
      const anyTime = setup({ now: '2026-03-02T19:00:00Z' });
      expect(
        await new MockActivityEnvironment().run(anyTime.activities.sendNotification, enterpriseReminder),
      ).toBe('sent');
    });

    it('sends what the API sends in front of someone at once, whatever the hour', async () => {
      const { activities, sent } = setup({ round: hours, now: '2026-03-02T12:00:00Z', queue: false });
      expect(await new MockActivityEnvironment().run(activities.sendNotification, enterpriseReminder)).toBe(
        'sent',
      );
      expect(sent).toHaveLength(1);
    });
  });

  describe('digests', () => {
    const digest = { digest: { at: '09:00' } };
    const bodyReminder = (assigneeId?: string) =>
      ({
        template: 'reminder',
        recipient: { kind: 'certification_body', id: 'b1' },
        key: `${journey.id}:reminder:d:1:certification_body`,
        step: 'diagnosis',
        about: {
          ...notificationFacts(journey),
          stalledSince: '2026-03-31T00:00:00.000Z',
          remindersSent: 1,
          ...(assigneeId ? { assigneeId } : {}),
        },
      }) satisfies NotificationCommand;

    it("gathers a body's reminder into its address's digest in a round with a digest time", async () => {
      const { activities, sent, digests } = setup({ round: digest });
      const command = bodyReminder();
      expect(await new MockActivityEnvironment().run(activities.sendNotification, command)).toBe('digested');
      expect(sent).toHaveLength(0);
      expect(digests).toEqual([
        {
          key: command.key,
          recipient: 'body:b1',
          journeyId: journey.id,
          roundId: 'r1',
          stage: 'diagnosis',
          step: 'diagnosis',
          template: 'reminder',
          stalledSince: '2026-03-31T00:00:00.000Z',
        },
      ]);
    });

    it("follows the person's own choice over the round's", async () => {
      const immediate = setup({
        round: digest,
        people: [staff('auditor', { role: 'certification_body', bodyId: 'b1' }, 'immediate')],
      });
      expect(
        await new MockActivityEnvironment().run(
          immediate.activities.sendNotification,
          bodyReminder('auditor'),
        ),
      ).toBe('sent');
      const digesting = setup({
        people: [staff('auditor', { role: 'certification_body', bodyId: 'b1' }, 'digest')],
      });
      expect(
        await new MockActivityEnvironment().run(
          digesting.activities.sendNotification,
          bodyReminder('auditor'),
        ),
      ).toBe('digested');
      expect(digesting.digests.map((d) => d.recipient)).toEqual(['auditor']);
    });

    it('digests escalations to a bureau, per person', async () => {
      const { activities, sent, digests } = setup({
        round: digest,
        people: [staff('hz-1', { role: 'regulator', regionCode: '350100' })],
      });
      await new MockActivityEnvironment().run(activities.sendNotification, {
        template: 'escalation',
        // The enterprise's county has no bureau of its own here: its rung climbs to the city's.
        recipient: { kind: 'regulator', division: '350102' },
        key: `${journey.id}:escalation:s:1`,
        step: 'diagnosis',
        about: notificationFacts(journey),
      } satisfies NotificationCommand);
      expect(sent).toHaveLength(0);
      expect(digests.map((d) => [d.recipient, d.key])).toEqual([
        ['hz-1', `${journey.id}:escalation:s:1:hz-1`],
      ]);
    });

    it("never digests an enterprise's email, nor anything but reminders and escalations", async () => {
      const { activities, sent, digests } = setup({ round: digest });
      const env = new MockActivityEnvironment();
      await env.run(activities.sendNotification, {
        ...bodyReminder(),
        recipient: { kind: 'enterprise' },
        key: `${journey.id}:reminder:d:1:enterprise`,
      } satisfies NotificationCommand);
      await env.run(activities.sendNotification, command);
      expect(sent.map((m) => m.to)).toEqual(['a@x.example', 'body@cert.example']);
      expect(digests).toHaveLength(0);
    });
  });

  it('hands the journey state to the read model', async () => {
    const { activities, recorded } = setup();
    await new MockActivityEnvironment().run(activities.recordJourney, journey);
    expect(recorded).toEqual([journey]);
  });

  describe('names who must act by the step table', () => {
    const labelled = STEP_NAMES.filter(
      (step) => stepDefinition(step).actors.length > 0,
    ) as PendingStep['step'][];
    const escalate = async (step: PendingStep['step'], locale: 'en' | 'zh-CN') => {
      const { activities, sent } = setup({ regulatorLocale: locale });
      await new MockActivityEnvironment().run(activities.sendNotification, {
        template: 'escalation',
        recipient: { kind: 'regulator' },
        key: `${journey.id}:escalation:${step}`,
        step,
        journey: { ...journey, stalled: true, stalledSince: journey.deadline, remindersSent: 3 },
      } satisfies NotificationCommand);
      return sent[0].text;
    };

    it.each(labelled.flatMap((step) => (['en', 'zh-CN'] as const).map((locale) => [step, locale] as const)))(
      'escalates %s in %s with its label, its action and its actors',
      async (step, locale) => {
        const labels = new TemplateRenderer().labels(locale);
        const { label } = stepDefinition(step);
        const text = await escalate(step, locale);
        const [who, what] =
          locale === 'en' ? ['Who must act: ', 'What is needed: '] : ['应办理方：', '需要办理：'];
        expect(text).toContain(`${who}${labels.responsible[whoMustActKey(step)!]}\n`);
        expect(text).toContain(`${what}${labels.actions[label!]}\n`);
        expect(text).toContain(labels.steps[label!]);
      },
    );

    it('says who must act as it did when the words were written in code', async () => {
      expect(await escalate('screening-decision', 'en')).toContain('Who must act: the regulator\n');
      expect(await escalate('assistance-plan', 'zh-CN')).toContain('应办理方：认证机构\n');
      expect(await escalate('evaluation', 'en')).toContain(
        'Who must act: the enterprise and its certification body\n',
      );
      expect(await escalate('evaluation', 'zh-CN')).toContain('应办理方：企业及其认证机构\n');
    });
  });
});
