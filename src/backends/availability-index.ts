import type { AvailabilitySummary } from '../domain/items/availability';
import { summarizeAvailability } from '../domain/items/availability';
import type { ItemStore } from '../items/port';
import type { AvailabilityEntry, IndexedDocument, SearchIndex } from '../search/port';

/** What the index needs of the item store: a page of records' items at once. */
export type ItemsForRecords = Pick<ItemStore, 'forRecords'>;

/**
 * The search index fed with availability: every document it is given (ingest batches, API writes,
 * the outbox catch-up, `stacks reindex` and its replay) gets its record's copies' summary from the
 * item store first, one `forRecords` per call, so no writer has to remember it. (Documents come
 * from the mapping or the store, which know nothing of items; one that already carries a summary
 * was given it by its caller, and keeps it.) The embedded
 * preparer's rows stay valid: they are made from the document alone and the adapter adds the
 * summary (SearchIndex.upsert). Records without copies get none.
 */
export function withAvailability(index: SearchIndex, items: ItemsForRecords): SearchIndex {
  const decorated: SearchIndex = {
    upsert: async (documents, prepared) => index.upsert(await attachAvailability(items, documents), prepared),
    remove: (ids) => index.remove(ids),
    setAvailability: (entries) => index.setAvailability(entries),
    search: (request) => index.search(request),
    browse: (request) => index.browse(request),
    count: () => index.count(),
    rebuild: (batches) => index.rebuild(attachToBatches(items, batches)),
    close: () => index.close(),
  };
  return index.preparer === undefined ? decorated : { ...decorated, preparer: index.preparer };
}

/** Each record's summary, only for records with copies (a withdrawn item counts nowhere). */
export async function availabilityOf(
  items: ItemsForRecords,
  recordIds: readonly string[],
): Promise<Map<string, AvailabilitySummary>> {
  const out = new Map<string, AvailabilitySummary>();
  if (recordIds.length === 0) return out;
  for (const [id, copies] of await items.forRecords([...new Set(recordIds)])) {
    if (copies.length === 0) continue;
    const summary = summarizeAvailability(copies);
    if (summary.total > 0) out.set(id, summary);
  }
  return out;
}

/** One entry per record: its summary, or none (which clears what the index held). */
export async function availabilityEntries(
  items: ItemsForRecords,
  recordIds: readonly string[],
): Promise<AvailabilityEntry[]> {
  const summaries = await availabilityOf(items, recordIds);
  return [...new Set(recordIds)].map((id) => {
    const availability = summaries.get(id);
    return availability ? { id, availability } : { id };
  });
}

/** Summaries for the documents that carry none; one given by the caller is taken as it is. */
async function attachAvailability(
  items: ItemsForRecords,
  documents: readonly Readonly<IndexedDocument>[],
): Promise<readonly Readonly<IndexedDocument>[]> {
  const wanted = documents.filter((d) => !d.deleted && d.availability === undefined).map((d) => d.id);
  if (wanted.length === 0) return documents;
  const summaries = await availabilityOf(items, wanted);
  return documents.map((doc) => {
    const availability = doc.deleted || doc.availability !== undefined ? undefined : summaries.get(doc.id);
    return availability ? { ...doc, availability } : doc;
  });
}

async function* attachToBatches(
  items: ItemsForRecords,
  batches: AsyncIterable<readonly IndexedDocument[]>,
): AsyncGenerator<readonly IndexedDocument[]> {
  for await (const batch of batches) yield await attachAvailability(items, batch);
}
