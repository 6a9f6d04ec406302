import { Schema, type Connection, type Model } from 'mongoose';
import { modelFor, SCHEMA_OPTIONS, SUB_OPTIONS } from '../../connections/mongo-kit/schema-options';
import type { CirculationEventKind } from '../../domain/circulation/circulation-event';
import type { HoldStatus } from '../../domain/circulation/hold';

/**
 * One document per closed loan, hold, event and intent, `_id` its id: uniqueness comes from the
 * `_id` index, and every write is one single-document write. FerretDB (and MongoDB without a
 * replica set) has no multi-document transactions, so each write is idempotent (an upsert or
 * insert by id) or a compare-and-set on a hold's `version`, and the circulation service repeats
 * steps after a crash (docs/circulation.md). `patronId` is a top-level field wherever it appears,
 * so unlinking a patron is one `$unset` per collection. `itemKey` is the barcodeKey of
 * `itemBarcode` (trimmed, case-folded), what look-ups by item use. Times are the ISO 8601
 * strings the port was given, kept as they are (so they compare as text and read back equal).
 */
export interface ClosedLoanDoc {
  _id: string;
  itemBarcode: string;
  itemKey: string;
  recordId: string;
  patronId?: string;
  patronType: string;
  library: string;
  location?: { library: string; shelf: string };
  checkedOutAt: string;
  dueAt: string;
  renewals: number;
  returnedAt: string;
  overrides?: OverrideDoc[];
  by?: string;
}

export interface OverrideDoc {
  codes: string[];
  reason: string;
  at: string;
  by?: string;
}

export interface HoldDoc {
  _id: string;
  recordId: string;
  itemBarcode?: string;
  itemKey?: string;
  /** activeKeyOf (circulation-doc.mapper.ts): one active hold per patron per record, by its index. */
  activeKey: string;
  patronId?: string;
  pickupLibrary: string;
  status: HoldStatus;
  placedAt: string;
  notNeededAfter?: string;
  trappedItem?: string;
  shelfExpiresAt?: string;
  endedAt?: string;
  reason?: string;
  by?: string;
  version: number;
  updatedAt: string;
}

export interface EventDoc {
  _id: string;
  kind: CirculationEventKind;
  at: string;
  by?: string;
  itemBarcode?: string;
  itemKey?: string;
  loanId?: string;
  holdId?: string;
  patronId?: string;
  details?: Record<string, string | number | boolean>;
}

/** An intent is carried, never queried but by its start: the rest is its JSON. */
export interface IntentDoc {
  _id: string;
  startedAt: string;
  intent: string;
}

const locationSchema = new Schema(
  { library: { type: String, required: true }, shelf: { type: String, required: true } },
  SUB_OPTIONS,
);

const overrideSchema = new Schema<OverrideDoc>(
  {
    codes: { type: [String], default: [] },
    reason: { type: String, required: true },
    at: { type: String, required: true },
    by: String,
  },
  SUB_OPTIONS,
);

const closedLoanSchema = new Schema<ClosedLoanDoc>(
  {
    _id: { type: String, required: true },
    itemBarcode: { type: String, required: true },
    itemKey: { type: String, required: true },
    recordId: { type: String, required: true },
    patronId: String,
    patronType: { type: String, required: true },
    library: { type: String, required: true },
    location: { type: locationSchema, default: undefined },
    checkedOutAt: { type: String, required: true },
    dueAt: { type: String, required: true },
    renewals: { type: Number, required: true },
    returnedAt: { type: String, required: true },
    overrides: { type: [overrideSchema], default: undefined },
    by: String,
  },
  SCHEMA_OPTIONS,
);
// A patron's history and an item's, each newest return first: one index range walked backwards.
closedLoanSchema.index({ patronId: 1, returnedAt: 1, _id: 1 }, { name: 'patron_returned' });
closedLoanSchema.index({ itemKey: 1, returnedAt: 1, _id: 1 }, { name: 'item_returned' });

const holdSchema = new Schema<HoldDoc>(
  {
    _id: { type: String, required: true },
    recordId: { type: String, required: true },
    itemBarcode: String,
    itemKey: String,
    activeKey: { type: String, required: true },
    patronId: String,
    pickupLibrary: { type: String, required: true },
    status: { type: String, required: true },
    placedAt: { type: String, required: true },
    notNeededAfter: String,
    trappedItem: String,
    shelfExpiresAt: String,
    endedAt: String,
    reason: String,
    by: String,
    version: { type: Number, required: true },
    updatedAt: { type: String, required: true },
  },
  SCHEMA_OPTIONS,
);
// The queue: a record's holds in placed order, the status checked along the range (no partial
// index: FerretDB 1.24 does not make them, and a record's ended holds are few).
holdSchema.index({ recordId: 1, placedAt: 1, _id: 1 }, { name: 'queue' });
holdSchema.index({ patronId: 1, placedAt: 1, _id: 1 }, { name: 'patron_placed' });
// One active hold per patron per record, kept by the server: the service's read before placing a
// hold is no guard against a second request (or process) placing the same one at the same moment.
holdSchema.index({ activeKey: 1 }, { name: 'active_hold', unique: true });
// The two expiry rules, each a range of its status.
holdSchema.index({ status: 1, shelfExpiresAt: 1 }, { name: 'shelf_expiry' });
holdSchema.index({ status: 1, notNeededAfter: 1 }, { name: 'not_needed_after' });

const eventSchema = new Schema<EventDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    at: { type: String, required: true },
    by: String,
    itemBarcode: String,
    itemKey: String,
    loanId: String,
    holdId: String,
    patronId: String,
    details: { type: Schema.Types.Mixed, default: undefined },
  },
  SCHEMA_OPTIONS,
);
// Newest first, alone or by patron, item or loan: each one index range walked backwards.
eventSchema.index({ at: 1, _id: 1 }, { name: 'at' });
eventSchema.index({ patronId: 1, at: 1, _id: 1 }, { name: 'patron_at' });
eventSchema.index({ itemKey: 1, at: 1, _id: 1 }, { name: 'item_at' });
eventSchema.index({ loanId: 1, at: 1, _id: 1 }, { name: 'loan_at' });

const intentSchema = new Schema<IntentDoc>(
  {
    _id: { type: String, required: true },
    startedAt: { type: String, required: true },
    intent: { type: String, required: true },
  },
  SCHEMA_OPTIONS,
);
intentSchema.index({ startedAt: 1, _id: 1 }, { name: 'started' });

export interface CirculationModels {
  closedLoans: Model<ClosedLoanDoc>;
  holds: Model<HoldDoc>;
  events: Model<EventDoc>;
  intents: Model<IntentDoc>;
}

export function circulationModels(connection: Connection): CirculationModels {
  return {
    closedLoans: modelFor(connection, 'closed_loans', closedLoanSchema),
    holds: modelFor(connection, 'holds', holdSchema),
    events: modelFor(connection, 'circulation_events', eventSchema),
    intents: modelFor(connection, 'circulation_intents', intentSchema),
  };
}
