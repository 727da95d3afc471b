import type { Actor } from './principal';
import type { JourneyState } from './journey';
import { applyAlarm, escalationLadder, nextAlarm } from './schedule';
import { resolveRoundSettings } from './settings';
import { checkStep } from './steps';
import { applyStep, initialJourney, pendingStep } from './transitions';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const settings = resolveRoundSettings({
  deadlines: {
    screening: 'PT10S',
    diagnosis: 'PT10S',
    assistancePlan: 'PT10S',
    assistance: 'PT10S',
    certification: 'PT10S',
    evaluation: 'PT10S',
  },
  evaluationOffsets: ['PT100S', 'PT200S'],
  reminders: { every: 'PT2S', max: 3 },
  escalateAfter: 'PT5S',
});
const regulator: Actor = { principalId: 'r', role: 'regulator', name: '局', regionCode: '330000' };
const body: Actor = { principalId: 'b', role: 'certification_body', name: '机构', certificationBodyId: 'b1' };
const enterprise: Actor = { principalId: 'e', role: 'enterprise', name: '企业', uscc: '91350100M000100Y43' };
const metrics = { revenue: 100, sales: 90, profitMargin: 5, qualityCostRate: 3, firstPassYield: 95 };
const start = () =>
  initialJourney(
    {
      id: 'j',
      roundId: 'r1',
      enterprise: {
        uscc: '91350100M000100Y43',
        name: '甲',
        regionCode: '330106',
        industryCode: 'C3511',
        email: 'e@x.example',
      },
      settings,
    },
    t0,
  );

describe('the journey clock', () => {
  it('stalls at the deadline, reminds at once and every period up to the maximum, and escalates once', () => {
    let s = start();
    const fired: string[] = [];
    for (let i = 0; i < 10; i++) {
      const alarm = nextAlarm(s);
      if (!alarm) break;
      const tr = applyAlarm(s, alarm, new Date(alarm.at));
      fired.push(`${alarm.kind}@${(Date.parse(alarm.at) - t0.getTime()) / 1000}`);
      s = tr.state;
    }
    expect(fired).toEqual(['deadline@10', 'reminder@10', 'reminder@12', 'reminder@14', 'escalation@15']);
    expect(s).toMatchObject({ stalled: true, remindersSent: 3, escalated: true });
    expect(nextAlarm(s)).toBeNull();
  });

  it('asks whoever must act: the regulator to screen, the body to diagnose, both enterprise and body to evaluate', () => {
    let s = start();
    expect(pendingStep(s)?.actors).toEqual(['regulator']);
    s = applyStep(s, 'screening-decision', regulator, { decision: 'selected' }, at(1)).state;
    s = applyStep(s, 'assignment', regulator, { certificationBodyId: 'b1' }, at(2)).state;
    expect(pendingStep(s)).toEqual({ step: 'diagnosis', actors: ['certification_body'] });
    const stalled = applyAlarm(s, nextAlarm(s)!, at(12)).state;
    const reminder = applyAlarm(stalled, nextAlarm(stalled)!, at(12));
    expect(reminder.notifications.map((n) => n.recipient)).toEqual([
      { kind: 'certification_body', id: 'b1' },
    ]);
  });

  it('clears the stall and restarts the clock when the step is done', () => {
    let s = start();
    s = applyAlarm(s, nextAlarm(s)!, at(10)).state;
    s = applyAlarm(s, nextAlarm(s)!, at(10)).state;
    expect(s.stalled).toBe(true);
    s = applyStep(s, 'screening-decision', regulator, { decision: 'selected' }, at(11)).state;
    expect(s).toMatchObject({
      stalled: false,
      remindersSent: 0,
      escalated: false,
      deadline: at(21).toISOString(),
    });
    expect(nextAlarm(s)).toEqual({ kind: 'deadline', at: at(21).toISOString() });
  });

  it('opens each evaluation at its offset after assistance, with a link to the enterprise, and completes after the last', () => {
    let s = start();
    s = applyStep(s, 'screening-decision', regulator, { decision: 'selected' }, at(1)).state;
    s = applyStep(s, 'assignment', regulator, { certificationBodyId: 'b1' }, at(2)).state;
    s = applyStep(
      s,
      'diagnosis',
      body,
      { findings: [{ dimension: 'talent', category: 'c', description: 'd' }], baseline: metrics },
      at(3),
    ).state;
    s = applyStep(
      s,
      'assistance-plan',
      body,
      { measures: [{ title: 't', owner: 'o', dueDate: '2026-02-01' }] },
      at(4),
    ).state;
    s = applyStep(s, 'assistance-completion', body, { summary: 'done' }, at(5)).state;
    expect(s.evaluations.map((e) => e.dueAt)).toEqual([at(105).toISOString(), at(205).toISOString()]);
    s = applyStep(
      s,
      'certification',
      body,
      { outcome: 'certified', certificateNumber: 'C-1', issuedOn: '2026-01-02' },
      at(6),
    ).state;
    expect(s.certification).toMatchObject({
      expiresOn: '2029-01-02',
      standard: expect.stringContaining('ISO 9001'),
    });
    expect(s).toMatchObject({ stage: 'follow_up', deadline: null });
    expect(checkStep(s, 'evaluation', enterprise, { evaluation: 1 })).toMatchObject({ kind: 'stage' });

    const due = nextAlarm(s)!;
    expect(due).toEqual({ kind: 'evaluation_due', at: at(105).toISOString() });
    const opened = applyAlarm(s, due, at(105));
    expect(opened.notifications).toEqual([
      expect.objectContaining({
        template: 'evaluation_request',
        recipient: { kind: 'enterprise' },
        evaluation: 1,
        linkExpiresAt: at(130).toISOString(),
      }),
    ]);
    s = opened.state;
    expect(checkStep(s, 'evaluation', enterprise, { evaluation: 1 })).toBeNull();
    expect(checkStep(s, 'evaluation', enterprise, { evaluation: 2 })).toMatchObject({ kind: 'stage' });
    s = applyStep(
      s,
      'evaluation',
      enterprise,
      { satisfaction: 'satisfied', effectiveness: 'very_obvious', metrics },
      at(106),
      { evaluation: 1 },
    ).state;
    expect(s.evaluations[0]).toMatchObject({ via: 'link', answer: { satisfaction: 'satisfied' } });
    expect(checkStep(s, 'evaluation', body, { evaluation: 1 })).toMatchObject({
      message: expect.stringContaining('already answered'),
    });
    s = applyAlarm(s, nextAlarm(s)!, at(205)).state;
    s = applyStep(
      s,
      'evaluation',
      body,
      { satisfaction: 'neutral', effectiveness: 'not_obvious', metrics },
      at(206),
      { evaluation: 2 },
    ).state;
    expect(s.stage).toBe('completed');
    expect(nextAlarm(s)).toBeNull();
  });
});

/** Every alarm a journey left alone fires, in order, each at its own time, as `kind@seconds`. */
function run(s: JourneyState, until = Infinity): { fired: string[]; state: JourneyState; emails: string[] } {
  const fired: string[] = [];
  const emails: string[] = [];
  for (let alarm = nextAlarm(s); alarm && Date.parse(alarm.at) <= until; alarm = nextAlarm(s)) {
    const tr = applyAlarm(s, alarm, new Date(alarm.at));
    fired.push(`${alarm.kind}@${(Date.parse(alarm.at) - t0.getTime()) / 1000}`);
    emails.push(...tr.notifications.map((n) => n.key));
    s = tr.state;
  }
  return { fired, state: s, emails };
}

describe('the escalation ladder', () => {
  it("climbs from the enterprise's county to its city, then to the round's owner, below the round's own division", () => {
    // 杭州市西湖区, in a Zhejiang round: the district bureau, then Hangzhou, then the provincial owner.
    expect(escalationLadder('330106', '330000')).toEqual(['330106', '330100', 'owner']);
    // In a national round the province is a rung of its own.
    expect(escalationLadder('330106', '000000')).toEqual(['330106', '330100', '330000', 'owner']);
    // In Hangzhou's own round the city is the owner.
    expect(escalationLadder('330106', '330100')).toEqual(['330106', 'owner']);
    // An enterprise registered at city level starts at the city.
    expect(escalationLadder('330100', '330000')).toEqual(['330100', 'owner']);
    // The same division as the round's: only its owner.
    expect(escalationLadder('330106', '330106')).toEqual(['owner']);
  });

  it("skips a level GB/T 2260 does not list: Beijing's districts go straight to the municipality", () => {
    expect(escalationLadder('110101', '000000')).toEqual(['110101', '110000', 'owner']);
  });

  it('escalates one rung more every escalation period of a stall, the nearest bureau first', () => {
    const s = { ...start(), ladder: ['330106', '330100', 'owner'], escalationLevel: 0 };
    const { fired, state, emails } = run(s);
    expect(fired).toEqual([
      'deadline@10',
      'reminder@10',
      'reminder@12',
      'reminder@14',
      'escalation@15',
      'escalation@20',
      'escalation@25',
    ]);
    const stalledSince = at(10).toISOString();
    expect(emails.filter((k) => k.includes(':escalation:'))).toEqual(
      [1, 2, 3].map((k) => `j:escalation:${stalledSince}:${k}`),
    );
    expect(state).toMatchObject({ escalated: true, escalationLevel: 3 });
    expect(nextAlarm(state)).toBeNull();
  });

  it("names each rung's division as the recipient, the owner last", () => {
    let s: JourneyState = { ...start(), ladder: ['330106', '330100', 'owner'], escalationLevel: 0 };
    s = run(s, at(14).getTime()).state;
    const recipients = [];
    for (let k = 1; k <= 3; k++) {
      const alarm = nextAlarm(s)!;
      expect(alarm).toEqual({ kind: 'escalation', at: at(10 + 5 * k).toISOString() });
      const tr = applyAlarm(s, alarm, new Date(alarm.at));
      recipients.push(...tr.notifications.map((n) => n.recipient));
      s = tr.state;
    }
    expect(recipients).toEqual([
      { kind: 'regulator', division: '330106' },
      { kind: 'regulator', division: '330100' },
      { kind: 'regulator', division: 'owner' },
    ]);
  });

  it('starts over from the nearest bureau after progress and a new stall', () => {
    let s: JourneyState = { ...start(), ladder: ['330106', '330100', 'owner'], escalationLevel: 0 };
    s = run(s, at(20).getTime()).state;
    expect(s).toMatchObject({ escalationLevel: 2, escalated: true });
    s = applyStep(s, 'screening-decision', regulator, { decision: 'selected' }, at(21)).state;
    expect(s).toMatchObject({ escalationLevel: 0, escalated: false, stalled: false });
    const next = run(s).state;
    expect(next.escalationLevel).toBe(3);
  });

  it("escalates once to the round's owner for a journey without a ladder, as before", () => {
    const { fired, emails } = run(start());
    expect(fired.filter((f) => f.startsWith('escalation'))).toEqual(['escalation@15']);
    expect(emails.filter((k) => k.includes(':escalation:'))).toEqual([
      `j:escalation:${at(10).toISOString()}`,
    ]);
  });
});

describe('a paused round', () => {
  const settingsStep = (paused: boolean) => ({ settings, paused });

  it('still stalls at the deadline, but reminds and escalates nobody while paused', () => {
    let s = applyStep(start(), 'round-settings', regulator, settingsStep(true), at(1)).state;
    expect(s.pausedAt).toBe(at(1).toISOString());
    expect(nextAlarm(s)).toEqual({ kind: 'deadline', at: at(10).toISOString() });
    s = applyAlarm(s, nextAlarm(s)!, at(10)).state;
    expect(s.stalled).toBe(true);
    expect(nextAlarm(s)).toBeNull();
  });

  it('still opens evaluations as they fall due', () => {
    const inFollowUp: JourneyState = {
      ...start(),
      stage: 'follow_up',
      deadline: null,
      pausedAt: at(1).toISOString(),
      evaluations: [
        {
          n: 1,
          dueAt: at(50).toISOString(),
          openedAt: null,
          answeredAt: null,
          answer: null,
          by: null,
          via: null,
        },
      ],
    };
    expect(nextAlarm(inFollowUp)).toEqual({ kind: 'evaluation_due', at: at(50).toISOString() });
  });

  it('takes reminders and escalations up where they stopped when resumed: no burst', () => {
    // Stalled at 10, reminded at 10 and 12; paused at 13, resumed at 33.
    let s = run(start(), at(12).getTime()).state;
    expect(s.remindersSent).toBe(2);
    s = applyStep(s, 'round-settings', regulator, settingsStep(true), at(13)).state;
    expect(run(s).fired).toEqual([]);
    s = applyStep(s, 'round-settings', regulator, settingsStep(false), at(33)).state;
    expect(s).toMatchObject({
      pausedAt: null,
      stalled: true,
      stalledSince: at(30).toISOString(),
      remindersSent: 2,
    });
    // The third reminder was one second off when paused, the escalation two: so they are after resuming.
    expect(run(s).fired).toEqual(['reminder@34', 'escalation@35']);
  });

  it('starts the reminders of a stall that began while paused when the round resumes', () => {
    let s = applyStep(start(), 'round-settings', regulator, settingsStep(true), at(5)).state;
    s = run(s).state;
    expect(s).toMatchObject({ stalled: true, stalledSince: at(10).toISOString() });
    s = applyStep(s, 'round-settings', regulator, settingsStep(false), at(40)).state;
    expect(s.stalledSince).toBe(at(40).toISOString());
    expect(run(s).fired).toEqual(['reminder@40', 'reminder@42', 'reminder@44', 'escalation@45']);
  });
});
