import type { Hold } from '../domain/circulation/hold';
import { isActiveHold } from '../domain/circulation/hold';
import type { Item } from '../domain/items/item';
import type { Patron } from '../domain/patrons/patron';
import { patronRefusals } from '../domain/circulation/checkout-refusals';
import { settleRefusals } from '../domain/circulation/refusal';
import { AppError } from '../errors/app-error';
import {
  isVersionConflict,
  MAX_ATTEMPTS,
  ON_HOLD_SHELF,
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

export interface PlaceHoldRequest {
  patronBarcode: string;
  /** One of the two: a record (any copy), or one item. */
  recordId?: string;
  itemBarcode?: string;
  pickupLibrary: string;
  notNeededAfter?: string;
  by?: string;
}

/**
 * Places a hold at the end of the record's queue. Nothing is trapped now, even when a copy sits on
 * the shelf: the copy is trapped when staff check it in (docs/circulation.md, holds).
 */
export async function placeHold(ctx: CirculationContext, request: PlaceHoldRequest): Promise<Hold> {
  const patron = await requirePatron(ctx, request.patronBarcode);
  refuseIfCannotHold(patron, today(ctx));
  const item = request.itemBarcode !== undefined ? await requireItem(ctx, request.itemBarcode) : undefined;
  const recordId = item?.recordId ?? request.recordId!;
  if (!item) await requireRecord(ctx, recordId);
  const active = (await ctx.ports.circulation.holdsOfPatron(patron.id)).find(
    (h) => h.recordId === recordId && isActiveHold(h),
  );
  if (active) {
    throw new AppError(
      'hold_already_placed',
      `the patron already has hold ${active.id} on record ${recordId}`,
      {
        id: active.id,
        recordId,
      },
    );
  }
  const at = ctx.now();
  const hold = await ctx.ports.circulation.createHold(
    withoutUndefined({
      id: ctx.newId(),
      recordId,
      itemBarcode: item?.barcode,
      patronId: patron.id,
      pickupLibrary: request.pickupLibrary.toUpperCase(),
      status: 'waiting' as const,
      placedAt: at,
      notNeededAfter: request.notNeededAfter,
      by: request.by,
    }),
    at,
  );
  await recordEvent(ctx, {
    id: `${hold.id}:placed`,
    kind: 'hold-placed',
    at,
    by: request.by,
    holdId: hold.id,
    itemBarcode: item?.barcode,
    patronId: patron.id,
    details: { recordId, pickupLibrary: hold.pickupLibrary },
  });
  return hold;
}

/**
 * Cancels an active hold; cancelling one already cancelled changes nothing. An item trapped for it
 * is released to reshelving (check-in then routes it to the next hold, or home).
 */
export async function cancelHold(
  ctx: CirculationContext,
  id: string,
  options: { reason?: string; by?: string } = {},
): Promise<Hold> {
  return endHold(ctx, id, 'cancelled', options);
}

/**
 * Ends the holds due on `today` (CirculationStore.expiringHolds): a hold shelf's expired ones
 * release their item as a cancellation does; waiting ones past `notNeededAfter` just end.
 */
export async function expireHolds(ctx: CirculationContext, day: string, by = 'system'): Promise<Hold[]> {
  const expired: Hold[] = [];
  for (;;) {
    const due = await ctx.ports.circulation.expiringHolds(day, 100);
    const fresh = due.filter((h) => !expired.some((e) => e.id === h.id));
    if (fresh.length === 0) return expired;
    for (const hold of fresh) expired.push(await endHold(ctx, hold.id, 'expired', { by }));
  }
}

async function endHold(
  ctx: CirculationContext,
  id: string,
  status: 'cancelled' | 'expired',
  options: { reason?: string; by?: string },
): Promise<Hold> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ended = await runOperation(ctx, async () => {
      const hold = await ctx.ports.circulation.hold(id);
      if (!hold) throw new AppError('hold_not_found', `no hold ${id}`, { id });
      if (hold.status === status) return hold;
      if (!isActiveHold(hold))
        throw new AppError('hold_not_active', `hold ${id} is ${hold.status}`, { id, status: hold.status });
      const at = ctx.now();
      const fields = withoutUndefined({ status, endedAt: at, reason: options.reason });
      let done: Hold | undefined;
      try {
        done = await ctx.ports.circulation.updateHold(id, fields, hold.version, at);
      } catch (err) {
        if (isVersionConflict(err)) return undefined;
        throw err;
      }
      if (hold.trappedItem) await releaseItem(ctx, hold.trappedItem, hold.id, at, options.by);
      await recordEvent(ctx, {
        id: `${hold.id}:${status}`,
        kind: status === 'cancelled' ? 'hold-cancelled' : 'hold-expired',
        at,
        by: options.by,
        holdId: hold.id,
        itemBarcode: hold.trappedItem,
        patronId: hold.patronId,
        details: facts({ from: hold.status, reason: options.reason }),
      });
      return done ?? hold;
    });
    if (ended) return ended;
  }
  throw new AppError('circulation_busy', `hold ${id} kept changing under this request; send it again`, {
    id,
  });
}

/**
 * Lets go of an item trapped for a hold that ended: to reshelving, its trap cleared, so the next
 * check-in routes it afresh. An item that moved on (already released, checked out) is left alone.
 */
async function releaseItem(
  ctx: CirculationContext,
  barcode: string,
  holdId: string,
  at: string,
  by: string | undefined,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const item: Item | undefined = await ctx.ports.items.get(barcode);
    if (!item || item.trappedHold?.holdId !== holdId || item.loan) return;
    const to = item.status === ON_HOLD_SHELF ? 'reshelving' : item.status;
    try {
      const change = withoutUndefined({ from: item.status, to, at, by, reason: 'hold ended' });
      await ctx.ports.items.circulate(item.barcode, change, { trappedHold: null }, item.version);
      await refreshRecord(ctx, item.recordId);
      return;
    } catch (err) {
      if (!isVersionConflict(err)) throw err;
    }
  }
}

/** Blocked or expired patrons place no holds; no override (a hold costs the desk nothing yet). */
function refuseIfCannotHold(patron: Patron, day: string): void {
  settleRefusals(patronRefusals(patron, day));
}

/** A live record; `record_not_found` / `record_deleted` otherwise. */
export async function requireRecord(ctx: CirculationContext, id: string): Promise<void> {
  if (await ctx.ports.store.get(id)) return;
  const tombstone = await ctx.ports.store.getTombstone(id);
  if (tombstone)
    throw new AppError('record_deleted', `record ${id} was deleted at ${tombstone.deletedAt}`, {
      id,
      deletedAt: tombstone.deletedAt,
      version: tombstone.version,
    });
  throw new AppError('record_not_found', `no record ${id}`, { id });
}
