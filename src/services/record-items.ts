import { refreshAvailability } from '../backends/availability-refresh';
import type { Backends } from '../backends/backends';
import type { CatalogDocument } from '../domain/catalog-document';
import type { NewItem } from '../domain/items/item';
import type { HoldingsExtractor } from '../mapping/holdings/holdings-extractor';
import type { MarcRecord } from '../marc/record';

/**
 * A record written on its own (PUT /records/{id}) brings the items of its holdings fields as an
 * ingest would (docs/items.md): its 852 holdings replace those it had, its items are loaded by
 * barcode (a barcode another record had moves here), and MFHDs waiting for its control number
 * become its own. Items it no longer lists stay, as without `--sync-items`. Inside the write's
 * unit of work; the availability of every record whose items changed is refreshed in it.
 */
export async function writeRecordItems(
  backends: Backends,
  holdings: HoldingsExtractor,
  record: MarcRecord,
  document: Readonly<CatalogDocument>,
): Promise<void> {
  const { items: store } = backends;
  const id = document.id;
  const at = new Date().toISOString();
  const extract = holdings.forRecord(record, id);
  const items: NewItem[] = [...extract.items];
  const put = extract.holdings.map((h) => ({ ...h, updatedAt: at }));
  if (document.controlNumber)
    for (const waiting of await store.unlinkedHoldings([document.controlNumber])) {
      const { waitingItems, ...holding } = waiting;
      put.push({ ...holding, recordId: id, updatedAt: at });
      items.push(...(waitingItems ?? []).map((i) => ({ ...i, recordId: id })));
    }
  await store.putHoldings(put, [{ recordId: id, source: '852' }]);
  if (items.length === 0) return;
  const touched = new Set<string>();
  for (const o of await store.load(items, at, 'api')) {
    if (o.outcome !== 'unchanged') touched.add(o.item.recordId);
    if (o.outcome === 'moved') touched.add(o.fromRecordId);
  }
  if (touched.size > 0) await refreshAvailability(backends, [...touched]);
}
