import { OaiError } from './oai-error';

/**
 * OAI-PMH dates. The repository's granularity is seconds (`YYYY-MM-DDThh:mm:ssZ`); days are
 * accepted too, as the protocol requires. The store keeps ISO 8601 with milliseconds, so a
 * bound is widened to the whole second (or day) it names before it is compared with a stored time.
 */
export const GRANULARITY = 'YYYY-MM-DDThh:mm:ssZ';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A stored time (`2026-12-06T19:00:00.123Z`) as a datestamp (`2026-12-06T19:00:00Z`). */
export function datestamp(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

export interface DateRange {
  /** The first stored time inside the range, in the store's form; absent: from the beginning. */
  since?: string;
  /** The last stored time inside the range, in the store's form; absent: to the end. */
  until?: string;
}

/** `from` and `until` as the client gave them, checked (same granularity, in order) and widened. */
export function dateRange(from: string | undefined, until: string | undefined): DateRange {
  const range: DateRange = {};
  if (from !== undefined) range.since = bound('from', from, 'start');
  if (until !== undefined) range.until = bound('until', until, 'end');
  if (from !== undefined && until !== undefined) {
    if (DAY.test(from) !== DAY.test(until))
      throw new OaiError('badArgument', `from (${from}) and until (${until}) must have the same granularity`);
    if (range.since! > range.until!)
      throw new OaiError('badArgument', `from (${from}) is after until (${until})`);
  }
  return range;
}

function bound(name: string, value: string, side: 'start' | 'end'): string {
  const day = DAY.test(value);
  if (!day && !SECOND.test(value)) {
    throw new OaiError(
      'badArgument',
      `${name} must be a UTC date (YYYY-MM-DD) or a time to the second (${GRANULARITY}), not "${value}"`,
    );
  }
  const base = day ? `${value}T00:00:00Z` : value;
  const at = new Date(base);
  // Date accepts 2026-02-30 by rolling it over; the round trip refuses it.
  if (Number.isNaN(at.getTime()) || datestamp(at.toISOString()) !== base)
    throw new OaiError('badArgument', `${name} "${value}" is not a date`);
  if (side === 'start') return at.toISOString();
  const last = at.getTime() + (day ? 86_400_000 : 1000) - 1;
  return new Date(last).toISOString();
}
