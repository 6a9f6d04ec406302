import type { Backends } from './backends';

/**
 * Makes the search index's availability of these records current after their items changed
 * (docs/items.md, availability). Call it inside the unit of work that changed the items
 * (`backends.atomically`): on the embedded default it re-indexes them in the same transaction; on
 * a composed pair it leaves them pending in the outbox first, so an index that is down loses nothing.
 */
export async function refreshAvailability(backends: Backends, recordIds: readonly string[]): Promise<void> {
  // Filled in with the availability summary in the search index (issue 12).
  void backends;
  void recordIds;
}
