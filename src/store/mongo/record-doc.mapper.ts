import { storedDocument, type CatalogDocument } from '../../domain/catalog-document';
import { recordFromMarcInJson } from '../../marc/readers/mij-record';
import type { IdentifierKind, RecordForms, StoredRecord, Tombstone } from '../port';
import { documentHash } from '../unchanged-hash';
import type { RecordDoc } from './record.schema';

/** A record document before its change-feed stamp is known. */
export type UnstampedDoc = Omit<RecordDoc, 'seq'>;

/** `kind:value`; kinds hold no colon, so the first one splits the key unambiguously. */
export function identifierKey(kind: IdentifierKind, value: string): string {
  return `${kind}:${value}`;
}

export function liveDoc(
  document: CatalogDocument,
  content: RecordForms,
  at: { version: number; createdAt: Date; now: Date },
): UnstampedDoc {
  const doc: UnstampedDoc = {
    _id: document.id,
    state: 'live',
    version: at.version,
    changedAt: at.now,
    identifiers: content.document.identifiers.map(([kind, value]) => identifierKey(kind, value)),
    contentHash: content.marc.hash,
    documentHash: content.document.hash,
    marc: content.marc.json,
    document: content.document.json,
    createdAt: at.createdAt,
    updatedAt: at.now,
  };
  if (document.controlNumber !== undefined) doc.controlNumber = document.controlNumber;
  return doc;
}

/** Replaces a live document: only what a harvester needs to learn of the deletion stays. */
export function tombstoneDoc(
  head: { _id: string; version: number; controlNumber?: string },
  now: Date,
): UnstampedDoc {
  const doc: UnstampedDoc = {
    _id: head._id,
    state: 'deleted',
    version: head.version + 1,
    changedAt: now,
    deletedAt: now,
  };
  if (head.controlNumber !== undefined) doc.controlNumber = head.controlNumber;
  return doc;
}

export function toStored(doc: RecordDoc): StoredRecord {
  const { marc, document, contentHash, createdAt, updatedAt } = doc;
  if (marc === undefined || document === undefined || !contentHash || !createdAt || !updatedAt) {
    throw new Error(`record document ${doc._id} is live but incomplete`);
  }
  const stored: StoredRecord = {
    id: doc._id,
    record: recordFromMarcInJson(JSON.parse(marc)).record,
    document: storedDocument(JSON.parse(document)),
    version: doc.version,
    contentHash,
    documentHash: doc.documentHash ?? documentHash(document),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
  if (doc.controlNumber !== undefined) stored.controlNumber = doc.controlNumber;
  return stored;
}

export function toTombstone(doc: RecordDoc): Tombstone {
  const deletedAt = doc.deletedAt ?? doc.changedAt;
  const tombstone: Tombstone = { id: doc._id, version: doc.version, deletedAt: deletedAt.toISOString() };
  if (doc.controlNumber !== undefined) tombstone.controlNumber = doc.controlNumber;
  return tombstone;
}
