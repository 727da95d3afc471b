import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  InvalidInputError,
  StepRefusedError,
  type JourneyState,
  type Actor,
  DEFAULT_ROUND_SETTINGS,
  type RoundSettings,
} from '@uplift/domain';
import type { JourneyActivities, NotificationCommand } from '@uplift/activities';
import { JourneyClient, SEARCH_ATTRIBUTES, workflowBundlerOptions, workflowsPath } from '@uplift/temporal';
import { recordHistory } from '../test/support/histories';
import { localTemporalExecutable } from '../test/support/temporal-cli';

const STUCK = '91350200MA2XN0QT1E';
const WANG = '3c9e1f7a-2b4d-4e6f-8a1c-5d7e9f1a3b5c';
const LI = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const OTHER_BODY = '8d2f4a61-3c5b-4e7d-9f1a-2b3c4d5e6f70';
const owner: Actor = { principalId: 'p0', role: 'regulator', name: '福建省局', regionCode: '350000' };
const BODY = '5b0c3a52-8d0e-4f7a-9a51-0d2b7c1e4f10';
const regulator: Actor = { principalId: 'p1', role: 'regulator', name: '福建省局', regionCode: '350000' };
const body: Actor = {
  principalId: 'p3',
  role: 'certification_body',
  name: '认证机构',
  certificationBodyId: BODY,
};

/** The journey workflow on a real (local) Temporal server, with its activities replaced by recorders. */
describe('journey workflow', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const recorded: JourneyState[] = [];
  const notifications: NotificationCommand[] = [];

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: localTemporalExecutable(),
        searchAttributes: SEARCH_ATTRIBUTES,
      },
    });
    const activities: Pick<JourneyActivities, 'recordJourney' | 'sendNotification'> = {
      recordJourney: async (s) => void recorded.push(s),
      sendNotification: async (c) => {
        // A journey whose first reminder never goes through: its later alarms must not wait for it.
        if (
          c.key.includes(':reminder:') &&
          c.key.endsWith(':1:regulator') &&
          c.about?.journeyId.endsWith(STUCK)
        )
          throw new Error('421 try again later');
        notifications.push(c);
        return 'sent';
      },
    };
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'journeys-test',
      workflowsPath: workflowsPath(),
      bundlerOptions: workflowBundlerOptions(),
      activities,
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const start = async (uscc: string, settings = DEFAULT_ROUND_SETTINGS, roundRegionCode?: string) => {
    const journeys = new JourneyClient(env.client, 'journeys-test');
    const id = `journey-r1-${uscc}`;
    await journeys.start({
      id,
      roundId: 'r1',
      enterprise: {
        uscc,
        name: '福州甲公司',
        regionCode: '350102',
        industryCode: 'C3511',
        email: 'a@x.example',
      },
      settings,
      ...(roundRegionCode ? { roundRegionCode } : {}),
    });
    return { journeys, id };
  };
  /** The ids of the patches a journey's history took. */
  const patchesOf = async (id: string): Promise<string[]> => {
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    return history
      .events!.flatMap((e) => e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? [])
      .map((p) => (JSON.parse(Buffer.from(p.data!).toString('utf8')) as { id: string }).id);
  };
  const sentFor = (id: string) => notifications.filter((n) => n.about?.journeyId === id);

  it('refuses a wrong-stage step in its validator, leaving no trace in the history', async () => {
    const { journeys, id } = await start('91350100M000100Y43');
    await expect(
      journeys.step(id, 'assignment', { actor: regulator, payload: { certificationBodyId: BODY } }),
    ).rejects.toMatchObject({
      refusal: { kind: 'stage', currentStage: 'screening' },
    });
    await expect(
      journeys.step(id, 'screening-decision', { actor: body, payload: { decision: 'selected' } }),
    ).rejects.toBeInstanceOf(StepRefusedError);
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates).toHaveLength(0);
    expect((await journeys.state(id)).version).toBe(1);
  });

  it('records each accepted step before answering and notifies the assigned body once', async () => {
    const { journeys, id } = await start('9144030071526726XG');
    const selected = await journeys.step(id, 'screening-decision', {
      actor: regulator,
      payload: { decision: 'selected' },
    });
    // The answer names the new version and stage, nothing more: the journey is in the read model.
    expect(selected).toEqual({ id, version: 2, stage: 'diagnosis' });
    // Version 2 was recorded before the update answered. When the update reaches the workflow in its
    // first task, its handler runs as soon as it is registered, before the start's own record: [2, 2].
    const versions = recorded.filter((s) => s.id === id).map((s) => s.version);
    expect(versions).toContain(2);
    expect(versions.every((v) => v === 1 || v === 2)).toBe(true);

    const assigned = await journeys.step(id, 'assignment', {
      actor: regulator,
      payload: { certificationBodyId: BODY },
    });
    expect(recorded.find((s) => s.id === id && s.version === assigned.version)?.certificationBodyId).toBe(
      BODY,
    );
    const handle = env.client.workflow.getHandle(id);
    const described = await handle.describe();
    expect(described.searchAttributes.UpliftStage).toEqual(['diagnosis']);
    await waitUntil(() => notifications.some((n) => n.about?.journeyId === id));
    const sent = notifications.filter((n) => n.about?.journeyId === id);
    expect(sent.map((n) => n.key)).toEqual([`${id}:assignment:1`]);
    // Ids and the few facts the email needs, not the journey's state.
    expect(sent[0]).not.toHaveProperty('journey');
  });

  it('ends the workflow when the enterprise is rejected', async () => {
    const { journeys, id } = await start('91110000802100433B');
    await journeys.step(id, 'screening-decision', {
      actor: regulator,
      payload: { decision: 'rejected', reason: '意愿不强' },
    });
    const result = await env.client.workflow.getHandle(id).result();
    expect(result).toMatchObject({ stage: 'rejected', screening: { decision: 'rejected' } });
    // The reason went to the read model once, with the step; the workflow's own state does not carry it.
    expect(result.screening).not.toHaveProperty('reason');
    // Only the step's own write carries it (an activity may run more than once: Temporal retries it).
    const withReason = recorded.filter((s) => s.id === id && s.screening?.reason === '意愿不强');
    expect(withReason.length).toBeGreaterThan(0);
    expect(new Set(withReason.map((s) => s.version))).toEqual(new Set([result.version]));
  });

  describe('during assistance', () => {
    const baseline = {
      revenue: 1200,
      sales: 1100,
      profitMargin: 6.5,
      qualityCostRate: 4.2,
      firstPassYield: 93.5,
    };
    const diagnosis = (description: string) => ({
      findings: [{ dimension: 'quality_management' as const, category: '标准难理解', description }],
      baseline,
    });
    const measures = [
      { title: '建立质量目标分解体系', owner: '质量部', dueDate: '2026-12-31' },
      { title: '培训内审员', owner: '人事部', dueDate: '2026-12-31' },
    ];
    /** A journey whose body is assigned and has diagnosed it: in assistance, waiting for the plan. */
    const inAssistance = async (uscc: string) => {
      const { journeys, id } = await start(uscc);
      await journeys.step(id, 'screening-decision', { actor: regulator, payload: { decision: 'selected' } });
      await journeys.step(id, 'assignment', { actor: regulator, payload: { certificationBodyId: BODY } });
      return { journeys, id };
    };

    it('refuses progress before assistance (409 naming the stage) and before the plan', async () => {
      const { journeys, id } = await inAssistance('91350100M000101Y41');
      const progress = { updates: [{ measure: '培训内审员', status: 'in_progress' as const }] };
      await expect(
        journeys.step(id, 'assistance-progress', { actor: body, payload: progress }),
      ).rejects.toMatchObject({
        refusal: {
          kind: 'stage',
          currentStage: 'diagnosis',
          message: expect.stringContaining('stage diagnosis'),
        },
      });
      await journeys.step(id, 'diagnosis', { actor: body, payload: diagnosis('质量手册与实际运行脱节') });
      await expect(
        journeys.step(id, 'assistance-progress', { actor: body, payload: progress }),
      ).rejects.toMatchObject({
        refusal: {
          kind: 'stage',
          currentStage: 'assistance',
          message: expect.stringContaining('plan first'),
        },
      });
      await env.client.workflow.getHandle(id).terminate('test over');
    });

    it('records progress on measures named by title, refusing a name the plan does not hold (400)', async () => {
      const { journeys, id } = await inAssistance('91350100M000102Y42');
      await journeys.step(id, 'diagnosis', { actor: body, payload: diagnosis('质量手册与实际运行脱节') });
      await journeys.step(id, 'assistance-plan', { actor: body, payload: { measures } });
      const planned = await journeys.state(id);
      const unknown = journeys.step(id, 'assistance-progress', {
        actor: body,
        payload: {
          updates: [
            { measure: '培训内审员', status: 'done' },
            { measure: '不存在的措施', status: 'done' },
          ],
        },
      });
      await expect(unknown).rejects.toBeInstanceOf(InvalidInputError);
      await expect(unknown).rejects.toMatchObject({
        details: [{ field: 'updates.1.measure', message: expect.stringContaining('no measure') }],
      });
      await journeys.step(id, 'assistance-progress', {
        actor: body,
        payload: { updates: [{ measure: '培训内审员', status: 'in_progress', note: '首批 3 人' }] },
      });
      await journeys.step(id, 'assistance-progress', {
        actor: body,
        payload: {
          updates: [
            { measure: '培训内审员', status: 'done' },
            { measure: '建立质量目标分解体系', status: 'planned' },
          ],
        },
      });
      const s = await journeys.state(id);
      // The latest status of each measure, in the plan's order; nothing else of the journey moved.
      expect(s.progress?.map((p) => [p.measure, p.status, p.by.name])).toEqual([
        ['建立质量目标分解体系', 'planned', '认证机构'],
        ['培训内审员', 'done', '认证机构'],
      ]);
      expect(s).toMatchObject({
        stage: 'assistance',
        deadline: planned.deadline,
        version: planned.version + 2,
      });
      // The workflow took the new behaviour and says so in its history.
      const history = await env.client.workflow.getHandle(id).fetchHistory();
      const patches = history
        .events!.flatMap((e) => e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? [])
        .map((p) => (JSON.parse(Buffer.from(p.data!).toString('utf8')) as { id: string }).id);
      expect(patches).toContain('assistance-revisions-v1');
      await env.client.workflow.getHandle(id).terminate('test over');
    });

    it('takes a diagnosis and a plan amended during assistance: the latest version, same stage and deadline', async () => {
      const { journeys, id } = await inAssistance('91350100M000103Y43');
      await journeys.step(id, 'diagnosis', { actor: body, payload: diagnosis('第一次诊断') });
      await journeys.step(id, 'assistance-plan', { actor: body, payload: { measures } });
      await journeys.step(id, 'assistance-progress', {
        actor: body,
        payload: {
          updates: [
            { measure: '建立质量目标分解体系', status: 'done' },
            { measure: '培训内审员', status: 'done' },
          ],
        },
      });
      const before = await journeys.state(id);
      const amended = await journeys.step(id, 'assistance-plan', {
        actor: { ...body, principalId: 'p4', name: '认证机构审核员乙' },
        payload: {
          measures: [measures[1], { title: '建立计量管理制度', owner: '设备部', dueDate: '2027-01-31' }],
        },
      });
      expect(amended).toMatchObject({ stage: 'assistance', version: before.version + 1 });
      await journeys.step(id, 'diagnosis', { actor: body, payload: diagnosis('二次走访后的诊断') });
      const after = await journeys.state(id);
      expect(after).toMatchObject({
        stage: 'assistance',
        deadline: before.deadline,
        stalled: false,
        plan: { version: 2, by: { name: '认证机构审核员乙' } },
        diagnosis: { version: 2, baseline },
      });
      expect(after.plan!.measures.map((m) => m.title)).toEqual(['培训内审员', '建立计量管理制度']);
      // Progress on a measure the amended plan dropped went with it; the rest stayed.
      expect(after.progress?.map((p) => p.measure)).toEqual(['培训内审员']);
      // The new diagnosis went to the read model with its step, texts and all.
      expect(
        recorded.some((r) => r.id === id && r.diagnosis?.findings[0]?.description === '二次走访后的诊断'),
      ).toBe(true);

      await journeys.step(id, 'assistance-completion', { actor: body, payload: { summary: '帮扶完成' } });
      for (const step of ['diagnosis', 'assistance-plan', 'assistance-progress'] as const) {
        const payload =
          step === 'diagnosis'
            ? diagnosis('完成后再改')
            : step === 'assistance-plan'
              ? { measures }
              : { updates: [{ measure: '培训内审员', status: 'done' as const }] };
        await expect(
          journeys.step(id, step, { actor: body, payload: payload as never }),
        ).rejects.toMatchObject({
          refusal: { kind: 'stage', currentStage: 'certification' },
        });
      }
      await env.client.workflow.getHandle(id).terminate('test over');
    });
  });

  it('keeps stalling, reminding and escalating on time while an email is being retried', async () => {
    const { id } = await start(STUCK, {
      ...DEFAULT_ROUND_SETTINGS,
      deadlines: { ...DEFAULT_ROUND_SETTINGS.deadlines, screening: 'PT1S' },
      reminders: { every: 'PT1S', max: 3 },
      escalateAfter: 'PT3S',
    });
    const keys = () => notifications.filter((n) => n.about?.journeyId === id).map((n) => n.key);
    // Reminder 1 is retried (every 5 s and more) the whole time; reminders 2 and 3 and the escalation
    // fall due at 2, 3 and 4 s.
    await waitUntil(() => keys().length === 3, 8_000);
    expect(keys().sort()).toEqual([
      expect.stringContaining(':escalation:'),
      expect.stringMatching(/:2:regulator$/),
      expect.stringMatching(/:3:regulator$/),
    ]);
    // The read model hears of the escalation as its email goes out.
    const latest = () => recorded.filter((s) => s.id === id).sort((a, b) => b.version - a.version)[0];
    await waitUntil(() => latest()?.escalated === true, 5_000);
    expect(latest()).toMatchObject({ stalled: true, remindersSent: 3, escalated: true });
    expect(notifications.filter((n) => n.about?.journeyId === id && n.key.endsWith(':1:regulator'))).toEqual(
      [],
    );
    await env.client.workflow.getHandle(id).terminate('test over');
  });

  describe('notifications people can live with', () => {
    const journeys = () => new JourneyClient(env.client, 'journeys-test');
    const quick = (screening: string): RoundSettings => ({
      ...DEFAULT_ROUND_SETTINGS,
      deadlines: { ...DEFAULT_ROUND_SETTINGS.deadlines, screening },
      reminders: { every: 'PT1S', max: 0 },
      escalateAfter: 'PT1S',
    });

    it("escalates up its round's division hierarchy, the enterprise's own bureau first, the round's owner last", async () => {
      const { id } = await start('91350100M000200Y40', quick('PT1S'), '350000');
      await waitUntil(() => sentFor(id).length === 3, 10_000);
      // 福州市鼓楼区, then 福州市, then the provincial round's owner.
      expect(sentFor(id).map((n) => [n.template, n.recipient])).toEqual([
        ['escalation', { kind: 'regulator', division: '350102' }],
        ['escalation', { kind: 'regulator', division: '350100' }],
        ['escalation', { kind: 'regulator', division: 'owner' }],
      ]);
      expect(await journeys().state(id)).toMatchObject({ escalationLevel: 3, escalated: true });
      expect(await patchesOf(id)).toContain('escalation-ladder-v1');
      await env.client.workflow.getHandle(id).terminate('test over');
    });

    it("escalates once to the round's owner when started without the round's division, as before", async () => {
      const { id } = await start('91350100M000201Y49', quick('PT1S'));
      await waitUntil(() => sentFor(id).length === 1, 10_000);
      await new Promise((r) => setTimeout(r, 2_500));
      expect(sentFor(id).map((n) => n.recipient)).toEqual([{ kind: 'regulator' }]);
      expect(await patchesOf(id)).not.toContain('escalation-ladder-v1');
      await env.client.workflow.getHandle(id).terminate('test over');
    });

    it('stalls a paused journey at its new deadline but escalates only once the round resumes', async () => {
      const { id } = await start('91350100M000202Y48', quick('P30D'), '350000');
      const settingsStep = (settings: RoundSettings, paused: boolean) =>
        journeys().step(id, 'round-settings', { actor: owner, payload: { settings, paused } });
      await settingsStep(quick('P30D'), true);
      // A settings change that puts the deadline in the past stalls the journey at once.
      await new Promise((r) => setTimeout(r, 1_200));
      await settingsStep(quick('PT1S'), true);
      const stalled = await journeys().state(id);
      expect(stalled).toMatchObject({ stage: 'screening', stalled: true, pausedAt: expect.any(String) });
      expect((await env.client.workflow.getHandle(id).describe()).searchAttributes.UpliftStalled).toEqual([
        true,
      ]);
      await new Promise((r) => setTimeout(r, 2_500));
      expect(sentFor(id)).toEqual([]);
      await settingsStep(quick('PT1S'), false);
      await waitUntil(() => sentFor(id).length === 3, 10_000);
      expect(sentFor(id).map((n) => n.recipient)).toEqual([
        { kind: 'regulator', division: '350102' },
        { kind: 'regulator', division: '350100' },
        { kind: 'regulator', division: 'owner' },
      ]);
      // The stall counts from the resumption, not from when it began: the paused time did not count.
      const resumed = await journeys().state(id);
      expect(resumed.pausedAt).toBeNull();
      expect(Date.parse(resumed.stalledSince!)).toBeGreaterThanOrEqual(
        Date.parse(stalled.stalledSince!) + 2_500,
      );
      await env.client.workflow.getHandle(id).terminate('test over');
    });

    it('emails the assignee and the one it was taken from, and refuses the same person twice', async () => {
      const { id } = await start('91350100M000203Y47', DEFAULT_ROUND_SETTINGS, '350000');
      await journeys().step(id, 'screening-decision', { actor: owner, payload: { decision: 'selected' } });
      await journeys().step(id, 'assignment', { actor: owner, payload: { certificationBodyId: BODY } });
      await journeys().step(id, 'assignee', { actor: body, payload: { assigneeId: WANG } });
      await expect(
        journeys().step(id, 'assignee', { actor: body, payload: { assigneeId: WANG } }),
      ).rejects.toMatchObject({ refusal: { code: 'step.already_assignee' } });
      await journeys().step(id, 'assignee', { actor: body, payload: { assigneeId: LI } });
      await waitUntil(() => sentFor(id).length === 4);
      // Emails go out concurrently: in any order.
      const sent = sentFor(id).map((n) =>
        JSON.stringify([n.template, n.recipient, n.about?.assigneeId ?? null]),
      );
      expect(sent.sort()).toEqual(
        [
          ['assignment', { kind: 'certification_body', id: BODY }, null],
          ['assignee', { kind: 'principal', id: WANG }, WANG],
          ['assignee', { kind: 'principal', id: LI }, LI],
          ['assignee_removed', { kind: 'principal', id: WANG }, LI],
        ]
          .map((e) => JSON.stringify(e))
          .sort(),
      );
      await env.client.workflow.getHandle(id).terminate('test over');
    });

    /*
     * One journey through everything this issue changed in the workflow, recorded as a replay fixture
     * with RECORD_HISTORIES=1 (CONTRIBUTING.md): two rungs of the ladder, staff assignees, a
     * reassignment that clears the assignee, a paused round whose changed deadline stalls the journey
     * at once, and its resumption.
     */
    it('climbs two rungs, changes hands, pauses, stalls at a changed deadline and resumes, in one journey', async () => {
      const settings: RoundSettings = {
        ...DEFAULT_ROUND_SETTINGS,
        deadlines: { ...DEFAULT_ROUND_SETTINGS.deadlines, screening: 'PT2S' },
        reminders: { every: 'PT1S', max: 1 },
        escalateAfter: 'PT3S',
      };
      const { id } = await start('91350100M000204Y46', settings, '350000');
      const keys = () => sentFor(id).map((n) => n.key);
      const escalations = () => sentFor(id).filter((n) => n.template === 'escalation');
      // Stalled at 2 s, reminded at once; the district bureau at 5 s, the city at 8 s; screened before 11 s.
      await waitUntil(() => escalations().length === 2, 15_000);
      await journeys().step(id, 'screening-decision', { actor: owner, payload: { decision: 'selected' } });
      expect(escalations().map((n) => n.recipient)).toEqual([
        { kind: 'regulator', division: '350102' },
        { kind: 'regulator', division: '350100' },
      ]);
      await journeys().step(id, 'assignment', { actor: owner, payload: { certificationBodyId: BODY } });
      await journeys().step(id, 'assignee', { actor: body, payload: { assigneeId: WANG } });
      await journeys().step(id, 'assignee', { actor: body, payload: { assigneeId: LI } });
      await journeys().step(id, 'reassignment', {
        actor: owner,
        payload: { certificationBodyId: OTHER_BODY },
      });
      expect((await journeys().state(id)).assigneeId).toBeNull();

      const roundSettings = (changed: RoundSettings, paused: boolean) =>
        journeys().step(id, 'round-settings', { actor: owner, payload: { settings: changed, paused } });
      await roundSettings(settings, true);
      // While paused the diagnosis is given one second, long past: the journey stalls at once, silently.
      const shorter = { ...settings, deadlines: { ...settings.deadlines, diagnosis: 'PT1S' } };
      await new Promise((r) => setTimeout(r, 1_200));
      await roundSettings(shorter, true);
      expect(await journeys().state(id)).toMatchObject({ stage: 'diagnosis', stalled: true });
      const beforeResume = keys().length;
      await new Promise((r) => setTimeout(r, 1_500));
      expect(keys()).toHaveLength(beforeResume);
      await roundSettings(shorter, false);
      // Resumed: the body is reminded at once, and the ladder starts over from the district bureau.
      await waitUntil(
        () =>
          keys().some((k) => k.includes(':escalation:') && k.endsWith(':1') && k !== escalations()[0].key),
        10_000,
      );
      await journeys().step(id, 'withdrawal', { actor: owner, payload: { reason: '企业主动退出' } });
      const result = await env.client.workflow.getHandle(id).result();
      expect(result).toMatchObject({ stage: 'withdrawn', pausedAt: null, certificationBodyId: OTHER_BODY });
      expect(
        sentFor(id)
          .filter((n) => n.template === 'reminder')
          .map((n) => n.recipient.kind),
      ).toEqual(['regulator', 'certification_body']);
      expect(await patchesOf(id)).toContain('escalation-ladder-v1');
      await recordHistory(env.client, id, 'withdrawn-after-ladder-assignees-and-paused-round');
    });
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}
