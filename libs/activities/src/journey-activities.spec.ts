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
import type { EmailLog, EmailRecord } from '@uplift/persistence';
import { createActivities, EMAIL_REFUSED, type NotificationCommand } from './journey-activities';

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
}

function setup(
  options: {
    failSends?: number;
    refuse?: string;
    regulatorLocale?: string;
    skips?: Map<string, string>;
  } = {},
) {
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
    },
    emailLog,
    directory: {
      roundName: async () => '2026年福建省第一批',
      certificationBody: async () => ({ name: '福建认证中心', email: 'body@cert.example', locale: 'zh-CN' }),
      regulatorOfRound: async () => ({
        name: '福建省市场监管局',
        email: 'fj@samr.example',
        locale: options.regulatorLocale ?? 'zh-CN',
      }),
    },
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
  return { activities, sent, emailLog, recorded, attempts: () => attempts };
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
