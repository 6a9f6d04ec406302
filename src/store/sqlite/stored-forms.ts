import type { CatalogDocument } from '../../domain/catalog-document';
import type { MarcRecord } from '../../marc/record';
import { canonicalMarc } from '../content-hash';
import type { IdentifierKind } from '../port';
import { identifiersOf } from '../record-identifiers';

/**
 * What the SQLite store writes for a record, beyond the document's scalar fields: the canonical
 * MARC-in-JSON text and its hash, the document's JSON, and its identifier rows. Each is a pure
 * function of the record or the document, so the ingest computes them ahead of time in its worker
 * thread and hands them over here; anything not handed over is computed on the spot.
 */
export interface MarcForm {
  json: string;
  hash: string;
}

export interface DocumentForm {
  json: string;
  identifiers: [IdentifierKind, string][];
}

// Keyed by object: a document changed after priming (matching gives it another id) is a new
// object, so it misses and is computed afresh rather than written from stale text.
const marcForms = new WeakMap<MarcRecord, MarcForm>();
const documentForms = new WeakMap<CatalogDocument, DocumentForm>();

export function documentForm(document: CatalogDocument): DocumentForm {
  return { json: JSON.stringify(document), identifiers: identifiersOf(document) };
}

/** Hands the store forms made elsewhere for exactly this record and document. */
export function primeStoredForms(
  record: MarcRecord,
  marc: MarcForm,
  document: CatalogDocument,
  form: DocumentForm,
): void {
  marcForms.set(record, marc);
  documentForms.set(document, form);
}

export function marcFormOf(record: MarcRecord): MarcForm {
  return marcForms.get(record) ?? canonicalMarc(record);
}

export function documentFormOf(document: CatalogDocument): DocumentForm {
  return documentForms.get(document) ?? documentForm(document);
}
