import { Schema, type Connection, type Model } from 'mongoose';
import { modelFor, SCHEMA_OPTIONS } from '../../connections/mongo-kit/schema-options';
import { AppError } from '../../errors/app-error';

/**
 * One document per record id, for its whole life: live, then perhaps a tombstone, then perhaps
 * live again. Keeping the tombstone in the same document as the record is what makes every
 * change a single-document write (no multi-document transactions needed): the version counter
 * survives a delete, so a re-created record can never reuse a version, and "was it deleted?"
 * and "what version is it at?" are one read of one document.
 */
export interface RecordDoc {
  /** The record id (CatalogDocument.id). */
  _id: string;
  state: 'live' | 'deleted';
  /** Advances on every create, update and delete; never goes back. */
  version: number;
  /** Position in the change feed: unique, increasing, stamped on every change. */
  seq: number;
  /** updatedAt of a live record, deletedAt of a tombstone: what `changes({ since })` filters on. */
  changedAt: Date;
  controlNumber?: string;
  /** `kind:value` for every identifierOf(document); absent on tombstones, so they never match. */
  identifiers?: string[];
  contentHash?: string;
  /**
   * SHA-1 of `document` (documentHash): with contentHash, what decides `unchanged`. Absent on
   * records stored before it existed; their `document` is hashed when a write needs it.
   */
  documentHash?: string;
  /** MARC-in-JSON text exactly as hashed (canonicalMarc). */
  marc?: string;
  /** The CatalogDocument as JSON text. */
  document?: string;
  createdAt?: Date;
  updatedAt?: Date;
  deletedAt?: Date;
}

/** A named counter; `record_changes` hands out `seq` values in blocks, by an atomic $inc. */
export interface CounterDoc {
  _id: string;
  seq: number;
}

export const CHANGES_COUNTER = 'record_changes';

/**
 * Seqs lo..hi (inclusive) the search index has confirmed: the outbox's other half (seq-ranges.ts).
 * `_id` is `lo-hi`, so confirming the same run twice inserts nothing new.
 */
export interface IndexAckDoc {
  _id: string;
  lo: number;
  hi: number;
  at: Date;
}

const recordSchema = new Schema<RecordDoc>(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: ['live', 'deleted'], required: true },
    version: { type: Number, required: true },
    seq: { type: Number, required: true },
    changedAt: { type: Date, required: true },
    controlNumber: String,
    identifiers: { type: [String], default: undefined },
    contentHash: String,
    documentHash: String,
    marc: String,
    document: String,
    createdAt: Date,
    updatedAt: Date,
    deletedAt: Date,
  },
  SCHEMA_OPTIONS,
);

// Look-ups by identifier: one multikey entry per `kind:value` string. Not a compound index on
// {kind, value} sub-documents: MongoDB can bound both fields of such an index only under
// $elemMatch, and FerretDB 1.24 rejects $elemMatch with field conditions.
recordSchema.index({ identifiers: 1 }, { name: 'identifiers' });
// The change feed's order; unique, so a duplicate stamp fails loudly instead of hiding a change.
// Also the outbox's index: pending index work is the seqs outside the confirmed ranges.
recordSchema.index({ seq: 1 }, { name: 'seq', unique: true });
// Harvesting by time (OAI-PMH `from`, incremental reindex `since`).
recordSchema.index({ changedAt: 1 }, { name: 'changed_at' });
// count() of live records without reading tombstones.
recordSchema.index({ state: 1 }, { name: 'state' });

const counterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  SCHEMA_OPTIONS,
);

const indexAckSchema = new Schema<IndexAckDoc>(
  {
    _id: { type: String, required: true },
    lo: { type: Number, required: true },
    hi: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  SCHEMA_OPTIONS,
);

export interface StoreModels {
  records: Model<RecordDoc>;
  counters: Model<CounterDoc>;
  indexAcks: Model<IndexAckDoc>;
}

/** Collection names may not hold `$` or NUL, and `system.` is reserved; keep prefixes plain. */
const PREFIX = /^[A-Za-z0-9_-]*$/;

export function storeModels(connection: Connection, prefix: string): StoreModels {
  if (!PREFIX.test(prefix)) {
    throw new AppError(
      'invalid_config',
      `collection prefix may hold only letters, digits, "_" and "-"; got ${JSON.stringify(prefix)}`,
      { collectionPrefix: prefix },
    );
  }
  return {
    records: modelFor(connection, `${prefix}records`, recordSchema),
    counters: modelFor(connection, `${prefix}counters`, counterSchema),
    indexAcks: modelFor(connection, `${prefix}index_acks`, indexAckSchema),
  };
}
