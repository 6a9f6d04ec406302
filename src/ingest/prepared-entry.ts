import type { DocumentPreparer } from '../backends/document-preparers';
import type { CatalogDocument } from '../domain/catalog-document';
import type { ReadItem } from '../marc/read-item';
import type { PreparedDocument } from '../search/port';
import type { RecordForms } from '../store/port';
import { recordForms } from '../store/record-forms';
import type { ReportLine } from './ingest.types';
import { lazyRecord } from './lazy-record';
import type { MapRecord } from '../mapping/mapper';
import type { HoldingsExtract } from '../mapping/holdings/extract-holdings';
import type { HoldingsRecordExtract } from '../mapping/holdings/holdings-extractor';
import { mapItem } from './entries';
import type { Entry } from './staged-record';

/**
 * A record as the worker thread sends it: plain strings and arrays (cheap to copy between
 * threads), already in the forms the store writes (which also carry the record and the document
 * across), and the index's rows when the index declares a preparer. A MarcRecord or a
 * CatalogDocument would arrive as a deep copy of objects that costs about as much to rebuild as it
 * took to make. The holdings extract goes as its JSON: a load's items are six small objects each,
 * which the writing thread rebuilds from JSON in half the time structured clone takes (and the
 * worker makes the JSON in about the time it took to serialise them); the extract holds only
 * strings, booleans, arrays and objects, so JSON gives it back as it was.
 */
export type WireEntry =
  | { ok: true; line: ReportLine; forms: RecordForms; index?: PreparedDocument; holdings?: string }
  | { ok: true; line: ReportLine; holdingsRecord: HoldingsRecordExtract }
  | { ok: false; line: ReportLine; raw: Uint8Array };

/** Worker side: map the record and make everything writing it will need. */
export function prepareEntry(
  item: ReadItem,
  file: string,
  map: MapRecord,
  prepareDocument?: DocumentPreparer,
): WireEntry {
  const m = mapItem(item, file, map);
  if (!m.ok || 'holdingsRecord' in m) return m;
  const wire: WireEntry = { ok: true, line: m.line, forms: recordForms(m.record, m.document) };
  if (prepareDocument && !m.document.deleted) wire.index = prepareDocument(m.document);
  if (m.holdings) wire.holdings = JSON.stringify(m.holdings);
  return wire;
}

/** Writing side: the objects the pipeline works with, carrying the forms made for exactly them. */
export function hydrateEntry(wire: WireEntry): Entry {
  if (!wire.ok) return { rejected: wire.line, raw: wire.raw };
  if ('holdingsRecord' in wire) return { holdingsRecord: { line: wire.line, extract: wire.holdingsRecord } };
  const { forms, index, holdings } = wire;
  const record = lazyRecord(forms.marc.json);
  const document = JSON.parse(forms.document.json) as CatalogDocument;
  const prepared = index ? { forms, index } : { forms };
  const staged = { line: wire.line, record, document, contentHash: forms.marc.hash, prepared };
  return { staged: holdings ? { ...staged, holdings: JSON.parse(holdings) as HoldingsExtract } : staged };
}
