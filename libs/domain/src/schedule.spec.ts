import type { Actor } from './principal';
import { applyAlarm, nextAlarm } from './schedule';
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
