import { Schema, type Connection, type Model } from 'mongoose';
import { modelFor, SCHEMA_OPTIONS, SUB_OPTIONS } from '../../connections/mongo-kit/schema-options';

/**
 * One document per patron, `_id` its id. Every change of a patron is one single-document write:
 * MongoDB without a replica set (and FerretDB) has no multi-document transactions, so that is the
 * unit of atomicity. The look-up keys (patron-keys.ts) sit beside the patron's own fields.
 */
export interface PatronDoc {
  _id: string;
  barcode: string;
  /** patronBarcodeKey(barcode); absent (never null) once anonymised, so the unique index skips it. */
  barcodeKey?: string;
  name: string;
  nameKey: string;
  email?: string;
  emailKey?: string;
  phone?: string;
  address?: string;
  patronType: string;
  homeLibrary?: string;
  expiry: string;
  notes?: string;
  block?: BlockDoc;
  keepHistory: boolean;
  openLoans: string[];
  loanCount: number;
  // Times are the ISO 8601 strings the port was given, kept as they are, so they read back equal.
  anonymisedAt?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface BlockDoc {
  reason: string;
  at: string;
  by?: string;
}

const blockSchema = new Schema<BlockDoc>(
  { reason: { type: String, required: true }, at: { type: String, required: true }, by: String },
  SUB_OPTIONS,
);

const patronSchema = new Schema<PatronDoc>(
  {
    _id: { type: String, required: true },
    barcode: { type: String, default: '' },
    barcodeKey: String,
    name: { type: String, default: '' },
    nameKey: { type: String, default: '' },
    email: String,
    emailKey: String,
    phone: String,
    address: String,
    patronType: { type: String, required: true },
    homeLibrary: String,
    expiry: { type: String, required: true },
    notes: String,
    block: { type: blockSchema, default: undefined },
    keepHistory: { type: Boolean, required: true },
    openLoans: { type: [String], default: [] },
    loanCount: { type: Number, required: true },
    anonymisedAt: String,
    version: { type: Number, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  SCHEMA_OPTIONS,
);

// Unique among patrons that have a barcode key. Sparse rather than partial
// (`partialFilterExpression: { barcodeKey: { $type: 'string' } }`): FerretDB 1.24 refuses partial
// indexes ("not implemented yet"), and the key is left out, never null, once anonymised, which is
// exactly what a sparse index skips, on both servers.
patronSchema.index({ barcodeKey: 1 }, { name: 'barcode_key', unique: true, sparse: true });
// find's order (name key, then id) and its name-prefix range, walked without a sort in memory.
patronSchema.index({ nameKey: 1, _id: 1 }, { name: 'name_order' });
patronSchema.index({ emailKey: 1 }, { name: 'email_key' });

export const PATRONS_COLLECTION = 'patrons';

export function patronModel(connection: Connection): Model<PatronDoc> {
  return modelFor(connection, PATRONS_COLLECTION, patronSchema);
}
