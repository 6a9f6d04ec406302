import type { Holding } from '../domain/items/item';
import type { ItemStore } from '../items/port';
import type { RecordStore } from '../store/port';
import type { InputBarcodes } from './input-barcodes';
import { duplicateMessage, note, warn, type ItemLoad } from './item-load';
import type { StagedHoldingsRecord, StagedRecord } from './staged-record';

/**
 * Holdings records (MFHD) find their bibliographic record by its control number: the MFHD's 004
 * (014 as fallback) is the bib's 001. One record found: the holding and its items are that
 * record's. None (not loaded yet) or several: the holding is kept without a record, its items
 * waiting with it, until a record with that control number is written (`linkWaitingHoldings`).
 */
export async function linkHoldingsRecords(
  records: readonly StagedHoldingsRecord[],
  store: Pick<RecordStore, 'findIds'>,
  load: ItemLoad,
  barcodes: InputBarcodes,
): Promise<void> {
  if (records.length === 0) return;
  // After the batch's records are written: a bib earlier in the same batch is found too.
  const found = await store.findIds('controlNumber', [...new Set(records.map((r) => r.extract.linksTo!))]);
  for (const r of records) {
    const linksTo = r.extract.linksTo!;
    const ids = found.get(linksTo) ?? [];
    const owner = { record: r.line.record, id: `mfhd:${r.extract.controlNumber}` };
    const items = r.extract.items.filter((item) => {
      const earlier = barcodes.claim(item.barcode, owner);
      if (earlier) warn(r.line, duplicateMessage(item.barcode, earlier, r.line.record));
      return !earlier;
    });
    if (ids.length === 1) {
      const recordId = ids[0]!;
      for (const h of r.extract.holdings) load.holdings.push({ ...h, recordId, updatedAt: load.at });
      for (const item of items) load.add({ ...item, recordId }, r.line);
      r.line.reason = `holdings of record ${recordId} (004 ${linksTo})`;
      continue;
    }
    for (const h of r.extract.holdings) {
      const waiting: Holding = { ...h, updatedAt: load.at };
      // Every waiting item goes with the holding the MFHD's first 852 made (the others wait bare).
      if (h === r.extract.holdings[0] && items.length > 0) waiting.waitingItems = items;
      load.holdings.push(waiting);
    }
    r.line.reason =
      ids.length === 0
        ? `waiting for its record: no record has the control number ${linksTo} (004) yet; linked when one is loaded`
        : `waiting: records ${ids.join(', ')} all have the control number ${linksTo} (004); kept unlinked`;
  }
}

/** Written records that MFHDs loaded before them were waiting for: their holdings and items arrive. */
export async function linkWaitingHoldings(
  written: readonly StagedRecord[],
  items: Pick<ItemStore, 'unlinkedHoldings'>,
  load: ItemLoad,
): Promise<void> {
  const byControlNumber = new Map<string, StagedRecord>();
  for (const p of written)
    if (
      p.decided?.outcome !== 'unchanged' &&
      p.document.controlNumber &&
      !byControlNumber.has(p.document.controlNumber)
    )
      byControlNumber.set(p.document.controlNumber, p);
  if (byControlNumber.size === 0) return;
  for (const holding of await items.unlinkedHoldings([...byControlNumber.keys()])) {
    const p = byControlNumber.get(holding.linksTo!);
    if (!p) continue;
    const recordId = p.document.id;
    const { waitingItems, ...linked } = holding;
    load.holdings.push({ ...linked, recordId, updatedAt: load.at });
    for (const item of waitingItems ?? []) load.add({ ...item, recordId }, p.line);
    const n = waitingItems?.length ?? 0;
    note(
      p.line,
      `holdings_linked: holdings record ${holding.id} (${n} item${n === 1 ? '' : 's'}) waited for this record`,
    );
  }
}
