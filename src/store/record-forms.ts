import type { CatalogDocument } from '../domain/catalog-document';
import type { MarcRecord } from '../marc/record';
import { canonicalMarc, documentHash } from './unchanged-hash';
import type { RecordForms, RecordInput } from './port';
import { identifiersOf } from './record-identifiers';

/**
 * The forms every store writes for a record: canonical MARC-in-JSON and its hash, the document's
 * JSON, its hash and its identifiers. Each is a pure function of the record or the document, so the ingest
 * makes them in its worker thread and passes them along with the input (`RecordInput.forms`).
 */
export function recordForms(record: MarcRecord, document: Readonly<CatalogDocument>): RecordForms {
  return { marc: canonicalMarc(record), document: documentForm(document) };
}

export function documentForm(document: Readonly<CatalogDocument>): RecordForms['document'] {
  const json = JSON.stringify(document);
  return { json, hash: documentHash(json), identifiers: identifiersOf(document) };
}

/** The input's own forms when it carries them, else made on the spot. */
export function marcFormOf(input: RecordInput): RecordForms['marc'] {
  return input.forms?.marc ?? canonicalMarc(input.record);
}

export function documentFormOf(input: RecordInput): RecordForms['document'] {
  return input.forms?.document ?? documentForm(input.document);
}
