import type { Hold, TrappedHold } from '../domain/circulation/hold';
import { isActiveHold } from '../domain/circulation/hold';
import type {
  CheckinIntent,
  CheckoutIntent,
  CirculationIntent,
  HoldIntent,
  RenewIntent,
  ScanIntent,
  TrapIntent,
} from '../domain/circulation/intent';
import type { Item } from '../domain/items/item';
import type { ItemStatus } from '../domain/items/item-status';
import type { ItemFields } from '../items/port';
import { finishCheckin } from './circulation-checkin';
import { finishScan } from './circulation-checkin-off-loan';
import { finishCheckout, undoCheckout } from './circulation-checkout';
import {
  isVersionConflict,
  MAX_ATTEMPTS,
  recordEvent,
  withoutUndefined,
  type CirculationContext,
} from './circulation-context';

export interface RecoveryReport {
  finished: string[];
  undone: string[];
  /** Intents recovery could not settle this time (an error); tried again at the next run. */
  failed: { id: string; error: string }[];
}

/**
 * Settles the operations a crash cut short (docs/circulation.md, "Operations and crash safety"):
 * every intent started before `olderThan`, oldest first. The item decides: it holds the loan or it
 * does not, and every remaining step is idempotent, so running this twice, or beside a live
 * operation's last steps, does no harm. `olderThan` leaves operations still running to their process.
 */
export async function recover(ctx: CirculationContext, olderThan: string): Promise<RecoveryReport> {
  const report: RecoveryReport = { finished: [], undone: [], failed: [] };
  for (const intent of await ctx.ports.circulation.pendingIntents(olderThan)) {
    try {
      const outcome = await settle(ctx, intent);
      report[outcome].push(intent.id);
    } catch (err) {
      report.failed.push({ id: intent.id, error: (err as Error).message });
    }
  }
  return report;
}

/** Finishes or undoes one operation a crash cut short; safe to run again. */
export async function settle(
  ctx: CirculationContext,
  intent: CirculationIntent,
): Promise<'finished' | 'undone'> {
  if (intent.kind === 'checkout') return settleCheckout(ctx, intent);
  if (intent.kind === 'trap') return settleTrap(ctx, intent);
  if (intent.kind === 'scan') return settleScan(ctx, intent);
  if (intent.kind === 'renew' || intent.kind === 'hold') return settleEvent(ctx, intent);
  return settleCheckin(ctx, intent);
}

/** Lent if the item holds the loan: finish (hold, event). Else it never happened: give the place back. */
async function settleCheckout(
  ctx: CirculationContext,
  intent: CheckoutIntent,
): Promise<'finished' | 'undone'> {
  const item = await ctx.ports.items.get(intent.loan.itemBarcode);
  if (item?.loan?.id === intent.loan.id) {
    await finishCheckout(ctx, intent);
    return 'finished';
  }
  if (item) await fence(ctx, item, intent.itemVersion);
  await undoCheckout(ctx, intent);
  return 'undone';
}

/**
 * Still on loan: redo from the item step (trapping the hold again if it is still to be had). Not
 * on loan any more: the item step ran, so finish (loan history, patron, events).
 */
async function settleCheckin(ctx: CirculationContext, intent: CheckinIntent): Promise<'finished'> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const item = await ctx.ports.items.get(intent.loan.itemBarcode);
    if (!item || item.loan?.id !== intent.loan.id) {
      await finishCheckin(ctx, intent);
      return 'finished';
    }
    const trap = await retrap(ctx, intent, item);
    const to: ItemStatus = trap || !intent.trap ? intent.to : homeward(item, intent);
    const change = withoutUndefined({
      from: item.status,
      to,
      at: intent.returnedAt,
      by: intent.by,
      reason: 'recovered',
    });
    try {
      await ctx.ports.items.circulate(
        item.barcode,
        change,
        { loan: null, trappedHold: trap ?? null },
        item.version,
      );
    } catch (err) {
      if (!isVersionConflict(err)) throw err;
      continue;
    }
    await finishCheckin(ctx, withoutUndefined({ ...intent, to, trap }));
    return 'finished';
  }
  throw new Error(`item ${intent.loan.itemBarcode} kept changing during recovery`);
}

/**
 * A scan that trapped a hold: finished if the item took the trap (its events); taken now if the
 * item is still as the scan found it and the hold still waits for it; else the hold is given back
 * what it had, so that it neither names an item that is not trapped for it nor waits in vain.
 */
async function settleTrap(ctx: CirculationContext, intent: TrapIntent): Promise<'finished' | 'undone'> {
  const { items, circulation } = ctx.ports;
  const item = await items.get(intent.itemBarcode);
  const finish = async (recordId: string) => {
    await finishScan(ctx, { ...intent, at: intent.startedAt, recordId });
    await circulation.deleteIntent(intent.id);
    return 'finished' as const;
  };
  if (item && item.version > intent.itemVersion && item.trappedHold?.holdId === intent.trap.holdId)
    return finish(item.recordId);
  const hold = await circulation.hold(intent.trap.holdId);
  const holdsIt =
    hold !== undefined &&
    isActiveHold(hold) &&
    hold.trappedItem?.toLowerCase() === intent.itemBarcode.toLowerCase();
  if (item && holdsIt && item.version === intent.itemVersion) {
    const change = withoutUndefined({
      from: item.status,
      to: intent.to,
      at: intent.startedAt,
      by: intent.by,
    });
    try {
      await items.circulate(item.barcode, change, { trappedHold: intent.trap }, item.version);
      return finish(item.recordId);
    } catch (err) {
      if (!isVersionConflict(err)) throw err;
      // The item moved on meanwhile (the scan itself, late): decide again from what it is now.
      return settleTrap(ctx, intent);
    }
  }
  if (holdsIt && item?.trappedHold?.holdId !== hold.id) await untrap(ctx, hold, intent);
  await circulation.deleteIntent(intent.id);
  return 'undone';
}

/**
 * A scan that trapped nothing: the item's history tells whether it moved (this scan's `from` → `to`
 * at its instant, after the version it read). Moved: its event (an id naming that version, so
 * appended once). Not moved: nothing was written, and the intent goes.
 */
async function settleScan(ctx: CirculationContext, intent: ScanIntent): Promise<'finished' | 'undone'> {
  const item = await ctx.ports.items.get(intent.itemBarcode);
  const moved =
    item !== undefined &&
    item.version > intent.itemVersion &&
    item.history.some((c) => c.at === intent.startedAt && c.from === intent.from && c.to === intent.to);
  if (moved) await finishScan(ctx, { ...intent, at: intent.startedAt, recordId: item.recordId });
  await ctx.ports.circulation.deleteIntent(intent.id);
  return moved ? 'finished' : 'undone';
}

async function untrap(ctx: CirculationContext, hold: Hold, intent: TrapIntent): Promise<void> {
  const { before } = intent;
  const fields = {
    status: before.status,
    trappedItem: before.trappedItem ?? null,
    shelfExpiresAt: before.shelfExpiresAt ?? null,
  };
  try {
    await ctx.ports.circulation.updateHold(hold.id, fields, hold.version, ctx.now());
  } catch (err) {
    if (!isVersionConflict(err)) throw err;
  }
}

/** A renewal or a hold placed: its event if it happened (the item's loan shows it, the hold is there). */
async function settleEvent(
  ctx: CirculationContext,
  intent: RenewIntent | HoldIntent,
): Promise<'finished' | 'undone'> {
  const { circulation, items } = ctx.ports;
  let happened: boolean;
  if (intent.kind === 'hold') happened = (await circulation.hold(intent.holdId)) !== undefined;
  else {
    const loan = (await items.get(intent.loan.itemBarcode))?.loan;
    happened = loan?.id === intent.loan.id && loan.renewals >= intent.loan.renewals;
    // Returned since: the closed loan shows it.
    if (!loan || loan.id !== intent.loan.id) {
      const closed = await circulation.closedLoan(intent.loan.id);
      happened = closed !== undefined && closed.renewals >= intent.loan.renewals;
    }
  }
  if (happened) await recordEvent(ctx, intent.event);
  await circulation.deleteIntent(intent.id);
  return happened ? 'finished' : 'undone';
}

/** Where an item goes whose hold ended before recovery could trap it: home. */
function homeward(item: Item, intent: CheckinIntent): ItemStatus {
  return item.location.library === intent.loan.library ? 'reshelving' : 'in-transit';
}

/** The intent's trap if its hold still takes the item (trapping it now if the crash came first). */
async function retrap(
  ctx: CirculationContext,
  intent: CheckinIntent,
  item: Item,
): Promise<TrappedHold | undefined> {
  const trap = intent.trap;
  if (!trap) return undefined;
  const hold = await ctx.ports.circulation.hold(trap.holdId);
  if (!hold || !isActiveHold(hold)) return undefined;
  if (hold.trappedItem?.toLowerCase() === item.barcode.toLowerCase()) return trap;
  if (hold.status !== 'waiting') return undefined;
  const onShelf = intent.to !== 'in-transit';
  try {
    await ctx.ports.circulation.updateHold(
      hold.id,
      {
        status: onShelf ? 'on-hold-shelf' : 'in-transit',
        trappedItem: item.barcode,
        shelfExpiresAt: onShelf ? (trap.shelfExpiresAt ?? null) : null,
      },
      hold.version,
      ctx.now(),
    );
    return trap;
  } catch (err) {
    if (isVersionConflict(err)) return undefined;
    throw err;
  }
}

/**
 * A check-out still running past `olderThan` could yet take the item at the version it decided
 * on; moving the item past that version first (its fields as they are, version + 1) makes that
 * late compare-and-set fail, so undoing the patron's place cannot leave an uncounted loan.
 */
async function fence(ctx: CirculationContext, item: Item, decidedOn: number): Promise<void> {
  if (item.version !== decidedOn) return;
  const { location, callNumber, itemType, notForLoan, publicNotes, staffNotes, holdingId } = item;
  const fields = withoutUndefined({
    location,
    callNumber,
    itemType,
    notForLoan,
    publicNotes,
    staffNotes,
    holdingId,
  });
  try {
    await ctx.ports.items.update(item.barcode, fields as ItemFields, item.version, ctx.now());
  } catch (err) {
    if (!isVersionConflict(err)) throw err;
  }
}
