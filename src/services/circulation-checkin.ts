import type { Hold, TrappedHold } from '../domain/circulation/hold';
import type { CheckinIntent } from '../domain/circulation/intent';
import type { Loan } from '../domain/circulation/loan';
import type { Item } from '../domain/items/item';
import type { ItemStatus } from '../domain/items/item-status';
import {
  isVersionConflict,
  MAX_ATTEMPTS,
  recordEvent,
  refreshRecord,
  requireItem,
  runOperation,
  statusOf,
  today,
  facts,
  withoutUndefined,
  type CirculationContext,
} from './circulation-context';
import { busy } from './circulation-checkout';
import { checkinItemOffLoan } from './circulation-checkin-off-loan';
import { checkinRouting } from '../domain/circulation/checkin-routing';
import { barcodeKey } from '../domain/items/item';
import { isExpired, type Patron } from '../domain/patrons/patron';

export interface CheckinRequest {
  itemBarcode: string;
  /** Where the item is checked in (upper case); its own library when absent. */
  library?: string;
  by?: string;
  /** When it happened, if not now (offline): the loan's returnedAt. */
  at?: string;
  /**
   * The id of the check-in's event, when the caller makes it (offline: from the file's line id,
   * so the line's mark is in the event log); an item not on loan then gets an event all the same.
   */
  eventId?: string;
}

/** What the desk does with the item now: put it back, send it on, or put it on the hold shelf. */
export type CheckinAction = 'reshelving' | 'in-transit' | 'on-hold-shelf';

export interface CheckinResult {
  /** False when the item was not on loan (the check-in may still have corrected or routed it). */
  checkedIn: boolean;
  item: Item;
  action?: CheckinAction;
  /** Where it travels, when in transit. */
  toLibrary?: string;
  /** The hold it was trapped for. */
  hold?: Hold;
  /** The loan it closed. */
  loan?: Loan;
  /** The status it had before, when check-in corrected one (missing or lost found again). */
  correctedFrom?: ItemStatus;
}

/**
 * Takes an item back (docs/circulation.md): decide where it goes (the first eligible hold, else
 * home), write the intent, trap the hold (a compare-and-set on the hold), release the item (a
 * compare-and-set on the item), then the loan history, the patron's place and the events.
 */
export async function checkIn(ctx: CirculationContext, request: CheckinRequest): Promise<CheckinResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const result = await runOperation(ctx, () => attemptCheckin(ctx, request));
    if (result) return result;
  }
  throw busy(request.itemBarcode);
}

async function attemptCheckin(
  ctx: CirculationContext,
  request: CheckinRequest,
): Promise<CheckinResult | undefined> {
  const { circulation, items } = ctx.ports;
  const item = await requireItem(ctx, request.itemBarcode);
  const here = (request.library ?? item.location.library).toUpperCase();
  if (!item.loan) return checkinItemOffLoan(ctx, item, here, request);
  const loan = item.loan;
  const route = await routeItem(ctx, item, here);
  const startedAt = ctx.now();
  const returnedAt = request.at ?? startedAt;
  const intent: CheckinIntent = withoutUndefined({
    // Its own id, not the loan's: two desks scanning one return at once each write an intent, and
    // the one that loses must not delete the winner's.
    id: `${loan.id}:checkin:${ctx.newId()}`,
    kind: 'checkin' as const,
    startedAt,
    by: request.by,
    eventId: request.eventId,
    loan,
    itemVersion: item.version,
    to: statusOf(route.to),
    trap: route.trap,
    returnedAt,
  });
  await circulation.putIntent(intent);
  let trapped: Hold | undefined;
  if (route.hold) {
    try {
      trapped = await trapHold(ctx, route.hold, route, item.barcode);
    } catch (err) {
      await circulation.deleteIntent(intent.id);
      if (isVersionConflict(err)) return undefined;
      throw err;
    }
  }
  let released: Item | undefined;
  try {
    const change = withoutUndefined({
      from: item.status,
      to: statusOf(route.to),
      at: returnedAt,
      by: request.by,
    });
    const letGo = { loan: null, trappedHold: route.trap ?? null };
    released = await items.circulate(item.barcode, change, letGo, item.version);
  } catch (err) {
    if (!isVersionConflict(err)) throw err;
    if (route.hold) await untrapHold(ctx, trapped, route.hold);
    await circulation.deleteIntent(intent.id);
    return undefined;
  }
  if (!released) released = await requireItem(ctx, item.barcode);
  const closed = await finishCheckin(ctx, intent);
  return withoutUndefined({
    checkedIn: true,
    item: released,
    action: route.to,
    toLibrary: route.toLibrary,
    hold: trapped,
    loan: closed,
  });
}

/**
 * The steps after the item let go of its loan, each idempotent: the closed loan into the history
 * (unlinked from the patron unless they keep it), the patron's place freed, the events, the
 * availability, the intent dropped. Recovery runs them too.
 */
export async function finishCheckin(ctx: CirculationContext, intent: CheckinIntent): Promise<Loan> {
  const { circulation, patrons } = ctx.ports;
  const { loan, trap } = intent;
  const patron = loan.patronId ? await patrons.getById(loan.patronId) : undefined;
  const closed: Loan = { ...loan, returnedAt: intent.returnedAt };
  if (!patron?.keepHistory) delete closed.patronId;
  await circulation.putClosedLoan(closed);
  if (loan.patronId) await patrons.removeLoan(loan.patronId, loan.id, intent.returnedAt);
  await recordEvent(ctx, {
    id: intent.eventId ?? `${loan.id}:checkin`,
    kind: 'checkin',
    at: intent.returnedAt,
    by: intent.by,
    itemBarcode: loan.itemBarcode,
    loanId: loan.id,
    patronId: closed.patronId,
    details: facts({
      to: intent.to,
      toLibrary: trap?.pickupLibrary,
      overdue: loan.dueAt < intent.returnedAt,
    }),
  });
  // Returned, and the patron keeps no history: the loan's earlier events let go of them too.
  if (closed.patronId === undefined) await circulation.unlinkLoan(loan.id);
  if (trap) await recordTrap(ctx, trap, loan.itemBarcode, intent.returnedAt, intent.by);
  await refreshRecord(ctx, loan.recordId);
  await circulation.deleteIntent(intent.id);
  return closed;
}

/** Check-in's decision with the holds it names: the hold (for its compare-and-set) and the item's trap. */
export interface Route {
  to: CheckinAction;
  toLibrary?: string;
  trap?: TrappedHold;
  hold?: Hold;
}

/**
 * Where a returned or scanned item goes (checkinRouting), with the holds queue read now: holds of
 * patrons who may not borrow (blocked, card expired, gone) are passed over, and a trap whose hold
 * ended binds nothing.
 */
export async function routeItem(ctx: CirculationContext, item: Item, here: string): Promise<Route> {
  const day = today(ctx);
  const queue = await ctx.ports.circulation.holdQueue(item.recordId);
  const holds = await borrowersOnly(ctx, queue, day);
  const trapActive = item.trappedHold && queue.some((h) => h.id === item.trappedHold!.holdId);
  const routing = checkinRouting({
    item: trapActive ? item : { ...item, trappedHold: undefined },
    library: here,
    today: day,
    holds,
    policy: ctx.policy,
  });
  if (routing.to === 'reshelving') return { to: 'reshelving' };
  const trap = routing.hold;
  const hold = trap ? queue.find((h) => h.id === trap.holdId) : undefined;
  return withoutUndefined({
    to: routing.to,
    toLibrary: routing.to === 'in-transit' ? routing.toLibrary : undefined,
    trap,
    hold,
  });
}

/** The holds whose patrons may borrow on `day`: not blocked, card valid, still registered. */
export async function borrowersOnly(
  ctx: CirculationContext,
  queue: readonly Hold[],
  day: string,
): Promise<Hold[]> {
  const ids = [...new Set(queue.flatMap((h) => h.patronId ?? []))];
  if (ids.length === 0) return [];
  const patrons = new Map((await ctx.ports.patrons.getManyById(ids)).map((p) => [p.id, p]));
  return queue.filter((h) => h.patronId !== undefined && mayBorrow(patrons.get(h.patronId), day));
}

function mayBorrow(patron: Patron | undefined, day: string): boolean {
  return patron !== undefined && !patron.block && !patron.anonymisedAt && !isExpired(patron, day);
}

/**
 * The hold takes the item: on the shelf here, or in transit to its pickup library (a compare-and-set
 * on the hold). A hold that has it already, as the route says, is left as it is.
 */
export async function trapHold(
  ctx: CirculationContext,
  hold: Hold,
  route: Route,
  barcode: string,
): Promise<Hold | undefined> {
  const status = route.to === 'on-hold-shelf' ? 'on-hold-shelf' : 'in-transit';
  const shelfExpiresAt = route.trap?.shelfExpiresAt;
  const same =
    hold.status === status &&
    hold.trappedItem !== undefined &&
    barcodeKey(hold.trappedItem) === barcodeKey(barcode) &&
    hold.shelfExpiresAt === shelfExpiresAt;
  if (same) return hold;
  return ctx.ports.circulation.updateHold(
    hold.id,
    { status, trappedItem: barcode, shelfExpiresAt: shelfExpiresAt ?? null },
    hold.version,
    ctx.now(),
  );
}

/**
 * Gives a hold back what it had before this check-in trapped it (the queue, or the transit it was
 * in), after the item went elsewhere. A hold moved on meanwhile (cancelled) is left alone.
 */
export async function untrapHold(
  ctx: CirculationContext,
  trapped: Hold | undefined,
  before: Hold,
): Promise<void> {
  if (!trapped || trapped === before) return;
  const fields = {
    status: before.status,
    trappedItem: before.trappedItem ?? null,
    shelfExpiresAt: before.shelfExpiresAt ?? null,
  };
  try {
    await ctx.ports.circulation.updateHold(trapped.id, fields, trapped.version, ctx.now());
  } catch (err) {
    if (!isVersionConflict(err)) throw err;
  }
}

export async function recordTrap(
  ctx: CirculationContext,
  trap: TrappedHold,
  itemBarcode: string,
  at: string,
  by: string | undefined,
): Promise<void> {
  const where = trap.shelfExpiresAt ? 'on-hold-shelf' : 'in-transit';
  await recordEvent(ctx, {
    id: `${trap.holdId}:${where}:${itemBarcode.toLowerCase()}`,
    kind: 'hold-trapped',
    at,
    by,
    holdId: trap.holdId,
    itemBarcode,
    patronId: trap.patronId,
    details: facts({ pickupLibrary: trap.pickupLibrary, to: where, shelfExpiresAt: trap.shelfExpiresAt }),
  });
}
