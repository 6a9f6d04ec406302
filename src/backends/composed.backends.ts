import type { CirculationStore } from '../circulation/port';
import type { ItemStore } from '../items/port';
import type { PatronStore } from '../patrons/port';
import type { RecordStore } from '../store/port';
import type { SearchIndex } from '../search/port';
import { withAvailability } from './availability-index';
import type { Backends } from './backends';
import { createIndexOutbox, type IndexOutboxOptions } from './index-outbox';

export interface ComposedParts {
  store: RecordStore;
  index: SearchIndex;
  /** Items beside the record store: SQLite items on the local file, MongoDB items on MongoDB. */
  items: ItemStore;
  /** Circulation beside the items, on the same side: SQLite on the local file, or MongoDB. */
  circulation: CirculationStore;
  /** Patrons beside the record store too, chosen as the items are. */
  patrons: PatronStore;
  /** Which backends, where: `mongodb mongodb://host:27017/stacks + opensearch http://host:9200` (no credentials). */
  describe: string;
  /** Closes connections the parts do not own (a mongoose connection, a search client). */
  closeConnections?: () => Promise<void>;
  /** How long writers leave a failing index alone. */
  outbox?: IndexOutboxOptions;
}

/**
 * A store and an index that do not share a transaction (any pair but SQLite + SQLite). Units of
 * work run one at a time, so two writers in one process never interleave their store and index
 * writes; what makes the pair agree after a failure is the store's outbox (docs/store.md): a
 * write leaves its record pending until the index confirms it, and catchUpIndex finishes the rest.
 */
export function composeBackends(parts: ComposedParts): Backends {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    store: parts.store,
    // Every document the index is fed carries its record's copies (docs/items.md, availability).
    index: withAvailability(parts.index, parts.items),
    items: parts.items,
    circulation: parts.circulation,
    patrons: parts.patrons,
    indexOutbox: createIndexOutbox(parts.outbox),
    transactional: false,
    atomically<T>(work: () => Promise<T>): Promise<T> {
      const run = tail.then(work);
      tail = run.catch(() => undefined);
      return run;
    },
    describe: () => parts.describe,
    async close() {
      await parts.circulation.close();
      await parts.patrons.close();
      await parts.items.close();
      await parts.index.close();
      await parts.store.close();
      await parts.closeConnections?.();
    },
  };
}
