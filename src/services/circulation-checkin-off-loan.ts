import type { Hold, TrappedHold } from '../domain/circulation/hold';
import type { Item } from '../domain/items/item';
import type { ItemStatus } from '../domain/items/item-status';
import { activeTrappedHold } from './circulation-checkout';
import { recordTrap, routeItem, trapHold, trapOf, type CheckinResult } from './circulation-checkin';
import {
  isVersionConflict,
  ON_HOLD_SHELF,
  recordEvent,
  refreshRecord,
  statusOf,
  facts,
  withoutUndefined,
  type CirculationContext,
} from './circulation-context';
import type { Routing } from './circulation-decisions';

/** Statuses a scan at the desk routes like a return: on the shelf, or found after being given up. */
const ROUTED: readonly ItemStatus[] = ['available', 'reshelving', 'missing', 'lost'];

/**
 * Check-in of an item that is not on loan: `checkedIn: false`, and still the desk's answer. A
 * missing or lost item found is corrected (a staff-visible event); an item arriving at its hold's
 * pickup library goes on the hold shelf; one scanned off its shelf is routed as a return is,
 * which is how a copy sitting on the shelf gets trapped for a hold (nothing traps it by itself).
 * Undefined when a concurrent change means deciding again.
 */
export async function checkinItemOffLoan(
  ctx: CirculationContext,
  item: Item,
  here: string,
  by: string | undefined,
): Promise<CheckinResult | undefined> {
  const trapped = await activeTrappedHold(ctx, item);
  if (trapped && (item.status === 'in-transit' || item.status === ON_HOLD_SHELF)) {
    if (item.status === ON_HOLD_SHELF || here !== trapped.pickupLibrary) {
      const waiting = item.status === ON_HOLD_SHELF;
      return withoutUndefined({
        checkedIn: false,
        item,
        action: waiting ? ('on-hold-shelf' as const) : ('in-transit' as const),
        toLibrary: waiting ? undefined : trapped.pickupLibrary,
        hold: trapped,
      });
    }
    const shelfExpiresAt = ctx.policy.holdShelfExpiry(ctx.policy.dayOf(ctx.now()), here);
    return moveTo(ctx, item, { to: 'on-hold-shelf', hold: trapped, library: here, shelfExpiresAt }, by);
  }
  const home = item.location.library;
  const movable =
    ROUTED.includes(item.status) || item.status === 'in-transit' || item.status === ON_HOLD_SHELF;
  if (!movable) return { checkedIn: false, item };
  if (item.status === 'in-transit' && here !== home)
    return { checkedIn: false, item, action: 'in-transit', toLibrary: home };
  return moveTo(ctx, item, await routeItem(ctx, item, here), by);
}

async function moveTo(
  ctx: CirculationContext,
  item: Item,
  routing: Routing,
  by: string | undefined,
): Promise<CheckinResult | undefined> {
  const at = ctx.now();
  const trap = trapOf(routing);
  const sameStatus =
    item.status === routing.to || (routing.to === 'reshelving' && item.status === 'available');
  if (sameStatus && !trap && !item.trappedHold)
    return withoutUndefined({ checkedIn: false, item, action: routing.to, toLibrary: transitTo(routing) });
  let hold: Hold | undefined;
  if (trap && routing.to !== 'reshelving' && routing.hold) {
    try {
      hold = await trapHold(ctx, routing.hold, routing, item.barcode);
    } catch (err) {
      if (isVersionConflict(err)) return undefined;
      throw err;
    }
  }
  const moved = await circulateOrUndo(ctx, item, statusOf(routing.to), trap, hold, at, by);
  if (!moved) return undefined;
  const corrected = item.status === 'missing' || item.status === 'lost' ? item.status : undefined;
  await recordEvent(ctx, {
    id: `${item.barcode.toLowerCase()}:checkin:v${item.version}`,
    kind: 'checkin',
    at,
    by,
    itemBarcode: item.barcode,
    details: facts({ onLoan: false, from: item.status, to: routing.to, corrected: corrected !== undefined }),
  });
  if (trap) await recordTrap(ctx, trap, item.barcode, at, by);
  await refreshRecord(ctx, item.recordId);
  return withoutUndefined({
    checkedIn: false,
    item: moved,
    action: routing.to,
    toLibrary: transitTo(routing),
    hold,
    correctedFrom: corrected,
  });
}

async function circulateOrUndo(
  ctx: CirculationContext,
  item: Item,
  to: ItemStatus,
  trap: TrappedHold | undefined,
  hold: Hold | undefined,
  at: string,
  by: string | undefined,
): Promise<Item | undefined> {
  try {
    const change = withoutUndefined({ from: item.status, to, at, by });
    return await ctx.ports.items.circulate(item.barcode, change, { trappedHold: trap ?? null }, item.version);
  } catch (err) {
    if (!isVersionConflict(err)) throw err;
    if (hold) {
      await ctx.ports.circulation
        .updateHold(hold.id, { status: 'waiting', trappedItem: null, shelfExpiresAt: null }, hold.version, at)
        .catch((e: unknown) => {
          if (!isVersionConflict(e)) throw e;
        });
    }
    return undefined;
  }
}

function transitTo(routing: Routing): string | undefined {
  return routing.to === 'in-transit' ? routing.library : undefined;
}
