import { AppError } from '../../errors/app-error';
import { parseLocation, type ItemLocation } from '../items/item';

/**
 * The bookmobile's offline file (docs/circulation.md, offline): JSON lines, one check-out or
 * check-in per line, each with the id the device gave it and the instant it happened:
 *
 *   {"id":"bm1-0001","at":"2026-12-01T10:15:00Z","op":"checkout","itemBarcode":"3901","patronBarcode":"P1","location":"MAIN/BOOKMOBILE"}
 *   {"id":"bm1-0002","at":"2026-12-01T11:02:00Z","op":"checkin","itemBarcode":"3901"}
 *
 * The id makes a line's effect happen once: the loan a check-out line makes takes its id from it,
 * so uploading the same file again finds every line already applied. Blank lines are skipped. A
 * line that cannot be read is reported with its number and applied never; the others are applied
 * in time order (`at`, then line number), whatever order the device wrote them in.
 */
export type OfflineEntry = OfflineCheckout | OfflineCheckin;

interface OfflineBase {
  /** 1-based line of the file. */
  line: number;
  /** The device's id for this line: letters, digits, `.`, `_`, `:`, `-`; at most 100 characters. */
  id: string;
  /** ISO 8601 instant, normalised to UTC (`2026-12-01T10:15:00.000Z`). */
  at: string;
}

export interface OfflineCheckout extends OfflineBase {
  op: 'checkout';
  itemBarcode: string;
  patronBarcode: string;
  /** Where it was lent: the bookmobile's location (`MAIN/BOOKMOBILE`). */
  location?: ItemLocation;
}

export interface OfflineCheckin extends OfflineBase {
  op: 'checkin';
  itemBarcode: string;
  /** The library it came back to; the location's library when absent. */
  library?: string;
  location?: ItemLocation;
}

/** A line that is not an entry: its number and what is wrong (never the line's text: it may hold a patron's barcode). */
export interface OfflineLineProblem {
  line: number;
  id?: string;
  message: string;
}

export interface OfflineFile {
  /** In time order: `at`, then line. */
  entries: OfflineEntry[];
  problems: OfflineLineProblem[];
}

const ID = /^[A-Za-z0-9._:-]{1,100}$/;
const KEYS: Record<OfflineEntry['op'], readonly string[]> = {
  checkout: ['id', 'at', 'op', 'itemBarcode', 'patronBarcode', 'location'],
  checkin: ['id', 'at', 'op', 'itemBarcode', 'library', 'location'],
};
/** At most this many lines in one file: a day of a busy bookmobile is a few thousand. */
export const MAX_OFFLINE_LINES = 100_000;

/**
 * The file as uploaded (bytes): UTF-8 (a byte-order mark is skipped), parsed. A file that is not
 * UTF-8 or holds no line at all is `invalid_offline_file`; a bad line is one of its `problems`.
 */
export function readOfflineFile(bytes: Uint8Array): OfflineFile {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError('invalid_offline_file', 'the offline file is not UTF-8 text');
  }
  const file = parseOfflineFile(text);
  if (file.entries.length === 0 && file.problems.length === 0)
    throw new AppError('invalid_offline_file', 'the offline file holds no line: one JSON object per line');
  return file;
}

export function parseOfflineFile(text: string): OfflineFile {
  const entries: OfflineEntry[] = [];
  const problems: OfflineLineProblem[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_OFFLINE_LINES + 1) {
    problems.push({
      line: MAX_OFFLINE_LINES + 1,
      message: `more than ${MAX_OFFLINE_LINES} lines: split the file`,
    });
    lines.length = MAX_OFFLINE_LINES;
  }
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const read = readLine(raw, line);
    if ('message' in read) {
      problems.push(read);
      return;
    }
    const earlier = seen.get(read.id);
    if (earlier !== undefined) {
      problems.push({ line, id: read.id, message: `id ${read.id} is already used by line ${earlier}` });
      return;
    }
    seen.set(read.id, line);
    entries.push(read);
  });
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.line - b.line));
  return { entries, problems };
}

function readLine(raw: string, line: number): OfflineEntry | OfflineLineProblem {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { line, message: 'not a JSON object' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { line, message: 'not a JSON object' };
  const o = value as Record<string, unknown>;
  const id = typeof o.id === 'string' && ID.test(o.id) ? o.id : undefined;
  const problem = (message: string): OfflineLineProblem => (id ? { line, id, message } : { line, message });
  if (!id) return problem('`id` must be 1–100 letters, digits, `.`, `_`, `:` or `-`');
  if (o.op !== 'checkout' && o.op !== 'checkin') return problem('`op` must be `checkout` or `checkin`');
  const unknown = Object.keys(o).filter((k) => !KEYS[o.op as OfflineEntry['op']].includes(k));
  if (unknown.length > 0) return problem(`unknown field ${unknown.map((k) => `\`${k}\``).join(', ')}`);
  const at = instant(o.at);
  if (!at) return problem('`at` must be an ISO 8601 instant with a time zone (`2026-12-01T10:15:00Z`)');
  const itemBarcode = barcode(o.itemBarcode);
  if (!itemBarcode) return problem('`itemBarcode` must be a non-empty string of at most 64 characters');
  let location: ItemLocation | undefined;
  if (o.location !== undefined) {
    location = typeof o.location === 'string' ? parseLocation(o.location) : undefined;
    if (!location) return problem('`location` must be written LIBRARY/LOCATION (`MAIN/BOOKMOBILE`)');
  }
  if (o.op === 'checkout') {
    const patronBarcode = barcode(o.patronBarcode);
    if (!patronBarcode) return problem('`patronBarcode` must be a non-empty string of at most 64 characters');
    const entry: OfflineCheckout = { line, id, at, op: 'checkout', itemBarcode, patronBarcode };
    if (location) entry.location = location;
    return entry;
  }
  const entry: OfflineCheckin = { line, id, at, op: 'checkin', itemBarcode };
  if (o.library !== undefined) {
    if (typeof o.library !== 'string' || !/^[A-Za-z0-9._-]{1,32}$/.test(o.library))
      return problem('`library` must be a library code (`MAIN`)');
    entry.library = o.library.toUpperCase();
  }
  if (location) entry.location = location;
  return entry;
}

function barcode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 && trimmed.length <= 64 ? trimmed : undefined;
}

/** An ISO 8601 date-time with seconds and a zone (Z or ±hh:mm), as UTC; undefined otherwise. */
function instant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  // Date.parse rolls 2026-02-30 over into March: a date that does not exist is refused.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
  return new Date(time).toISOString();
}
