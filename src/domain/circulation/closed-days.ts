import { addDays, weekdayOf } from './calendar';
import type { ClosedData } from './loan-rules-data';

/** Enough to pass every listed date and a week; the check at start guarantees an open weekday. */
const MAX_STEPS = 3660;

/**
 * The days a library is closed: those listed for every library (`*`) and, added to them, its
 * own. A due date or a hold shelf's last day that falls on one moves to the next open day.
 */
export class ClosedDays {
  private readonly weekdays = new Map<string, Set<string>>();
  private readonly dates = new Map<string, Set<string>>();

  constructor(entries: readonly ClosedData[]) {
    for (const entry of entries) {
      this.weekdays.set(entry.library, new Set(entry.weekdays.map((w) => w.value)));
      this.dates.set(entry.library, new Set(entry.dates.map((d) => d.value)));
    }
  }

  isClosed(library: string, day: string): boolean {
    const weekday = weekdayOf(day);
    return [library.toUpperCase(), '*'].some(
      (key) => this.weekdays.get(key)?.has(weekday) === true || this.dates.get(key)?.has(day) === true,
    );
  }

  /** `day` itself when open, else the first open day after it. */
  openOnOrAfter(library: string, day: string): string {
    let next = day;
    for (let step = 0; step < MAX_STEPS && this.isClosed(library, next); step++) next = addDays(next, 1);
    return next;
  }
}
