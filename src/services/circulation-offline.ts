import type {
  OfflineCheckin,
  OfflineCheckout,
  OfflineEntry,
  OfflineFile,
} from '../domain/circulation/offline-file';
import { barcodeKey, type Item } from '../domain/items/item';
import type { LocationDirectory } from '../domain/items/locations';
import { AppError } from '../errors/app-error';
import { checkIn } from './circulation-checkin';
import { checkOut } from './circulation-checkout';
import type { CirculationContext } from './circulation-context';

export type OfflineOutcome = 'applied' | 'already-applied' | 'conflict' | 'invalid';

/** One line of the file, as applied. Names items and card barcodes, never a patron's personal data. */
export interface OfflineLineReport {
  line: number;
  id?: string;
  op?: OfflineEntry['op'];
  outcome: OfflineOutcome;
  /** Why a conflict (or an invalid line, or a check-in of an item not on loan): an error code. */
  code?: string;
  message?: string;
  /** On a conflict: whether the line was applied all the same (docs/circulation.md, offline). */
  applied?: boolean;
  /** The loan the line made (check-out) or closed (check-in). */
  loanId?: string;
}

export interface OfflineReport {
  summary: { applied: number; alreadyApplied: number; conflicts: number; invalid: number };
  /** In file order. */
  lines: OfflineLineReport[];
}

export interface OfflineOptions {
  /** Who uploaded the file (an API key id); `offline` when absent. */
  by?: string;
  /** Locations a line may name; any well-formed one when absent. */
  locations?: LocationDirectory;
}

/** The reason written on a loan whose refusals were recorded, not answered. */
export const OFFLINE_REASON = 'recorded offline (bookmobile)';

/** The id of the loan a check-out line makes, and of the event a check-in line leaves. */
export const offlineLoanId = (lineId: string): string => `offline:${lineId}`;
export const offlineCheckinEventId = (lineId: string): string => `offline-checkin:${lineId}`;

/**
 * Applies the bookmobile's offline file (docs/circulation.md, "The bookmobile, offline"): every
 * readable line in time order, each at its own instant, one at a time. Each line leaves its id
 * behind (the loan `offline:<id>`, the check-in event `offline-checkin:<id>`), which is how a line
 * already applied is known again: uploading the same file twice changes nothing the second time.
 */
export async function applyOffline(
  ctx: CirculationContext,
  file: OfflineFile,
  options: OfflineOptions = {},
): Promise<OfflineReport> {
  const by = options.by ?? 'offline';
  const lines: OfflineLineReport[] = file.problems.map((p) => ({
    line: p.line,
    ...(p.id !== undefined && { id: p.id }),
    outcome: 'invalid',
    code: 'invalid_offline_line',
    message: p.message,
  }));
  for (const entry of file.entries) {
    const unknown = unknownLocation(entry, options.locations);
    lines.push(unknown ?? (await applyEntry(ctx, entry, by)));
  }
  lines.sort((a, b) => a.line - b.line);
  return { summary: summarise(lines), lines };
}

async function applyEntry(
  ctx: CirculationContext,
  entry: OfflineEntry,
  by: string,
): Promise<OfflineLineReport> {
  try {
    return entry.op === 'checkout' ? await applyCheckout(ctx, entry, by) : await applyCheckin(ctx, entry, by);
  } catch (err) {
    if (!isLineConflict(err)) throw err;
    return conflict(entry, err.code, err.message, false);
  }
}

/** A refusal or a missing thing is the line's conflict; anything else (a store down) stops the file. */
function isLineConflict(err: unknown): err is AppError {
  return err instanceof AppError && err.category !== 'internal' && err.category !== 'unavailable';
}

async function applyCheckout(
  ctx: CirculationContext,
  entry: OfflineCheckout,
  by: string,
): Promise<OfflineLineReport> {
  const loanId = offlineLoanId(entry.id);
  const item = await ctx.ports.items.get(entry.itemBarcode);
  if (!item) return conflict(entry, 'item_not_found', `no item with barcode ${entry.itemBarcode}`, false);
  const earlier = await earlierLine(ctx, entry, item);
  if (earlier)
    return earlier === 'applied'
      ? { ...base(entry), outcome: 'already-applied', loanId }
      : reused(entry, earlier);
  if (item.status === 'withdrawn')
    return conflict(entry, 'item_not_available', `item ${item.barcode} was withdrawn`, false);
  // Before anything changes: a check-out for a patron nobody knows is not applied at all.
  if (!(await ctx.ports.patrons.get(entry.patronBarcode)))
    return conflict(entry, 'patron_not_found', `no patron with card barcode ${entry.patronBarcode}`, false);
  const before = await returnEarlierLoan(ctx, entry, item, by);
  if (before && 'outcome' in before) return before;
  const result = await checkOut(ctx, {
    itemBarcode: item.barcode,
    patronBarcode: entry.patronBarcode,
    ...(entry.location && { location: entry.location }),
    loanId,
    at: entry.at,
    recorded: { reason: OFFLINE_REASON },
    by,
  }).catch((err: unknown) => {
    // The earlier loan stays checked in (the item did come back): the report says so.
    if (!before || !isLineConflict(err)) throw err;
    return conflict(entry, err.code, `${before.message}; then ${err.message}`, false);
  });
  if ('outcome' in result) return result;
  const said = [...(before ? [before] : []), ...refusalsOf(result.loan.overrides?.[0]?.codes)];
  if (said.length === 0) return { ...base(entry), outcome: 'applied', loanId };
  return {
    ...conflict(entry, said[0]!.code, said.map((s) => s.message).join('; '), true),
    loanId,
  };
}

interface Said {
  code: string;
  message: string;
}

/**
 * The item still on an earlier loan when the bookmobile lent it: it evidently came back, so that
 * loan is checked in at the line's instant first. A loan made after the line's instant is not
 * this line's to close: the line is a conflict, not applied.
 */
async function returnEarlierLoan(
  ctx: CirculationContext,
  entry: OfflineCheckout,
  item: Item,
  by: string,
): Promise<Said | OfflineLineReport | undefined> {
  const earlier = item.loan;
  if (!earlier) return undefined;
  if (earlier.checkedOutAt > entry.at) {
    const message = `item ${item.barcode} was lent again at ${earlier.checkedOutAt}, after this check-out`;
    return conflict(entry, 'item_checked_out', message, false);
  }
  await checkIn(ctx, { itemBarcode: item.barcode, at: entry.at, by });
  return {
    code: 'item_checked_out',
    message: `item ${item.barcode} was still on loan ${earlier.id}: checked in at this line's instant first`,
  };
}

async function applyCheckin(
  ctx: CirculationContext,
  entry: OfflineCheckin,
  by: string,
): Promise<OfflineLineReport> {
  const eventId = offlineCheckinEventId(entry.id);
  const item = await ctx.ports.items.get(entry.itemBarcode);
  if (!item) return conflict(entry, 'item_not_found', `no item with barcode ${entry.itemBarcode}`, false);
  const earlier = await earlierLine(ctx, entry, item);
  if (earlier)
    return earlier === 'applied' ? { ...base(entry), outcome: 'already-applied' } : reused(entry, earlier);
  if (item.loan && item.loan.checkedOutAt > entry.at) {
    const message = `item ${item.barcode} was lent again at ${item.loan.checkedOutAt}, after this check-in: nothing to check in`;
    return conflict(entry, 'item_not_on_loan', message, false);
  }
  const library = entry.library ?? entry.location?.library;
  const result = await checkIn(ctx, {
    itemBarcode: item.barcode,
    ...(library !== undefined && { library }),
    at: entry.at,
    eventId,
    by,
  });
  if (result.checkedIn)
    return { ...base(entry), outcome: 'applied', ...(result.loan && { loanId: result.loan.id }) };
  const corrected = result.correctedFrom ? `; its status ${result.correctedFrom} was corrected` : '';
  return {
    ...base(entry),
    outcome: 'already-applied',
    code: 'item_not_on_loan',
    message: `item ${item.barcode} was not on loan${corrected}`,
  };
}

/**
 * What an earlier line with this id left: `applied` when it was this very line (same item, and for
 * a check-in the same instant), `reused` when another line took the id (a device that reused it,
 * or two devices that share it), undefined when nothing carries it yet.
 */
async function earlierLine(
  ctx: CirculationContext,
  entry: OfflineEntry,
  item: Item,
): Promise<'applied' | { reused: string } | undefined> {
  const { circulation } = ctx.ports;
  const sameItem = (barcode: string | undefined) =>
    barcode !== undefined && barcodeKey(barcode) === barcodeKey(item.barcode);
  if (entry.op === 'checkout') {
    const loanId = offlineLoanId(entry.id);
    if (item.loan?.id === loanId) return 'applied';
    const made = (await circulation.closedLoan(loanId)) ?? (await circulation.event(`${loanId}:checkout`));
    if (!made) return undefined;
    return sameItem(made.itemBarcode) ? 'applied' : { reused: `a check-out of item ${made.itemBarcode}` };
  }
  const mark = await circulation.event(offlineCheckinEventId(entry.id));
  if (!mark) return undefined;
  if (sameItem(mark.itemBarcode) && mark.at === entry.at) return 'applied';
  return { reused: `a check-in of item ${mark.itemBarcode ?? '?'} at ${mark.at}` };
}

function refusalsOf(codes: readonly string[] | undefined): Said[] {
  return (codes ?? []).map((code) => ({ code, message: REFUSAL_MESSAGES[code] ?? code }));
}

/** What a recorded refusal means on the report (the desk reads it; no patron data). */
const REFUSAL_MESSAGES: Record<string, string> = {
  patron_blocked: 'the patron is blocked: lent all the same (the book is in their hands)',
  patron_expired: "the patron's card had expired: lent all the same",
  patron_limit_reached: 'the patron was at their loan limit: lent all the same',
  item_not_loanable: 'the item does not circulate: lent all the same',
  item_on_hold: 'the item was held for another patron: lent all the same',
};

function unknownLocation(
  entry: OfflineEntry,
  locations: LocationDirectory | undefined,
): OfflineLineReport | undefined {
  if (!locations) return undefined;
  if (entry.location && !locations.knows(entry.location))
    return {
      ...base(entry),
      outcome: 'invalid',
      code: 'invalid_location',
      message: locations.unlisted(entry.location),
    };
  if (entry.op === 'checkin' && entry.library && !locations.list().some((l) => l.code === entry.library))
    return {
      ...base(entry),
      outcome: 'invalid',
      code: 'invalid_location',
      message: `library ${entry.library} is not in the locations file`,
    };
  return undefined;
}

function base(entry: OfflineEntry): Pick<OfflineLineReport, 'line' | 'id' | 'op'> {
  return { line: entry.line, id: entry.id, op: entry.op };
}

/** A line whose id an earlier line took: it cannot be told apart from that one, so it is not applied. */
function reused(entry: OfflineEntry, earlier: { reused: string }): OfflineLineReport {
  return {
    ...base(entry),
    outcome: 'invalid',
    code: 'invalid_offline_line',
    message: `id ${entry.id} was used already, by ${earlier.reused}: give every line an id of its own`,
  };
}

function conflict(entry: OfflineEntry, code: string, message: string, applied: boolean): OfflineLineReport {
  return { ...base(entry), outcome: 'conflict', code, message, applied };
}

function summarise(lines: readonly OfflineLineReport[]): OfflineReport['summary'] {
  const count = (outcome: OfflineOutcome) => lines.filter((l) => l.outcome === outcome).length;
  return {
    applied: count('applied'),
    alreadyApplied: count('already-applied'),
    conflicts: count('conflict'),
    invalid: count('invalid'),
  };
}
