import { refreshAvailability } from '../backends/availability-refresh';
import type { Backends } from '../backends/backends';
import type { CirculationStore } from '../circulation/port';
import type { CirculationEvent } from '../domain/circulation/circulation-event';
import type { LoanPolicy } from '../domain/circulation/loan-policy';
import type { Item } from '../domain/items/item';
import { barcodeKey } from '../domain/items/item';
import type { Patron } from '../domain/patrons/patron';
import { AppError } from '../errors/app-error';
import type { ItemStore } from '../items/port';
import type { ItemStatus } from '../domain/items/item-status';
import type { PatronStore } from '../patrons/port';

/**
 * What circulation works with: the backends' items, patrons, circulation records and record
 * store, and whether `atomically` is a real transaction (`transactional`: the embedded default)
 * or only an in-process queue (composed pairs), which the compare-and-set steps must not lean on.
 */
export type CirculationPorts = Pick<Backends, 'store' | 'items' | 'atomically' | 'transactional'> &
  Partial<Pick<Backends, 'index' | 'indexOutbox'>> & {
    items: ItemStore;
    patrons: PatronStore;
    circulation: CirculationStore;
  };

export const ON_HOLD_SHELF: ItemStatus = 'on-hold-shelf';

/** Where check-in sends an item, as an item status. */
export function statusOf(to: 'reshelving' | 'in-transit' | 'on-hold-shelf'): ItemStatus {
  return to as ItemStatus;
}

/** Everything an operation needs: the ports, the rules, a clock. */
export interface CirculationContext {
  ports: CirculationPorts;
  policy: LoanPolicy;
  now(): string;
  newId(): string;
}

/** How many times an operation decides again after losing a compare-and-set to a concurrent one. */
export const MAX_ATTEMPTS = 5;

export function isVersionConflict(err: unknown): boolean {
  return err instanceof AppError && err.code === 'version_conflict';
}

/**
 * Runs one operation: on the embedded default as one transaction (its intent written and deleted
 * inside it, so none is ever left pending); elsewhere as its plain sequence of single-document
 * steps, whose intent and compare-and-sets carry the crash safety.
 */
export function runOperation<T>(ctx: CirculationContext, work: () => Promise<T>): Promise<T> {
  return ctx.ports.transactional ? ctx.ports.atomically(work) : work();
}

export async function requireItem(ctx: CirculationContext, barcode: string): Promise<Item> {
  const item = await ctx.ports.items.get(barcode);
  if (!item)
    throw new AppError('item_not_found', `no item with barcode ${barcode}`, { barcode: barcodeKey(barcode) });
  return item;
}

/** By card barcode; an anonymised patron is not found (the store never returns one by barcode). */
export async function requirePatron(ctx: CirculationContext, barcode: string): Promise<Patron> {
  const patron = await ctx.ports.patrons.get(barcode);
  if (!patron) throw patronNotFound(barcode);
  return patron;
}

export function patronNotFound(_barcode: string): AppError {
  // A card barcode is personal data (docs/patrons.md): the problem does not repeat it.
  return new AppError('patron_not_found', 'no patron has that card barcode');
}

/** Appends an event; its id makes a repeated step append nothing new. */
export async function recordEvent(ctx: CirculationContext, event: CirculationEvent): Promise<void> {
  await ctx.ports.circulation.appendEvent(withoutUndefined(event));
}

/**
 * The search index's availability of the record after its item moved. On a composed pair this is
 * the outbox's mark-then-send, safe outside a unit of work; an index that is down loses nothing.
 */
export async function refreshRecord(ctx: CirculationContext, recordId: string): Promise<void> {
  const { index } = ctx.ports;
  if (!index) return;
  await refreshAvailability(ctx.ports as unknown as Backends, [recordId]);
}

/** An event's details: plain facts, the absent ones left out. */
export function facts(
  values: Record<string, string | number | boolean | undefined>,
): Record<string, string | number | boolean> {
  return withoutUndefined(values) as Record<string, string | number | boolean>;
}

export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `YYYY-MM-DD` of an instant in the rules' time zone. */
export function today(ctx: CirculationContext): string {
  return ctx.policy.dayOf(ctx.now());
}
