import type { Backends } from '../../src/backends/backends';
import type { CirculationEvent, CirculationEventKind } from '../../src/domain/circulation/circulation-event';
import type { Hold } from '../../src/domain/circulation/hold';
import type { Loan } from '../../src/domain/circulation/loan';
import type { Item } from '../../src/domain/items/item';
import { barcodeKey } from '../../src/domain/items/item';
import type { Patron } from '../../src/domain/patrons/patron';

/** Every intent started before this is pending, whatever its age. */
export const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/** Everything circulation keeps, read straight from the stores. */
export interface CirculationState {
  items: Item[];
  patrons: Patron[];
  closedLoans: Loan[];
  holds: Hold[];
  intents: number;
  events: CirculationEvent[];
}

export async function readCirculationState(
  backends: Backends,
  patronIds: readonly string[],
): Promise<CirculationState> {
  const items: Item[] = [];
  for (let after: string | undefined; ;) {
    const page = await backends.items.list({ limit: 100, ...(after !== undefined && { after }) });
    items.push(...page.items);
    if (!page.next) break;
    after = page.next;
  }
  const patrons = await backends.patrons.getManyById(patronIds);
  const closedLoans: Loan[] = [];
  for (const item of items) {
    for (let after: string | undefined; ;) {
      const page = await backends.circulation.closedLoansOfItem(item.barcode, {
        limit: 100,
        ...(after !== undefined && { after }),
      });
      closedLoans.push(...page.entries);
      if (!page.next) break;
      after = page.next;
    }
  }
  const holds = (
    await Promise.all(patronIds.map((id) => backends.circulation.holdsOfPatron(id, { includeEnded: true })))
  ).flat();
  const intents = (await backends.circulation.pendingIntents(END_OF_TIME)).length;
  const events: CirculationEvent[] = [];
  for (let after: string | undefined; ;) {
    const page = await backends.circulation.events({ limit: 500, ...(after !== undefined && { after }) });
    events.push(...page.entries);
    if (!page.next) break;
    after = page.next;
  }
  return { items, patrons, closedLoans, holds, intents, events };
}

/**
 * What docs/circulation.md promises once recovery has run (no operation in flight): every way the
 * item, patron, hold, loan history and event log could disagree after an operation cut short. An
 * empty list means they all agree.
 */
export function circulationViolations(state: CirculationState): string[] {
  return [
    ...loanViolations(state),
    ...patronViolations(state),
    ...holdViolations(state),
    ...eventViolations(state),
    ...scanViolations(state),
    ...(state.intents > 0 ? [`${state.intents} intents still pending after recovery`] : []),
  ];
}

/** A loan exists if and only if its item says checked-out (or lost) with that loan. */
function loanViolations({ items, patrons, closedLoans }: CirculationState): string[] {
  const found: string[] = [];
  const closed = new Set(closedLoans.map((l) => l.id));
  const byId = new Map(patrons.map((p) => [p.id, p]));
  for (const item of items) {
    const { loan } = item;
    if (item.status === 'checked-out' && !loan)
      found.push(`item ${item.barcode} is checked-out without a loan`);
    if (!loan) continue;
    if (item.status !== 'checked-out' && item.status !== 'lost')
      found.push(`item ${item.barcode} holds loan ${loan.id} but is ${item.status}`);
    if (barcodeKey(loan.itemBarcode) !== barcodeKey(item.barcode))
      found.push(`item ${item.barcode} holds loan ${loan.id} of item ${loan.itemBarcode}`);
    if (closed.has(loan.id)) found.push(`item ${item.barcode} holds loan ${loan.id}, which is also closed`);
    const patron = loan.patronId ? byId.get(loan.patronId) : undefined;
    if (!patron?.openLoans.includes(loan.id))
      found.push(`item ${item.barcode}'s loan ${loan.id} is not among its patron's open loans`);
  }
  return found;
}

function patronViolations({ items, patrons, closedLoans }: CirculationState): string[] {
  const found: string[] = [];
  const holders = new Map<string, Item[]>();
  for (const item of items)
    if (item.loan) holders.set(item.loan.id, [...(holders.get(item.loan.id) ?? []), item]);
  for (const patron of patrons) {
    for (const id of patron.openLoans) {
      const held = holders.get(id) ?? [];
      if (held.length !== 1)
        found.push(`patron ${patron.barcode}'s open loan ${id} is held by ${held.length} items`);
      else if (held[0]!.loan!.patronId !== patron.id)
        found.push(`patron ${patron.barcode}'s open loan ${id} is lent to another patron`);
    }
    if (patron.loanCount < patron.openLoans.length)
      found.push(
        `patron ${patron.barcode} counts ${patron.loanCount} loans but has ${patron.openLoans.length} open`,
      );
    if (patron.keepHistory) {
      const made = patron.openLoans.length + closedLoans.filter((l) => l.patronId === patron.id).length;
      if (patron.loanCount !== made)
        found.push(`patron ${patron.barcode} counts ${patron.loanCount} loans; ${made} were made`);
    }
  }
  const counted = patrons.reduce((sum, p) => sum + p.loanCount, 0);
  const made = holders.size + closedLoans.length;
  if (counted !== made) found.push(`patrons count ${counted} loans; ${made} were made (open and closed)`);
  return found;
}

/** An item's trap and its hold agree both ways; an ended hold traps nothing. */
function holdViolations({ items, holds }: CirculationState): string[] {
  const found: string[] = [];
  const byId = new Map(holds.map((h) => [h.id, h]));
  for (const item of items) {
    const trap = item.trappedHold;
    if (!trap) continue;
    const hold = byId.get(trap.holdId);
    if (!hold || (hold.status !== 'in-transit' && hold.status !== 'on-hold-shelf'))
      found.push(
        `item ${item.barcode} is trapped for hold ${trap.holdId}, which is ${hold?.status ?? 'unknown'}`,
      );
    else if (barcodeKey(hold.trappedItem ?? '') !== barcodeKey(item.barcode))
      found.push(
        `item ${item.barcode} is trapped for hold ${hold.id}, which holds ${hold.trappedItem ?? 'nothing'}`,
      );
  }
  const itemsByKey = new Map(items.map((i) => [barcodeKey(i.barcode), i]));
  for (const hold of holds) {
    const trapping = hold.status === 'in-transit' || hold.status === 'on-hold-shelf';
    if (trapping && !hold.trappedItem) found.push(`hold ${hold.id} is ${hold.status} without an item`);
    if (!hold.trappedItem || !trapping) continue;
    const item = itemsByKey.get(barcodeKey(hold.trappedItem));
    if (item?.trappedHold?.holdId !== hold.id)
      found.push(
        `hold ${hold.id} (${hold.status}) holds item ${hold.trappedItem}, which is ${item?.status ?? 'unknown'} trapped for ${item?.trappedHold?.holdId ?? 'nothing'}`,
      );
  }
  return found;
}

/**
 * The events every operation leaves, exactly once: a check-out for every loan made (open or
 * closed) and none for a loan never made, a check-in for every closed loan, a renewal event for
 * each renewal a loan counts; a hold's placing and, once fulfilled, its fulfilment.
 */
function eventViolations({ items, closedLoans, holds, events }: CirculationState): string[] {
  const found: string[] = [];
  const of = (kind: CirculationEventKind) => events.filter((e) => e.kind === kind);
  const open = items.flatMap((i) => (i.loan ? [i.loan] : []));
  const made = new Set([...open, ...closedLoans].map((l) => l.id));
  const checkouts = new Set(of('checkout').map((e) => e.loanId));
  for (const id of made) if (!checkouts.has(id)) found.push(`loan ${id} has no check-out event`);
  for (const id of checkouts)
    if (!made.has(id!)) found.push(`check-out event of loan ${id}, which was never made`);
  const checkins = new Set(of('checkin').flatMap((e) => (e.loanId ? [e.loanId] : [])));
  for (const loan of closedLoans)
    if (!checkins.has(loan.id)) found.push(`closed loan ${loan.id} has no check-in event`);
  for (const loan of open) if (checkins.has(loan.id)) found.push(`open loan ${loan.id} has a check-in event`);
  const fulfilled = new Set(of('hold-fulfilled').map((e) => e.holdId));
  for (const hold of holds)
    if (hold.status === 'fulfilled' && !fulfilled.has(hold.id))
      found.push(`fulfilled hold ${hold.id} has no event`);
  const placed = new Set(of('hold-placed').map((e) => e.holdId));
  for (const hold of holds) if (!placed.has(hold.id)) found.push(`hold ${hold.id} has no hold-placed event`);
  const renewals = new Map<string, number>();
  for (const e of of('renew')) renewals.set(e.loanId!, (renewals.get(e.loanId!) ?? 0) + 1);
  for (const loan of [...open, ...closedLoans])
    if ((renewals.get(loan.id) ?? 0) !== loan.renewals)
      found.push(
        `loan ${loan.id} was renewed ${loan.renewals} times; ${renewals.get(loan.id) ?? 0} renew events`,
      );
  return found;
}

/**
 * A scan of an item not on loan that moved it (found, sent home, trapped) leaves its `checkin`
 * event exactly once: each such move in an item's history (neither from nor to `checked-out`, not a
 * hold's release; in transit rerouted counts) has one event saying the same move at the same
 * instant, and each event one move. (An offline file's scan that moves nothing leaves an event and
 * no move: no stream checked here has one.)
 */
function scanViolations({ items, events }: CirculationState): string[] {
  const count = (keys: string[]) => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };
  const moves = count(
    items.flatMap((item) =>
      item.history
        .filter((c) => c.from !== undefined && c.from !== 'checked-out' && c.to !== 'checked-out')
        .filter((c) => c.reason !== 'hold ended')
        .map((c) => `${barcodeKey(item.barcode)} ${c.from} → ${c.to} at ${c.at}`),
    ),
  );
  const logged = count(
    events
      .filter((e) => e.kind === 'checkin' && e.details?.onLoan === false)
      .map((e) => `${barcodeKey(e.itemBarcode!)} ${e.details!.from} → ${e.details!.to} at ${e.at}`),
  );
  const found: string[] = [];
  for (const key of new Set([...moves.keys(), ...logged.keys()])) {
    const [m, l] = [moves.get(key) ?? 0, logged.get(key) ?? 0];
    if (m !== l) found.push(`scan ${key}: ${m} moves in the item's history, ${l} check-in events`);
  }
  return found;
}
