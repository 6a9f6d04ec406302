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
import { checkinRouting, firstEligibleHold, type Routing } from './circulation-decisions';

export interface CheckinRequest {
  itemBarcode: string;
  /** Where the item is checked in (upper case); its own library when absent. */
  library?: string;
  by?: string;
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
  if (!item.loan) return checkinItemOffLoan(ctx, item, here, request.by);
  const loan = item.loan;
  const routing = await routeItem(ctx, item, here);
  const returnedAt = ctx.now();
  const trap = trapOf(routing);
  const intent: CheckinIntent = withoutUndefined({
    id: loan.id,
    kind: 'checkin' as const,
    startedAt: returnedAt,
    by: request.by,
    loan,
    itemVersion: item.version,
    to: statusOf(routing.to),
    trap,
    returnedAt,
  });
  await circulation.putIntent(intent);
  let trapped: Hold | undefined;
  if (routing.to !== 'reshelving' && routing.hold) {
    try {
      trapped = await trapHold(ctx, routing.hold, routing, item.barcode);
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
      to: statusOf(routing.to),
      at: returnedAt,
      by: request.by,
    });
    released = await items.circulate(
      item.barcode,
      change,
      { loan: null, trappedHold: trap ?? null },
      item.version,
    );
  } catch (err) {
    if (!isVersionConflict(err)) throw err;
    if (trapped) await untrapHold(ctx, trapped);
    await circulation.deleteIntent(intent.id);
    return undefined;
  }
  if (!released) released = await requireItem(ctx, item.barcode);
  const closed = await finishCheckin(ctx, intent);
  return withoutUndefined({
    checkedIn: true,
    item: released,
    action: routing.to,
    toLibrary: routing.to === 'in-transit' ? routing.library : undefined,
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
    id: `${loan.id}:checkin`,
    kind: 'checkin',
    at: intent.returnedAt,
    by: intent.by,
    itemBarcode: loan.itemBarcode,
    loanId: loan.id,
    patronId: loan.patronId,
    details: facts({
      to: intent.to,
      toLibrary: trap?.pickupLibrary,
      overdue: loan.dueAt < intent.returnedAt,
    }),
  });
  if (trap) await recordTrap(ctx, trap, loan.itemBarcode, intent.returnedAt, intent.by);
  await refreshRecord(ctx, loan.recordId);
  await circulation.deleteIntent(intent.id);
  return closed;
}

/** Where a returned item goes, with the holds queue read now (blocked and expired patrons passed over). */
export async function routeItem(ctx: CirculationContext, item: Item, here: string): Promise<Routing> {
  const queue = await ctx.ports.circulation.holdQueue(item.recordId);
  const ids = [...new Set(queue.filter((h) => h.status === 'waiting').flatMap((h) => h.patronId ?? []))];
  const patrons = new Map((await ctx.ports.patrons.getManyById(ids)).map((p) => [p.id, p]));
  const day = today(ctx);
  const hold = firstEligibleHold(queue, item, patrons, day);
  return checkinRouting(item, here, hold, ctx.policy, day);
}

export function trapOf(routing: Routing): TrappedHold | undefined {
  if (routing.to === 'reshelving' || !routing.hold?.patronId) return undefined;
  return withoutUndefined({
    holdId: routing.hold.id,
    patronId: routing.hold.patronId,
    pickupLibrary: routing.hold.pickupLibrary,
    shelfExpiresAt: routing.to === 'on-hold-shelf' ? routing.shelfExpiresAt : undefined,
  });
}

/** The hold takes the item: on the shelf here, or in transit to its pickup library. */
export async function trapHold(
  ctx: CirculationContext,
  hold: Hold,
  routing: Routing,
  barcode: string,
): Promise<Hold | undefined> {
  const onShelf = routing.to === 'on-hold-shelf';
  return ctx.ports.circulation.updateHold(
    hold.id,
    {
      status: onShelf ? 'on-hold-shelf' : 'in-transit',
      trappedItem: barcode,
      shelfExpiresAt: onShelf ? routing.shelfExpiresAt : null,
    },
    hold.version,
    ctx.now(),
  );
}

/** Puts a hold back in the queue after the item it trapped went elsewhere. */
async function untrapHold(ctx: CirculationContext, hold: Hold): Promise<void> {
  try {
    await ctx.ports.circulation.updateHold(
      hold.id,
      { status: 'waiting', trappedItem: null, shelfExpiresAt: null },
      hold.version,
      ctx.now(),
    );
  } catch (err) {
    // Moved on meanwhile (cancelled by staff): nothing of ours left to undo.
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
