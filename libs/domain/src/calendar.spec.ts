import {
  addWorkingDays,
  beijingDay,
  CN_CALENDAR,
  deadlineAfter,
  isWithinWorkingHours,
  isWorkingDay,
  nextOpening,
  workCalendar,
} from './calendar';

/** An instant given in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const HOURS = { from: '09:00', to: '18:00' };

describe('the mainland working-day calendar (chinese-days, bundled)', () => {
  it('knows the years it covers', () => {
    expect(CN_CALENDAR.source).toMatch(/^chinese-days@\d+\.\d+\.\d+$/);
    expect(CN_CALENDAR.firstYear).toBe(2004);
    expect(CN_CALENDAR.lastYear).toBeGreaterThanOrEqual(2026);
  });

  it('takes the Spring Festival off and works its adjusted Saturdays (2026: 02-15…02-23 off, 02-14 and 02-28 worked)', () => {
    expect(isWorkingDay('2026-02-13')).toBe(true); // Friday
    expect(isWorkingDay('2026-02-14')).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-02-16')).toBe(false); // 除夕, a Monday
    expect(isWorkingDay('2026-02-23')).toBe(false); // Monday, still the holiday
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-03-01')).toBe(false); // an ordinary Sunday
  });

  it('moves a 10-working-day deadline that spans the Spring Festival past the holiday', () => {
    // From Tuesday 2026-02-10: 02-11, 12, 13, 14 (Sat, worked), then the holiday, then 02-24, 25, 26, 27, 28 (Sat, worked), 03-02.
    const due = deadlineAfter(bj('2026-02-10T10:00:00'), 'P10D', 'cn-workdays');
    expect(due).toEqual(bj('2026-03-02T10:00:00'));
    // The same period counted in calendar days falls inside the holiday.
    expect(deadlineAfter(bj('2026-02-10T10:00:00'), 'P10D', 'calendar')).toEqual(bj('2026-02-20T10:00:00'));
  });

  it('counts an adjusted working Saturday as a working day', () => {
    // Friday 2026-02-13 plus one working day is Saturday the 14th, which offices work.
    expect(addWorkingDays(bj('2026-02-13T15:30:00'), 1)).toEqual(bj('2026-02-14T15:30:00'));
    // An ordinary Friday plus one is the Monday.
    expect(addWorkingDays(bj('2026-03-06T15:30:00'), 1)).toEqual(bj('2026-03-09T15:30:00'));
  });

  it('counts a week as five working days, and hours and minutes as elapsed time', () => {
    expect(deadlineAfter(bj('2026-03-02T09:00:00'), 'P2W', 'cn-workdays')).toEqual(bj('2026-03-16T09:00:00'));
    expect(deadlineAfter(bj('2026-02-16T09:00:00'), 'PT5M', 'cn-workdays')).toEqual(
      bj('2026-02-16T09:05:00'),
    );
    expect(deadlineAfter(bj('2026-03-06T17:00:00'), 'P1DT2H', 'cn-workdays')).toEqual(
      bj('2026-03-09T19:00:00'),
    );
  });

  it('sends nothing on 除夕: an email due that day waits for the first working morning after the holiday', () => {
    const eve = bj('2026-02-16T10:00:00');
    expect(isWithinWorkingHours(eve, HOURS)).toBe(false);
    expect(nextOpening(eve, HOURS)).toEqual(bj('2026-02-24T09:00:00'));
  });

  it('sends a reminder due at 20:00 at 09:00 the next working day', () => {
    expect(nextOpening(bj('2026-03-03T20:00:00'), HOURS)).toEqual(bj('2026-03-04T09:00:00'));
    // Friday evening waits for Monday.
    expect(nextOpening(bj('2026-03-06T20:00:00'), HOURS)).toEqual(bj('2026-03-09T09:00:00'));
    // Early morning waits for the opening of the same day; inside the hours it goes at once.
    expect(nextOpening(bj('2026-03-04T07:59:00'), HOURS)).toEqual(bj('2026-03-04T09:00:00'));
    expect(nextOpening(bj('2026-03-04T17:59:00'), HOURS)).toEqual(bj('2026-03-04T17:59:00'));
    // The closing time itself is outside.
    expect(nextOpening(bj('2026-03-04T18:00:00'), HOURS)).toEqual(bj('2026-03-05T09:00:00'));
  });

  it('sends at any time when the round sets no working hours', () => {
    const night = bj('2026-02-16T03:00:00');
    expect(nextOpening(night, null)).toEqual(night);
    expect(isWithinWorkingHours(night, undefined)).toBe(true);
  });

  it('past the years it covers, takes weekends off and nothing else', () => {
    const next = CN_CALENDAR.lastYear + 1;
    expect(isWorkingDay(`${next}-01-01`)).toBe(new Date(`${next}-01-01T00:00:00Z`).getUTCDay() % 6 !== 0);
  });

  it('reads the day in Beijing time whatever the instant', () => {
    expect(beijingDay(new Date('2026-02-15T16:30:00Z'))).toBe('2026-02-16');
    expect(beijingDay(new Date('2026-02-15T15:59:59Z'))).toBe('2026-02-15');
  });

  it('takes a calendar given by a test', () => {
    const everyDay = workCalendar({
      source: 'test',
      firstYear: 2026,
      lastYear: 2026,
      holidays: ['2026-03-04'],
      workdays: ['2026-03-07'],
    });
    expect(isWorkingDay('2026-03-04', everyDay)).toBe(false);
    expect(isWorkingDay('2026-03-07', everyDay)).toBe(true);
    expect(addWorkingDays(bj('2026-03-03T12:00:00'), 1, everyDay)).toEqual(bj('2026-03-05T12:00:00'));
  });
});
