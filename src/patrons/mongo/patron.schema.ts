import { Schema, type Connection, type Model } from 'mongoose';

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

// As in the record and item stores: commands fail at once rather than wait in mongoose's buffer,
// and database indexes are made by the store's factory, explicitly.
const SCHEMA_OPTIONS = {
  versionKey: false,
  bufferCommands: false,
  autoIndex: false,
  autoCreate: false,
  strict: 'throw',
} as const;

const blockSchema = new Schema<BlockDoc>(
  { reason: { type: String, required: true }, at: { type: String, required: true }, by: String },
  { _id: false, versionKey: false, strict: 'throw' },
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

/** One model per connection: a second store on the same connection shares it. */
export function patronModel(connection: Connection): Model<PatronDoc> {
  const name = `stacks.${PATRONS_COLLECTION}`;
  const existing = connection.models[name] as Model<PatronDoc> | undefined;
  return existing ?? connection.model<PatronDoc>(name, patronSchema, PATRONS_COLLECTION);
}
