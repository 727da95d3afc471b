import { CN_CALENDAR, isWorkingDay } from './calendar';
import { journeyInput, type JourneyState } from './journey';
import type { Actor } from './principal';
import { nextAlarm } from './schedule';
import { resolvedRoundSettingsSchema, roundSettingsStepSchema } from './schemas';
import { DEFAULT_ROUND_SETTINGS, mergeRoundSettings, type RoundSettings } from './settings';
import { checkStep } from './steps';
import { applyStep, initialJourney, journeyCalendar } from './transitions';

/** An instant given in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const regulator: Actor = { principalId: 'p1', role: 'regulator', name: '浙江省局', regionCode: '330000' };
const body: Actor = {
  principalId: 'p3',
  role: 'certification_body',
  name: '甲认证',
  certificationBodyId: 'b1',
};
const BODY = '6f1c2b4e-9d1a-4c3b-8e2f-1a2b3c4d5e6f';
const settings = mergeRoundSettings(DEFAULT_ROUND_SETTINGS, {
  deadlines: { screening: 'P10D', diagnosis: 'P10D' },
});
const journey = (start: Date, s: RoundSettings = settings) =>
  initialJourney(
    {
      id: 'j',
      roundId: 'r1',
      enterprise: {
        uscc: '91330106M000100Y43',
        name: '杭州甲公司',
        regionCode: '330106',
        industryCode: 'C3511',
        email: 'a@x.example',
      },
      settings: s,
    },
    start,
  );
const change = (state: JourneyState, s: RoundSettings, now: Date, paused = !!state.pausedAt) =>
  applyStep(state, 'round-settings', regulator, { settings: s, paused }, now);

describe('a round whose settings change while it runs', () => {
  it('takes the settings whole, with whether the round is paused, and nothing else', () => {
    expect(roundSettingsStepSchema.safeParse({ settings, paused: false }).success).toBe(true);
    expect(roundSettingsStepSchema.safeParse({ settings }).success).toBe(false);
    const partial: Partial<RoundSettings> = { ...settings };
    delete partial.escalateAfter;
    expect(roundSettingsStepSchema.safeParse({ settings: partial, paused: true }).success).toBe(false);
    expect(resolvedRoundSettingsSchema.safeParse({ ...settings, extra: 1 }).success).toBe(false);
  });

  it('is taken by the round (a regulator) on any open journey, never on one that ended', () => {
    const s = journey(bj('2026-03-02T10:00:00'));
    expect(checkStep(s, 'round-settings', regulator)).toBeNull();
    expect(checkStep({ ...s, certificationBodyId: 'b1' }, 'round-settings', body)).toMatchObject({
      kind: 'actor',
    });
    expect(checkStep({ ...s, stage: 'completed' }, 'round-settings', regulator)).toMatchObject({
      kind: 'stage',
    });
  });

  it('counts deadlines in working days when the round says so: 10 working days across the Spring Festival', () => {
    const s = journey(bj('2026-02-10T10:00:00'), { ...settings, calendar: 'cn-workdays' });
    expect(s.deadline).toBe(bj('2026-03-02T10:00:00').toISOString());
    expect(journey(bj('2026-02-10T10:00:00')).deadline).toBe(bj('2026-02-20T10:00:00').toISOString());
  });

  it('counts with the calendar its starter bundled: years past it count weekends only, whatever a newer release knows', () => {
    const input = journeyInput(
      { id: 'j', roundId: 'r1', enterprise: journey(bj('2026-02-10T10:00:00')).enterprise },
      { ...settings, calendar: 'cn-workdays' },
      bj('2026-02-10T10:00:00'),
      '330000',
    );
    expect(input.calendarThrough).toBe(CN_CALENDAR.lastYear);
    expect(initialJourney(input, bj('2026-02-10T10:00:00')).calendarThrough).toBe(CN_CALENDAR.lastYear);
    // A journey whose data ended with 2025 does not know the 2026 Spring Festival: ten weekdays.
    const older = initialJourney({ ...input, calendarThrough: 2025 }, bj('2026-02-10T10:00:00'));
    expect(older.deadline).toBe(bj('2026-02-24T10:00:00').toISOString());
    expect(journeyCalendar(older).lastYear).toBe(2025);
    expect(isWorkingDay('2026-02-16', journeyCalendar(older))).toBe(true);
    expect(isWorkingDay('2025-10-01', journeyCalendar(older))).toBe(false);
  });

  it('counts the deadline again from when the step began: a stalled journey given working days is no longer stalled', () => {
    let s = journey(bj('2026-02-10T10:00:00'));
    s = { ...s, stalled: true, stalledSince: s.deadline, remindersSent: 1 };
    const after = change(s, { ...settings, calendar: 'cn-workdays' }, bj('2026-02-25T09:00:00')).state;
    expect(after).toMatchObject({
      stage: 'screening',
      deadline: bj('2026-03-02T10:00:00').toISOString(),
      waitingSince: bj('2026-02-10T10:00:00').toISOString(),
      stalled: false,
      stalledSince: null,
      remindersSent: 0,
      escalated: false,
      settings: { calendar: 'cn-workdays' },
    });
    expect(nextAlarm(after)).toEqual({ kind: 'deadline', at: bj('2026-03-02T10:00:00').toISOString() });
  });

  it('stalls at once, its reminders starting now, when the new deadline has already passed', () => {
    const s = journey(bj('2026-03-02T10:00:00'));
    const now = bj('2026-03-06T12:00:00');
    const shorter = mergeRoundSettings(settings, { deadlines: { screening: 'P3D' } });
    const after = change(s, shorter, now).state;
    expect(after).toMatchObject({
      deadline: bj('2026-03-05T10:00:00').toISOString(),
      stalled: true,
      stalledSince: now.toISOString(),
      remindersSent: 0,
    });
    expect(nextAlarm(after)).toEqual({ kind: 'reminder', at: now.toISOString() });
  });

  it('moves a running deadline later or earlier, and leaves the stage, the stall and the version count in order', () => {
    const s = journey(bj('2026-03-02T10:00:00'));
    const longer = change(
      s,
      mergeRoundSettings(settings, { deadlines: { screening: 'P20D' } }),
      bj('2026-03-03T00:00:00'),
    );
    expect(longer.state).toMatchObject({
      stage: 'screening',
      stalled: false,
      deadline: bj('2026-03-22T10:00:00').toISOString(),
      version: s.version + 1,
    });
    expect(longer.notifications).toEqual([]);
  });

  it('recounts the deadline of a journey from before settings changes from its deadline less the old duration', () => {
    const s = journey(bj('2026-03-02T10:00:00'));
    const old: JourneyState = { ...s };
    delete old.waitingSince;
    const after = change(old, { ...settings, calendar: 'cn-workdays' }, bj('2026-03-03T00:00:00')).state;
    // Monday 03-02 plus 10 working days is Monday 03-16.
    expect(after.deadline).toBe(bj('2026-03-16T10:00:00').toISOString());
    expect(after.waitingSince).toBe(bj('2026-03-02T10:00:00').toISOString());
  });

  it('moves the evaluations not yet open to the new offsets, and keeps those already open', () => {
    const done = bj('2026-01-05T10:00:00');
    const s: JourneyState = {
      ...journey(bj('2026-01-01T10:00:00')),
      stage: 'follow_up',
      certificationBodyId: BODY,
      deadline: bj('2026-04-19T10:00:00').toISOString(),
      waitingSince: bj('2026-04-05T10:00:00').toISOString(),
      completion: {
        at: done.toISOString(),
        by: { principalId: 'p3', role: 'certification_body', name: '甲' },
        summary: '',
      },
      evaluations: [1, 2, 3].map((n) => ({
        n,
        dueAt: new Date(done.getTime() + [90, 180, 365][n - 1] * 86_400_000).toISOString(),
        openedAt: n === 1 ? bj('2026-04-05T10:00:00').toISOString() : null,
        answeredAt: null,
        answer: null,
        by: null,
        via: null,
      })),
    };
    const after = change(
      s,
      mergeRoundSettings(settings, { evaluationOffsets: ['P60D', 'P120D', 'P240D'] }),
      bj('2026-04-06T10:00:00'),
    ).state;
    expect(after.evaluations.map((e) => e.dueAt)).toEqual([
      s.evaluations[0].dueAt,
      new Date(done.getTime() + 120 * 86_400_000).toISOString(),
      new Date(done.getTime() + 240 * 86_400_000).toISOString(),
    ]);
    // The open evaluation's deadline counts from when it opened.
    expect(after.deadline).toBe(bj('2026-04-19T10:00:00').toISOString());
    expect(after.stage).toBe('follow_up');
  });

  it('pauses and resumes with the same step, and a change while paused keeps the pause', () => {
    const s = journey(bj('2026-03-02T10:00:00'));
    const paused = change(s, settings, bj('2026-03-03T10:00:00'), true).state;
    expect(paused.pausedAt).toBe(bj('2026-03-03T10:00:00').toISOString());
    const changed = change(paused, { ...settings, calendar: 'cn-workdays' }, bj('2026-03-04T10:00:00')).state;
    expect(changed.pausedAt).toBe(bj('2026-03-03T10:00:00').toISOString());
    const resumed = change(changed, changed.settings, bj('2026-03-05T10:00:00'), false).state;
    expect(resumed.pausedAt).toBeNull();
    expect(resumed.deadline).toBe(bj('2026-03-16T10:00:00').toISOString());
  });
});
