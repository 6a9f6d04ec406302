import type { Hold } from '../domain/circulation/hold';
import { isActiveHold } from '../domain/circulation/hold';
import type { CheckoutIntent } from '../domain/circulation/intent';
import type { Loan } from '../domain/circulation/loan';
import type { Item, ItemLocation } from '../domain/items/item';
import { isOnShelf } from '../domain/items/item-status';
import type { Patron } from '../domain/patrons/patron';
import { AppError } from '../errors/app-error';
import {
  isVersionConflict,
  MAX_ATTEMPTS,
  ON_HOLD_SHELF,
  patronNotFound,
  recordEvent,
  refreshRecord,
  requireItem,
  requirePatron,
  runOperation,
  today,
  facts,
  withoutUndefined,
  type CirculationContext,
} from './circulation-context';
import { checkoutRefusals } from '../domain/circulation/checkout-refusals';
import { applyOverride, recordRefusals, type OverrideRequest } from './circulation-overrides';

export interface CheckoutRequest {
  itemBarcode: string;
  patronBarcode: string;
  /** Lent from somewhere other than the item's shelf: the bookmobile. */
  location?: ItemLocation;
  override?: OverrideRequest;
  /** The API key id. */
  by?: string;
  /** The loan's id when the caller makes it (offline: from the file's line id); else a new one. */
  loanId?: string;
  /** When it happened, if not now (offline): the loan's checkedOutAt, and its due date from it. */
  at?: string;
  /**
   * A check-out recorded after the fact (the bookmobile's offline file): the book is already in
   * the patron's hands, so the patron's refusals (blocked too) and the overridable ones are
   * written on the loan as an override with this reason instead of stopping it. The item's state
   * (item_not_available) and a missing loan rule still stop it.
   */
  recorded?: { reason: string };
}

export interface CheckoutResult {
  loan: Loan;
  item: Item;
  patron: Patron;
  /** The hold this check-out fulfilled. */
  hold?: Hold;
}

/**
 * Lends an item (docs/circulation.md, "Operations and crash safety"): decide, write the intent,
 * reserve the patron's place (a compare-and-set on the patron: the limit holds under concurrency),
 * take the item (a compare-and-set on the item: one check-out wins), then the hold and the event.
 * A lost compare-and-set is undone and decided again, at most MAX_ATTEMPTS times.
 */
export async function checkOut(ctx: CirculationContext, request: CheckoutRequest): Promise<CheckoutResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const result = await runOperation(ctx, () => attemptCheckout(ctx, request));
    if (result) return result;
  }
  throw busy(request.itemBarcode);
}

/** One try: the result, or undefined when a concurrent change means deciding again. */
async function attemptCheckout(
  ctx: CirculationContext,
  request: CheckoutRequest,
): Promise<CheckoutResult | undefined> {
  const { circulation, patrons, items } = ctx.ports;
  const item = await requireItem(ctx, request.itemBarcode);
  const patron = await requirePatron(ctx, request.patronBarcode);
  // A caller-made loan id (offline) the patron holds already is another process's check-out of
  // the same line, in flight: undoing ours after a lost race would take its place away.
  if (request.loanId !== undefined && patron.openLoans.includes(request.loanId)) throw busy(item.barcode);
  const trappedFor = await activeTrappedHold(ctx, item);
  const startedAt = ctx.now();
  const at = request.at ?? startedAt;
  const library = request.location?.library ?? item.location.library;
  const refusals = checkoutRefusals({
    patron,
    // A trap whose hold ended (cancelled before the item was released) binds nobody.
    item: trappedFor ? item : { ...item, trappedHold: undefined },
    library,
    today: request.at === undefined ? today(ctx) : ctx.policy.dayOf(request.at),
    holds: await circulation.holdQueue(item.recordId),
    policy: ctx.policy,
  });
  const override = request.recorded
    ? recordRefusals(refusals, request.recorded.reason, at, request.by)
    : applyOverride(refusals, request.override, at, request.by);
  const rule = ctx.policy.ruleFor(patron.patronType, item.itemType, library);
  const loan: Loan = withoutUndefined({
    id: request.loanId ?? ctx.newId(),
    itemBarcode: item.barcode,
    recordId: item.recordId,
    patronId: patron.id,
    patronType: patron.patronType,
    library,
    location: request.location,
    checkedOutAt: at,
    dueAt: ctx.policy.dueDate(at, rule.period, library),
    renewals: 0,
    overrides: override ? [override] : undefined,
    by: request.by,
  });
  const fulfils = trappedFor?.patronId === patron.id ? trappedFor : undefined;
  const intent: CheckoutIntent = withoutUndefined({
    id: loan.id,
    kind: 'checkout' as const,
    startedAt,
    by: request.by,
    loan,
    itemVersion: item.version,
    holdId: fulfils?.id,
  });
  await circulation.putIntent(intent);
  try {
    const reserved = await patrons.addLoan(patron.id, loan.id, patron.version, startedAt);
    if (!reserved) throw patronNotFound(request.patronBarcode);
  } catch (err) {
    await circulation.deleteIntent(intent.id);
    if (isVersionConflict(err)) return undefined;
    throw err;
  }
  let taken: Item | undefined;
  try {
    const change = withoutUndefined({ from: item.status, to: 'checked-out' as const, at, by: request.by });
    taken = await items.circulate(item.barcode, change, { loan, trappedHold: null }, item.version);
  } catch (err) {
    if (!isVersionConflict(err)) throw err;
    await undoCheckout(ctx, intent);
    const now = await requireItem(ctx, request.itemBarcode);
    if (now.loan || !(isOnShelf(now.status) || now.status === ON_HOLD_SHELF)) throw notAvailable(now);
    return undefined;
  }
  if (!taken) {
    await undoCheckout(ctx, intent);
    throw new AppError('item_not_found', `no item with barcode ${request.itemBarcode}`);
  }
  const hold = await finishCheckout(ctx, intent);
  return withoutUndefined({ loan, item: taken, patron, hold });
}

/**
 * The steps after the item is taken, each idempotent: fulfil the hold the item was trapped for,
 * append the event, refresh availability, let go of the intent. Recovery runs them too.
 */
export async function finishCheckout(
  ctx: CirculationContext,
  intent: CheckoutIntent,
): Promise<Hold | undefined> {
  const { loan } = intent;
  const at = ctx.now();
  const hold = intent.holdId ? await fulfilHold(ctx, intent.holdId, loan, at) : undefined;
  await recordEvent(ctx, {
    id: `${loan.id}:checkout`,
    kind: 'checkout',
    at: loan.checkedOutAt,
    by: loan.by,
    itemBarcode: loan.itemBarcode,
    loanId: loan.id,
    patronId: loan.patronId,
    details: facts({
      library: loan.library,
      location: loan.location ? `${loan.location.library}/${loan.location.shelf}` : undefined,
      dueAt: loan.dueAt,
      overridden: loan.overrides?.flatMap((o) => o.codes).join(','),
      overrideReason: loan.overrides?.[0]?.reason,
    }),
  });
  await refreshRecord(ctx, loan.recordId);
  await ctx.ports.circulation.deleteIntent(intent.id);
  return hold;
}

/** A check-out that did not happen: give the patron's place back (uncounted) and drop the intent. */
export async function undoCheckout(ctx: CirculationContext, intent: CheckoutIntent): Promise<void> {
  const { loan } = intent;
  if (loan.patronId) await ctx.ports.patrons.removeLoan(loan.patronId, loan.id, ctx.now(), { uncount: true });
  await ctx.ports.circulation.deleteIntent(intent.id);
}

async function fulfilHold(
  ctx: CirculationContext,
  holdId: string,
  loan: Loan,
  at: string,
): Promise<Hold | undefined> {
  const { circulation } = ctx.ports;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const hold = await circulation.hold(holdId);
    if (!hold || !isActiveHold(hold)) return hold;
    try {
      const done = await circulation.updateHold(
        hold.id,
        { status: 'fulfilled', endedAt: at },
        hold.version,
        at,
      );
      await recordEvent(ctx, {
        id: `${hold.id}:fulfilled`,
        kind: 'hold-fulfilled',
        at,
        by: loan.by,
        holdId: hold.id,
        loanId: loan.id,
        itemBarcode: loan.itemBarcode,
        patronId: hold.patronId,
      });
      return done;
    } catch (err) {
      if (!isVersionConflict(err)) throw err;
    }
  }
  throw busy(loan.itemBarcode);
}

/** The hold an item is trapped for, if that hold is still active (a stale trap is ignored). */
export async function activeTrappedHold(ctx: CirculationContext, item: Item): Promise<Hold | undefined> {
  if (!item.trappedHold) return undefined;
  const hold = await ctx.ports.circulation.hold(item.trappedHold.holdId);
  return hold && isActiveHold(hold) ? hold : undefined;
}

function notAvailable(item: Item): AppError {
  return new AppError('item_not_available', `item ${item.barcode} is ${item.status}`, {
    barcode: item.barcode,
    status: item.status,
  });
}

export function busy(barcode: string): AppError {
  return new AppError(
    'circulation_busy',
    `item ${barcode} or its patron kept changing under this request; send it again`,
    { barcode },
  );
}
