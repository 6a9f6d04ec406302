/**
 * The values `year:` accepts, all turned into one inclusive range (the AST has no other year node):
 *   1990              that year
 *   [1990 TO 2000]    inclusive; `*` for an open end; `{…}` ends are exclusive (Lucene's syntax)
 *   1990-2000, 1990-, -1900   the same as a dash range
 *   199*, 19*         a decade, a century
 *   >1990 >=1990 <1900 <=1900
 *   *                 any year (records that have one)
 */
export interface YearRange {
  from?: number;
  to?: number;
}

export const MAX_YEAR = 9999;

export const YEAR_EXPECTED = [
  'a year (1990)',
  'a range ([1990 TO 2000] or 1990-2000)',
  'a decade (199*)',
  'a comparison (>1990)',
] as const;

const DIGITS = /^\d{1,4}$/;
const COMPARISON = /^(>=|<=|>|<)(\d{1,4})$/;
const DASH_RANGE = /^(\d{1,4})?-(\d{1,4})?$/;
const BRACKETS = /([[{])\s*(\*|\d{1,4})\s+TO\s+(\*|\d{1,4})\s*([\]}])/iy;

/** A year word (a trailing `*` already split off as `prefix`); undefined when it is not one. */
export function yearFromWord(value: string, prefix: boolean): YearRange | undefined {
  if (prefix) return yearFromPrefix(value);
  if (DIGITS.test(value)) return { from: Number(value), to: Number(value) };
  const comparison = COMPARISON.exec(value);
  if (comparison) return yearFromComparison(comparison[1] as string, Number(comparison[2]));
  const dash = DASH_RANGE.exec(value);
  if (dash && (dash[1] !== undefined || dash[2] !== undefined)) {
    return openRange(numberOrUndefined(dash[1]), numberOrUndefined(dash[2]));
  }
  return undefined;
}

/** `[a TO b]` at `start`; undefined when the text there is not one. */
export function yearFromBrackets(text: string, start: number): { range: YearRange; end: number } | undefined {
  BRACKETS.lastIndex = start;
  const m = BRACKETS.exec(text);
  if (!m) return undefined;
  const [, open, low, high, close] = m as unknown as [string, string, string, string, string];
  let from = low === '*' ? undefined : Number(low);
  let to = high === '*' ? undefined : Number(high);
  if (from !== undefined && open === '{') from += 1;
  if (to !== undefined && close === '}') to -= 1;
  return { range: openRange(from, to), end: start + m[0].length };
}

/** Why a range matches no year at all, or undefined when it is fine. */
export function emptyRangeReason(range: YearRange): string | undefined {
  const { from, to } = range;
  if (from !== undefined && from > MAX_YEAR) return `${from} is after the last year, ${MAX_YEAR}`;
  if (to !== undefined && to < 0) return `${to} is before year 0`;
  if (from !== undefined && to !== undefined && from > to) return `${from} is after ${to}`;
  return undefined;
}

function yearFromPrefix(value: string): YearRange | undefined {
  if (value === '') return {};
  if (!/^\d{1,3}$/.test(value)) return undefined;
  return { from: Number(value.padEnd(4, '0')), to: Number(value.padEnd(4, '9')) };
}

function yearFromComparison(operator: string, year: number): YearRange {
  switch (operator) {
    case '>':
      return { from: year + 1 };
    case '>=':
      return { from: year };
    case '<':
      return { to: year - 1 };
    default:
      return { to: year };
  }
}

/** Leaves an open end out of the object, so ranges compare equal however they were written. */
function openRange(from: number | undefined, to: number | undefined): YearRange {
  const range: YearRange = {};
  if (from !== undefined) range.from = from;
  if (to !== undefined) range.to = to;
  return range;
}

function numberOrUndefined(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}
