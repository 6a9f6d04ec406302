import type { CatalogDocument } from '../domain/catalog-document';
import type { ChangePage, RecordStore } from '../store/port';
import type { Backends } from './backends';
import { catchUpIndex, type CatchUpResult } from './index-catch-up';

/**
 * How far before the load began the replay starts: store times come from each writer's clock, so
 * a little overlap covers clocks a few seconds apart (replaying a change twice is harmless).
 */
const REPLAY_MARGIN_MS = 60_000;

export type RebuildPhase = 'load' | 'replay' | 'pending';

export interface RebuildOptions {
  /** Records per page read from the store (default 1,000). */
  batch?: number;
  /** Records done so far in the phase. */
  progress?(phase: RebuildPhase, done: number): void;
}

export interface RebuildSummary {
  /** Live records loaded into the new index. */
  documents: number;
  /** Changes made while it loaded, applied to it after the swap. */
  replayed: number;
  /** What was pending in the outbox, indexed last. */
  pending: CatchUpResult;
}

/**
 * Rebuilds the whole index from the record store (`stacks reindex`): the index loads every live
 * record beside the one searches use and swaps them when complete (an alias on Elasticsearch and
 * OpenSearch, one transaction on SQLite). Writes made meanwhile went to the old index, so every
 * change since the load began is replayed into the new one; then the outbox is caught up.
 */
export async function rebuildIndexFromStore(
  backends: Backends,
  options: RebuildOptions = {},
): Promise<RebuildSummary> {
  const limit = options.batch ?? 1000;
  const since = new Date(Date.now() - REPLAY_MARGIN_MS).toISOString();
  let loaded = 0;
  const batches = liveDocuments(backends.store, limit, (n) => {
    loaded += n;
    options.progress?.('load', loaded);
  });
  const { documents } = await backends.index.rebuild(batches);
  // The embedded index rebuilds inside a write transaction: nothing can have changed meanwhile.
  const replayed = backends.indexOutbox
    ? await replayChanges(backends, since, limit, (n) => options.progress?.('replay', n))
    : 0;
  const pending = await catchUpIndex(backends, {
    batch: limit,
    progress: ({ done }) => options.progress?.('pending', done),
  });
  return { documents, replayed, pending };
}

/** Every live record's document, in change-feed order, a page at a time. */
async function* liveDocuments(
  store: RecordStore,
  limit: number,
  onBatch: (n: number) => void,
): AsyncGenerator<CatalogDocument[]> {
  let after: string | undefined;
  do {
    const page = await store.changes({ limit, ...(after !== undefined && { after }) });
    const documents = page.changes.flatMap((c) => (c.kind === 'record' ? [c.record.document] : []));
    if (documents.length > 0) {
      onBatch(documents.length);
      yield documents;
    }
    after = page.next;
  } while (after !== undefined);
}

/**
 * Applies every change since `since` to the index, each page read and written as one unit of work
 * so that a write of this process cannot slip between the read and the index write.
 */
async function replayChanges(
  backends: Backends,
  since: string,
  limit: number,
  onPage: (done: number) => void,
): Promise<number> {
  let done = 0;
  let after: string | undefined;
  do {
    const page = await backends.atomically(async () => {
      const read = await backends.store.changes({ since, limit, ...(after !== undefined && { after }) });
      await applyChanges(backends, read);
      return read;
    });
    done += page.changes.length;
    onPage(done);
    after = page.next;
  } while (after !== undefined);
  return done;
}

async function applyChanges({ index }: Backends, page: ChangePage): Promise<void> {
  const live = page.changes.flatMap((c) => (c.kind === 'record' ? [c.record.document] : []));
  const gone = page.changes.flatMap((c) => (c.kind === 'deleted' ? [c.tombstone.id] : []));
  if (live.length > 0) await index.upsert(live);
  if (gone.length > 0) await index.remove(gone);
}
