/**
 * Days in a library's time zone, with nothing but Intl: loan rules count in the library's days
 * (a 21-day loan is due at the end of its 21st day, wherever the server runs), so an instant is
 * turned into a local day and a local day back into the instants it spans. Days are written
 * `YYYY-MM-DD` and counted on the proleptic Gregorian calendar, which Date.UTC does exactly.
 */

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether Intl knows this IANA zone (`Europe/Paris`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Whether `day` is a real `YYYY-MM-DD` date (`2026-02-30` is not). */
export function isDay(day: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return false;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === day;
}

/** The day `n` days after `day` (before, when negative). */
export function addDays(day: string, n: number): string {
  return new Date(utcMidnight(day) + n * DAY_MS).toISOString().slice(0, 10);
}

export function weekdayOf(day: string): Weekday {
  return WEEKDAYS[new Date(utcMidnight(day)).getUTCDay()]!;
}

/** The day an instant falls on in `zone`. */
export function dayIn(instant: number, zone: string): string {
  return new Date(instant + offsetAt(instant, zone)).toISOString().slice(0, 10);
}

/**
 * The last millisecond of `day` in `zone`: one before the next day begins. Taken from the next
 * day's start rather than from a wall clock of 23:59:59.999, which a zone changing its clocks at
 * midnight can skip or show twice.
 */
export function endOfDay(day: string, zone: string): number {
  return startOfDay(addDays(day, 1), zone) - 1;
}

/**
 * The first instant of `day` in `zone`: its midnight, or the end of the clock change where a
 * zone skips midnight (America/Santiago in September skips 00:00–01:00).
 */
export function startOfDay(day: string, zone: string): number {
  const wall = utcMidnight(day);
  // The offsets on either side of the day; a clock change inside it is one of the two.
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const fits = [wall - before, wall - after].filter((t) => t + offsetAt(t, zone) === wall);
  // Midnight shown twice: the earlier. Skipped: the change itself, where the old offset puts midnight.
  return fits.length > 0 ? Math.min(...fits) : wall - before;
}

/** How far `zone`'s clocks are ahead of UTC at `instant`, in milliseconds. */
export function offsetAt(instant: number, zone: string): number {
  const parts = formatterFor(zone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const year = get('year');
  const wall = Date.UTC(
    // Intl writes years before 1 as positive era years; loans never reach them.
    year,
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const seconds = instant - (((instant % 1000) + 1000) % 1000);
  return wall - seconds;
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function utcMidnight(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}
