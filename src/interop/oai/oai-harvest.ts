import type { Backends } from '../../backends/backends';
import type { Item } from '../../domain/items/item';
import type { Change } from '../../store/port';
import { inSet, type SetFilter } from './oai-sets';

export interface HarvestQuery {
  /** The store's form of `from`: changes at or after it. */
  since?: string;
  /** The store's form of `until`: the list ends at the first change after it. */
  until?: string;
  set?: SetFilter;
  /** The change cursor to go on after (from a resumption token). */
  after?: string;
  pageSize: number;
  /** Read the copies of every record (for marc21's 852s and the headers' library sets). */
  withItems: boolean;
}

export interface HarvestEntry {
  change: Change;
  items: readonly Item[];
}

export interface HarvestPage {
  entries: HarvestEntry[];
  /** Where the next page starts; absent when the list is complete. */
  next?: string;
}

/**
 * One page of a list: the store's changes in sequence order from the cursor, those outside the
 * set skipped, at most `pageSize` kept. Only one store page (pageSize + 1 changes, with their
 * copies) is held at a time, so memory does not grow with the catalog.
 *
 * The cursor handed on is that of the last change used or skipped, and a page is closed only
 * when a further match is in hand, so a token never leads to an empty page (the protocol wants
 * at least one record per response) unless writes moved that match away meanwhile. A sparse set
 * reads through every change between its members: a page costs the changes scanned, not the
 * records returned.
 *
 * `until` ends the list at the first change stamped after it: the sequence is in time order, as
 * every write is stamped when it is made and written in that order (docs/interop.md).
 */
export async function harvestPage(
  backends: Pick<Backends, 'store' | 'items'>,
  query: HarvestQuery,
): Promise<HarvestPage> {
  const entries: HarvestEntry[] = [];
  let after = query.after;
  for (;;) {
    const page = await backends.store.changes({
      ...(query.since !== undefined && { since: query.since }),
      ...(after !== undefined && { after }),
      limit: query.pageSize + 1,
    });
    const items = await itemsOf(backends, page.changes, query.withItems || query.set?.kind === 'library');
    for (const change of page.changes) {
      if (query.until !== undefined && changedAt(change) > query.until) return { entries };
      const stored = change.kind === 'record' ? change.record : undefined;
      const own = stored ? (items.get(stored.id) ?? []) : [];
      if (query.set && !inSet(query.set, stored, own)) {
        after = change.cursor;
        continue;
      }
      if (entries.length === query.pageSize) return { entries, ...(after !== undefined && { next: after }) };
      entries.push({ change, items: own });
      after = change.cursor;
    }
    if (page.next === undefined) return { entries };
    after = page.next;
  }
}

export function changedAt(change: Change): string {
  return change.kind === 'record' ? change.record.updatedAt : change.tombstone.deletedAt;
}

async function itemsOf(
  backends: Pick<Backends, 'items'>,
  changes: readonly Change[],
  wanted: boolean,
): Promise<Map<string, Item[]>> {
  if (!wanted) return new Map();
  const ids = changes.flatMap((c) => (c.kind === 'record' ? [c.record.id] : []));
  return ids.length === 0 ? new Map() : backends.items.forRecords(ids);
}
