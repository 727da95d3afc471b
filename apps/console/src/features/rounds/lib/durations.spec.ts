import {
  CONSOLE_NOTIFICATION_PRESET,
  DEFAULT_ROUND_SETTINGS,
  resolveRoundSettings,
} from '@uplift/domain/settings';
import {
  demoPreset,
  durationWords,
  fromIsoDuration,
  nationalPreset,
  settingsBody,
  settingsChange,
  toIsoDuration,
  valuesFromSettings,
} from './durations';

describe('round settings in units', () => {
  it('writes each unit as the ISO duration the API reads', () => {
    expect(toIsoDuration({ value: 30, unit: 'minutes' })).toBe('PT30M');
    expect(toIsoDuration({ value: 2, unit: 'hours' })).toBe('PT2H');
    expect(toIsoDuration({ value: 90, unit: 'days' })).toBe('P90D');
    expect(toIsoDuration({ value: 3, unit: 'weeks' })).toBe('P3W');
  });

  it('shows short multiples of a week in weeks, and long periods in days', () => {
    expect(fromIsoDuration('P14D')).toEqual({ value: 2, unit: 'weeks' });
    expect(fromIsoDuration('P90D')).toEqual({ value: 90, unit: 'days' });
    expect(fromIsoDuration('PT5M')).toEqual({ value: 5, unit: 'minutes' });
  });

  it('sends the national preset as the campaign defaults, to the day', () => {
    const days = (iso: string) => {
      const m = /^P(?:(\d+)W|(\d+)D)$/.exec(iso)!;
      return m[1] ? Number(m[1]) * 7 : Number(m[2]);
    };
    const body = settingsBody(nationalPreset());
    for (const [step, iso] of Object.entries(DEFAULT_ROUND_SETTINGS.deadlines))
      expect(days(body.deadlines[step as keyof typeof body.deadlines])).toBe(days(iso));
    expect(body.evaluationOffsets.map(days)).toEqual(DEFAULT_ROUND_SETTINGS.evaluationOffsets.map(days));
    expect(body.reminders.max).toBe(DEFAULT_ROUND_SETTINGS.reminders.max);
  });

  it('runs the demo preset in minutes', () => {
    expect(Object.values(settingsBody(demoPreset()).deadlines).every((d) => /^PT\d+M$/.test(d))).toBe(true);
  });

  it('sets working hours 09:00–18:00 and a 09:00 digest in both presets, every day counted unless chosen', () => {
    for (const preset of [nationalPreset(), demoPreset()]) {
      const body = settingsBody(preset);
      expect(body.workingHours).toEqual(CONSOLE_NOTIFICATION_PRESET.workingHours);
      expect(body.digest).toEqual(CONSOLE_NOTIFICATION_PRESET.digest);
      expect(body.calendar).toBe('calendar');
    }
    const body = settingsBody({
      ...nationalPreset(),
      calendar: 'cn-workdays',
      workingHoursOn: false,
      digestOn: false,
    });
    expect(body).toMatchObject({ calendar: 'cn-workdays', workingHours: null, digest: null });
  });

  it("reads a round's settings back into the form as they were sent", () => {
    const sent = settingsBody({ ...demoPreset(), calendar: 'cn-workdays', digestAt: '17:30' });
    const round = resolveRoundSettings(sent) as Required<typeof DEFAULT_ROUND_SETTINGS>;
    expect(settingsBody(valuesFromSettings(round))).toEqual(sent);
    // A round with neither hours nor digest keeps them off, and offers the presets' times if turned on.
    const plain = valuesFromSettings(
      resolveRoundSettings(undefined) as Required<typeof DEFAULT_ROUND_SETTINGS>,
    );
    expect(plain).toMatchObject({
      workingHoursOn: false,
      workFrom: '09:00',
      digestOn: false,
      digestAt: '09:00',
    });
  });

  it('says a duration in days, weeks or minutes, and one an API client wrote in minutes', () => {
    expect(durationWords('P30D', 'zh-CN')).toBe('30 天');
    expect(durationWords('P14D', 'zh-CN')).toBe('2 周');
    expect(durationWords('PT5M', 'en')).toBe('5 minutes');
    expect(fromIsoDuration('P1DT12H')).toEqual({ value: 2160, unit: 'minutes' });
  });

  it('changes only what the form changed, and keeps days as days when counting working days', () => {
    const round = resolveRoundSettings({ deadlines: { screening: 'P14D' } }) as Required<
      typeof DEFAULT_ROUND_SETTINGS
    >;
    const values = valuesFromSettings(round);
    expect(settingsChange(round, values)).toEqual({});
    expect(
      settingsChange(round, { ...values, calendar: 'cn-workdays', workingHoursOn: true, reminderMax: 5 }),
    ).toEqual({
      calendar: 'cn-workdays',
      workingHours: { from: '09:00', to: '18:00' },
      reminders: { max: 5 },
    });
    const workdays = { ...round, calendar: 'cn-workdays' as const };
    expect(valuesFromSettings(workdays).deadlines.screening).toEqual({ value: 14, unit: 'days' });
    expect(durationWords('P14D', 'zh-CN', 'cn-workdays')).toBe('14 个工作日');
    expect(durationWords('P2W', 'zh-CN', 'cn-workdays')).toBe('2 周');
  });
});
