import { addDays, dayIn, isDay, isTimeZone, weekdayOf } from '../../../../src/domain/circulation/calendar';

describe('the library calendar', () => {
  test('when days are added across a month, a leap day or a year end, then the calendar is followed', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  test('when a day is named, then its weekday is the calendar’s', () => {
    expect(weekdayOf('2026-12-25')).toBe('friday');
    expect(weekdayOf('2027-01-03')).toBe('sunday');
  });

  test('when an instant is near midnight, then its day is the zone’s, not UTC’s', () => {
    const instant = Date.parse('2026-12-31T23:30:00Z');

    expect(dayIn(instant, 'UTC')).toBe('2026-12-31');
    expect(dayIn(instant, 'Europe/Paris')).toBe('2027-01-01');
    expect(dayIn(instant, 'Pacific/Kiritimati')).toBe('2027-01-01');
    expect(dayIn(Date.parse('2027-01-01T04:30:00Z'), 'America/New_York')).toBe('2026-12-31');
  });

  test('when a date or a zone is checked, then only real ones pass', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2027-02-29')).toBe(false);
    expect(isDay('2026-1-5')).toBe(false);
    expect(isTimeZone('America/Santiago')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
  });
});
