import type { CirculationStore } from '../circulation/port';
import type { ItemStore } from '../items/port';
import type { PatronStore } from '../patrons/port';
import type { RecordStore } from '../store/port';
import type { SearchIndex } from '../search/port';
import type { IndexOutbox } from './index-outbox';

/**
 * The store, the index, the items, the patrons and circulation's records a process works with,
 * chosen by configuration, and the one thing that spans them: a unit of work. On the embedded
 * default all live in one SQLite file and a unit of work is one transaction; scale-out backends
 * make it as atomic as they can (an outbox; circulation's intents). Items, patrons and circulation
 * always live beside the record store (docs/items.md, backends; docs/circulation.md).
 */
export interface Backends {
  store: RecordStore;
  index: SearchIndex;
  items: ItemStore;
  /** Registered borrowers: personal data, staff-only (docs/circulation.md, privacy). */
  patrons: PatronStore;
  /**
   * Closed loans, holds, the event log and intents, beside the items (open loans live on them):
   * in the same SQLite file and transaction, or on the same MongoDB connection.
   */
  circulation: CirculationStore;
  /**
   * Runs `work` so that its store, index and (on the embedded default) item and circulation
   * writes commit together, or not at all.
   */
  atomically<T>(work: () => Promise<T>): Promise<T>;
  /**
   * True when `atomically` is one database transaction (the embedded default); false or absent
   * when it is only an in-process queue (composed pairs), which correctness must not lean on: a
   * second process, or a second server, does not queue behind it (docs/circulation.md).
   */
  transactional?: boolean;
  /**
   * Present when the index does not commit with the store (composed pairs): every store write
   * leaves its record pending in the store until the index has it (docs/store.md, the outbox),
   * and writers keep going while the index is down.
   */
  indexOutbox?: IndexOutbox;
  /**
   * Present when reads run on a pool of worker threads (pooled.backends.ts): the same ports on this
   * thread's own connection, for probes (`/ready`) that must not wait behind queued catalog reads.
   */
  direct?: Pick<Backends, 'store' | 'index'>;
  /** A line for logs and `/ready`: which backends, where (never credentials). */
  describe(): string;
  close(): Promise<void>;
}
