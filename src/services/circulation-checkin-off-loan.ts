import type { Hold, TrappedHold } from '../domain/circulation/hold';
import type { ScanIntent, TrapIntent } from '../domain/circulation/intent';
import type { Item } from '../domain/items/item';
import type { ItemStatus } from '../domain/items/item-status';
import {
  recordTrap,
  routeItem,
  trapHold,
  untrapHold,
  type CheckinRequest,
  type CheckinResult,
  type Route,
} from './circulation-checkin';
import {
  facts,
  isVersionConflict,
  ON_HOLD_SHELF,
  recordEvent,
  refreshRecord,
  statusOf,
  withoutUndefined,
  type CirculationContext,
} from './circulation-context';

/** Statuses a scan at the desk routes as it routes a return; others (in repair, withdrawn …) stay. */
const ROUTED: readonly ItemStatus[] = [
  'available',
  'reshelving',
  'missing',
  'lost',
  'in-transit',
  ON_HOLD_SHELF,
];

/**
 * Check-in of an item that is not on loan: `checkedIn: false`, and still the desk's answer. A
 * missing or lost item found is corrected (a staff-visible event); one arriving at its hold's
 * pickup library goes on the hold shelf; one scanned off its shelf is routed as a return is, which
 * is how a copy sitting on the shelf is trapped for a hold (nothing traps it by itself). Undefined
 * when a concurrent change means deciding again.
 */
export async function checkinItemOffLoan(
  ctx: CirculationContext,
  item: Item,
  here: string,
  request: Pick<CheckinRequest, 'by' | 'at' | 'eventId'>,
): Promise<CheckinResult | undefined> {
  const { by } = request;
  if (!ROUTED.includes(item.status)) {
    await markScan(ctx, item, request);
    return { checkedIn: false, item };
  }
  const route = await routeItem(ctx, item, here);
  if (unchanged(item, route)) {
    await markScan(ctx, item, request);
    return withoutUndefined({
      checkedIn: false,
      item,
      action: route.to,
      toLibrary: route.toLibrary,
      hold: route.hold,
    });
  }
  const at = request.at ?? ctx.now();
  const intent =
    route.hold && route.trap
      ? trapIntent(ctx, item, route, at, by, request.eventId)
      : scanIntent(ctx, item, route, at, by, request.eventId);
  await ctx.ports.circulation.putIntent(intent);
  let hold: Hold | undefined;
  if (route.hold) {
    try {
      hold = await trapHold(ctx, route.hold, route, item.barcode);
    } catch (err) {
      await ctx.ports.circulation.deleteIntent(intent.id);
      if (isVersionConflict(err)) return undefined;
      throw err;
    }
  }
  const moved = await circulateOrUndo(ctx, item, route, hold, at, by);
  if (!moved) {
    await ctx.ports.circulation.deleteIntent(intent.id);
    return undefined;
  }
  await finishScan(ctx, {
    itemBarcode: item.barcode,
    itemVersion: item.version,
    recordId: item.recordId,
    from: item.status,
    to: statusOf(route.to),
    trap: route.trap,
    at,
    by,
    eventId: request.eventId,
  });
  await ctx.ports.circulation.deleteIntent(intent.id);
  const corrected = item.status === 'missing' || item.status === 'lost' ? item.status : undefined;
  return withoutUndefined({
    checkedIn: false,
    item: moved,
    action: route.to,
    toLibrary: route.toLibrary,
    hold,
    correctedFrom: corrected,
  });
}

/**
 * A scan that changed nothing leaves no event, unless its caller named one (an offline file's
 * line, whose mark in the event log makes uploading the file again change nothing).
 */
async function markScan(
  ctx: CirculationContext,
  item: Item,
  request: Pick<CheckinRequest, 'by' | 'at' | 'eventId'>,
): Promise<void> {
  if (request.eventId === undefined) return;
  await recordEvent(ctx, {
    id: request.eventId,
    kind: 'checkin',
    at: request.at ?? ctx.now(),
    by: request.by,
    itemBarcode: item.barcode,
    details: facts({ onLoan: false, from: item.status, to: item.status }),
  });
}

/** What a scan that traps a hold writes down before the hold (recovery settles it after a crash). */
function trapIntent(
  ctx: CirculationContext,
  item: Item,
  route: Route,
  at: string,
  by: string | undefined,
  eventId: string | undefined,
): TrapIntent {
  const before = route.hold!;
  return withoutUndefined({
    // Its own id: two desks scanning one item at once must not delete each other's.
    id: `trap:${ctx.newId()}`,
    kind: 'trap' as const,
    ...scanned(item, route, at, by, eventId),
    trap: route.trap!,
    before: withoutUndefined({
      status: before.status,
      trappedItem: before.trappedItem,
      shelfExpiresAt: before.shelfExpiresAt,
    }),
  });
}

/**
 * What a scan that traps nothing writes down before the item: a crash between the item and its
 * event would otherwise lose the event (recovery appends it when the item's history shows the move).
 */
function scanIntent(
  ctx: CirculationContext,
  item: Item,
  route: Route,
  at: string,
  by: string | undefined,
  eventId: string | undefined,
): ScanIntent {
  return withoutUndefined({
    // Its own id, as a trap's: two desks scanning one item at once must not delete each other's.
    id: `scan:${ctx.newId()}`,
    kind: 'scan' as const,
    ...scanned(item, route, at, by, eventId),
  });
}

/** What every scan intent records of the scan itself: when, by whom, and the item's move. */
function scanned(item: Item, route: Route, at: string, by: string | undefined, eventId: string | undefined) {
  return {
    startedAt: at,
    by,
    eventId,
    itemBarcode: item.barcode,
    itemVersion: item.version,
    from: item.status,
    to: statusOf(route.to),
  };
}

/** A scan's steps after the item moved, each idempotent (its event's id names the version it left). */
export async function finishScan(
  ctx: CirculationContext,
  scan: {
    itemBarcode: string;
    itemVersion: number;
    recordId: string;
    from: ItemStatus;
    to: ItemStatus;
    trap?: TrappedHold;
    at: string;
    by?: string;
    /** The caller's event id (an offline file's line); else one naming the version the item left. */
    eventId?: string;
  },
): Promise<void> {
  const corrected = scan.from === 'missing' || scan.from === 'lost';
  await recordEvent(ctx, {
    id: scan.eventId ?? `${scan.itemBarcode.toLowerCase()}:checkin:v${scan.itemVersion}`,
    kind: 'checkin',
    at: scan.at,
    by: scan.by,
    itemBarcode: scan.itemBarcode,
    details: facts({ onLoan: false, from: scan.from, to: scan.to, corrected }),
  });
  if (scan.trap) await recordTrap(ctx, scan.trap, scan.itemBarcode, scan.at, scan.by);
  await refreshRecord(ctx, scan.recordId);
}

/** Nothing to write: the item is where the route says already (an available copy counts as reshelved). */
function unchanged(item: Item, route: Route): boolean {
  const status = item.status === 'available' && route.to === 'reshelving' ? 'reshelving' : item.status;
  const trap = item.trappedHold;
  return (
    status === route.to &&
    trap?.holdId === route.trap?.holdId &&
    trap?.shelfExpiresAt === route.trap?.shelfExpiresAt &&
    (route.hold === undefined || route.hold.trappedItem !== undefined)
  );
}

async function circulateOrUndo(
  ctx: CirculationContext,
  item: Item,
  route: Route,
  hold: Hold | undefined,
  at: string,
  by: string | undefined,
): Promise<Item | undefined> {
  try {
    const change = withoutUndefined({ from: item.status, to: statusOf(route.to), at, by });
    return await ctx.ports.items.circulate(
      item.barcode,
      change,
      { trappedHold: route.trap ?? null },
      item.version,
    );
  } catch (err) {
    if (!isVersionConflict(err)) throw err;
    if (route.hold) await untrapHold(ctx, hold, route.hold);
    return undefined;
  }
}
