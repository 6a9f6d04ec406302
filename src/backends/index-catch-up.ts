import type { SearchIndex } from '../search/port';
import type { PendingIndexItem, StoredRecord } from '../store/port';
import type { Backends } from './backends';
import { isIndexTrouble, refusedIds } from './index-outbox';

export interface CatchUpOptions {
  /** Pending records per unit of work (default 500). */
  batch?: number;
  /** Stops between pages (a server shutting down). */
  signal?: AbortSignal;
  /** After each page: how many were done, of how many pending when the pass began. */
  progress?(state: { done: number; total: number }): void;
}

export interface CatchUpResult {
  /** Live records written to the index. */
  indexed: number;
  /** Tombstones taken out of it. */
  removed: number;
  /** Documents the index refused; they stay pending. */
  refused: number;
}

/**
 * One pass over the store's outbox: each page of pending records is read, sent to the index as
 * the store has it now (the record, or its removal), and confirmed at the version sent. Pages run
 * as units of work, so an ingest or API write in this process never interleaves with one. A
 * record written again meanwhile stays pending for the next pass. An index that is down stops the
 * pass with `index_unavailable`; what was confirmed before stays confirmed.
 */
export async function catchUpIndex(backends: Backends, options: CatchUpOptions = {}): Promise<CatchUpResult> {
  const result: CatchUpResult = { indexed: 0, removed: 0, refused: 0 };
  const total = await backends.store.pendingIndexCount();
  if (total === 0) return result;
  await probeIndex(backends);
  const limit = options.batch ?? 500;
  let after: string | undefined;
  do {
    if (options.signal?.aborted) break;
    const page = await backends.atomically(() => catchUpPage(backends, limit, after, result));
    options.progress?.({ done: result.indexed + result.removed + result.refused, total });
    after = page.next;
  } while (after !== undefined);
  return result;
}

/**
 * A cheap request first: an unreachable engine fails it at once, before a page holds the unit of
 * work through a bulk write's retries.
 */
async function probeIndex(backends: Backends): Promise<void> {
  try {
    await backends.index.count();
  } catch (error) {
    if (isIndexTrouble(error)) backends.indexOutbox?.indexFailed(error);
    throw error;
  }
}

async function catchUpPage(
  backends: Backends,
  limit: number,
  after: string | undefined,
  result: CatchUpResult,
): Promise<{ next?: string }> {
  const { store } = backends;
  const page = await store.pendingIndexWork({ limit, ...(after !== undefined && { after }) });
  if (page.items.length === 0) return {};
  const live = await store.getMany(page.items.filter((i) => !i.deleted).map((i) => i.id));
  // A record deleted since the page was listed has a newer tombstone, pending after this page.
  const gone = page.items.filter((i) => i.deleted);
  const refused = await sendPage(backends, live, gone);
  const sent = [...live.map((r) => ({ id: r.id, version: r.version })), ...gone.map(versionOf)];
  await store.markIndexed(sent.filter((s) => !refused.has(s.id)));
  result.indexed += live.length - refused.size;
  result.removed += gone.length;
  result.refused += refused.size;
  return page.next !== undefined ? { next: page.next } : {};
}

/** Upserts the live records and removes the deleted ones; returns the ids the index refused. */
async function sendPage(
  { index, indexOutbox }: Backends,
  live: StoredRecord[],
  gone: PendingIndexItem[],
): Promise<Set<string>> {
  let refused = new Set<string>();
  try {
    if (live.length > 0) refused = await upsertNamingRefusals(index, live);
    if (gone.length > 0) await index.remove(gone.map((i) => i.id));
  } catch (error) {
    if (isIndexTrouble(error)) indexOutbox?.indexFailed(error);
    throw error;
  }
  indexOutbox?.indexSucceeded();
  return refused;
}

/** Refused documents do not stop the pass when the engine names them all: they stay pending. */
async function upsertNamingRefusals(index: SearchIndex, live: StoredRecord[]): Promise<Set<string>> {
  try {
    await index.upsert(live.map((r) => r.document));
    return new Set();
  } catch (error) {
    const named = isIndexTrouble(error) ? refusedIds(error) : undefined;
    if (!named) throw error;
    return named;
  }
}

function versionOf(item: PendingIndexItem): { id: string; version: number } {
  return { id: item.id, version: item.version };
}
