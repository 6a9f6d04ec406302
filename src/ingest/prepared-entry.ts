import type { CatalogDocument } from '../domain/catalog-document';
import type { ReadItem } from '../marc/read-item';
import { indexRows, primeIndexRows, type IndexRows } from '../search/sqlite/index-writer';
import { canonicalMarc } from '../store/content-hash';
import {
  documentForm,
  primeStoredForms,
  type DocumentForm,
  type MarcForm,
} from '../store/sqlite/stored-forms';
import type { ReportLine } from './ingest.types';
import { lazyRecord } from './lazy-record';
import { mapItem, type MapRecord } from './entries';
import type { Entry } from './pending';

/**
 * A record as the worker thread sends it: plain strings and arrays (cheap to copy between
 * threads), already in the forms the embedded store and index write, so the writing thread only
 * binds them to statements. A MarcRecord or a CatalogDocument would arrive as a deep copy of
 * objects that costs about as much to rebuild as it took to make.
 */
export type WireEntry =
  | { ok: true; line: ReportLine; marc: MarcForm; document: DocumentForm; index?: IndexRows }
  | { ok: false; line: ReportLine; raw: Uint8Array };

/** Worker side: map the record and make everything writing it will need. */
export function prepareEntry(item: ReadItem, file: string, map: MapRecord, withIndex: boolean): WireEntry {
  const m = mapItem(item, file, map);
  if (!m.ok) return m;
  const wire: WireEntry = {
    ok: true,
    line: m.line,
    marc: canonicalMarc(m.record),
    document: documentForm(m.document),
  };
  if (withIndex && !m.document.deleted) wire.index = indexRows(m.document);
  return wire;
}

/** Writing side: the objects the pipeline works with, and the ready forms handed to the adapters. */
export function hydrateEntry(wire: WireEntry): Entry {
  if (!wire.ok) return { rejected: wire.line, raw: wire.raw };
  const record = lazyRecord(wire.marc.json);
  const document = JSON.parse(wire.document.json) as CatalogDocument;
  primeStoredForms(record, wire.marc, document, wire.document);
  if (wire.index) primeIndexRows(document, wire.index);
  return { pending: { line: wire.line, record, document, contentHash: wire.marc.hash } };
}
