import { isOnShelf } from './item-status';
import type { Item } from './item';
import { locationCode } from './item';

/**
 * What a search hit and a record view say of a record's copies: how many, how many on the shelf,
 * and where. Derived from the items alone (`summarizeAvailability`); the search index keeps it
 * beside the record's document so that `availability:` and `location:` filter and facet.
 */
export interface AvailabilitySummary {
  total: number;
  available: number;
  /** One entry per location holding a copy, in location-code order. */
  locations: LocationAvailability[];
}

export interface LocationAvailability {
  /** `MAIN/STACKS`. */
  location: string;
  total: number;
  available: number;
  /** Distinct call numbers shelved there (prefix, class number and volume as displayed), in shelf order. */
  callNumbers: string[];
}

/** The call number as a label shows it: prefix, class number, volume, copy. */
export function displayCallNumber(item: Pick<Item, 'callNumber'>): string | undefined {
  const c = item.callNumber;
  if (!c) return undefined;
  return [c.prefix, c.value, c.volume].filter((part) => part !== undefined && part !== '').join(' ');
}

/** Withdrawn items are gone from the collection: they count nowhere. */
export function summarizeAvailability(items: readonly Item[]): AvailabilitySummary {
  const byLocation = new Map<string, { total: number; available: number; calls: Map<string, string> }>();
  let total = 0;
  let available = 0;
  for (const item of items) {
    if (item.status === 'withdrawn') continue;
    const code = locationCode(item.location);
    let entry = byLocation.get(code);
    if (!entry) byLocation.set(code, (entry = { total: 0, available: 0, calls: new Map() }));
    total++;
    entry.total++;
    if (isOnShelf(item.status)) {
      available++;
      entry.available++;
    }
    const label = displayCallNumber(item);
    if (label !== undefined && !entry.calls.has(label)) entry.calls.set(label, item.callNumber!.shelfKey);
  }
  const locations = [...byLocation.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([location, e]) => ({
      location,
      total: e.total,
      available: e.available,
      callNumbers: [...e.calls.entries()]
        .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
        .map(([label]) => label),
    }));
  return { total, available, locations };
}
