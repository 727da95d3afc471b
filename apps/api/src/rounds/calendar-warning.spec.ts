import { resolveRoundSettings, workCalendar } from '@uplift/domain';
import { calendarWarnings, longestDeadlineChain } from './calendar-warning';

/** A calendar that knows 2026 only, with no holidays: working days are weekdays. */
const ONLY_2026 = workCalendar({
  source: 'test',
  firstYear: 2026,
  lastYear: 2026,
  holidays: [],
  workdays: [],
});
const SHORT = resolveRoundSettings({
  calendar: 'cn-workdays',
  deadlines: {
    screening: 'P1D',
    diagnosis: 'P1D',
    assistancePlan: 'P1D',
    assistance: 'P1D',
    certification: 'P1D',
    evaluation: 'P1D',
  },
  evaluationOffsets: ['P2D'],
});

describe('the calendar warning', () => {
  it('follows every stage, then the last evaluation and its own deadline', () => {
    // Monday 2026-11-02 09:00 Beijing: five stages, two days' offset and a day to answer: eight working days.
    const end = longestDeadlineChain(SHORT, new Date('2026-11-02T01:00:00Z'));
    expect(end.toISOString()).toBe('2026-11-12T01:00:00.000Z');
    const counted = longestDeadlineChain(
      { ...SHORT, calendar: 'calendar' },
      new Date('2026-11-02T01:00:00Z'),
    );
    expect(counted.toISOString()).toBe('2026-11-10T01:00:00.000Z');
  });

  it('warns, in the language asked for, when working-day deadlines run past the data', () => {
    const now = new Date('2026-12-02T02:00:00Z');
    const [zh] = calendarWarnings(SHORT, new Date('2026-12-30T02:00:00Z'), 'zh-CN', ONLY_2026);
    expect(zh).toMatchObject({ field: 'settings.calendar', code: 'calendar.beyond_data' });
    expect(zh.message).toContain('2026');
    const [en] = calendarWarnings(resolveRoundSettings({ calendar: 'cn-workdays' }), now, 'en', ONLY_2026);
    expect(en.message).toMatch(/past the years the bundled working-day calendar covers \(2026–2026\)/);
  });

  it('is silent inside the data, and for a round that counts every day', () => {
    const now = new Date('2026-11-02T01:00:00Z');
    expect(calendarWarnings(SHORT, now, 'en', ONLY_2026)).toEqual([]);
    expect(
      calendarWarnings(resolveRoundSettings(undefined), new Date('2026-12-30T00:00:00Z'), 'en', ONLY_2026),
    ).toEqual([]);
  });
});
