import { Schema, type Connection, type Model } from 'mongoose';
import { modelFor, SCHEMA_OPTIONS, SUB_OPTIONS } from '../../connections/mongo-kit/schema-options';
import type { ItemCallNumberScheme, ItemSource } from '../../domain/items/item';
import type { ItemStatus } from '../../domain/items/item-status';

/**
 * One document per item, `_id` its barcodeKey: uniqueness comes from the `_id` index, so two
 * concurrent inserts of one barcode cannot both succeed, and every change of an item (status,
 * fields, history) is one single-document write. MongoDB without a replica set (and FerretDB)
 * has no multi-document transactions, so that is the unit of atomicity (docs/items.md).
 */
export interface ItemDoc {
  /** barcodeKey(barcode): trimmed, case-folded. */
  _id: string;
  /** As given, trimmed. */
  barcode: string;
  recordId: string;
  holdingId?: string;
  // The location and the shelf key are top-level fields rather than a nested `location` and
  // `callNumber.shelfKey`, so that list/shelf's one compound database index and its keyset
  // cursor name plain fields.
  library: string;
  shelf: string;
  /** callNumber.shelfKey, or '' without a call number (so it sorts first, and the key is never null). */
  shelfKey: string;
  callNumber?: CallNumberDoc;
  itemType: string;
  status: ItemStatus;
  notForLoan: boolean;
  publicNotes: string[];
  staffNotes: string[];
  source: ItemSource;
  version: number;
  // Times are the ISO 8601 strings the port was given, kept as they are, so they read back equal
  // (a BSON date would add milliseconds to `…T10:00:00Z`). Nothing queries by time.
  createdAt: string;
  updatedAt: string;
  history: HistoryDoc[];
  /** The open loan, as circulation gave it; absent on an item not on loan (docs/items.md). */
  loan?: LoanDoc;
  /**
   * loan.dueAt as a due key (UTC, fixed width: src/items/loan-order.ts), so that loans sort and
   * filter as instants whatever offset circulation wrote; present exactly when `loan` is.
   */
  loanDue?: string;
  trappedHold?: TrappedHoldDoc;
}

export interface LoanDoc {
  id: string;
  itemBarcode: string;
  recordId: string;
  patronId?: string;
  patronType: string;
  library: string;
  location?: { library: string; shelf: string };
  checkedOutAt: string;
  dueAt: string;
  renewals: number;
  returnedAt?: string;
  overrides?: { codes: string[]; reason: string; at: string; by?: string }[];
  by?: string;
}

export interface TrappedHoldDoc {
  holdId: string;
  patronId: string;
  pickupLibrary: string;
  shelfExpiresAt?: string;
}

export interface CallNumberDoc {
  value: string;
  scheme: ItemCallNumberScheme;
  prefix?: string;
  volume?: string;
  copy?: string;
  shelfKey: string;
}

export interface HistoryDoc {
  from?: ItemStatus;
  to: ItemStatus;
  at: string;
  by?: string;
  reason?: string;
}

/** A holding, `_id` its id (`<recordId>#852-<n>`, `mfhd:<001>`). */
export interface HoldingDoc {
  _id: string;
  recordId?: string;
  linksTo?: string;
  library: string;
  shelf: string;
  callNumber?: CallNumberDoc;
  publicNotes: string[];
  staffNotes: string[];
  source: ItemSource;
  updatedAt: string;
  /** An MFHD's items while it waits for its record, as JSON: carried, never queried. */
  waitingItems?: string;
}

const callNumberSchema = new Schema<CallNumberDoc>(
  {
    value: { type: String, required: true },
    scheme: { type: String, required: true },
    prefix: String,
    volume: String,
    copy: String,
    shelfKey: { type: String, required: true },
  },
  SUB_OPTIONS,
);

const historySchema = new Schema<HistoryDoc>(
  {
    from: String,
    to: { type: String, required: true },
    at: { type: String, required: true },
    by: String,
    reason: String,
  },
  SUB_OPTIONS,
);

const loanSchema = new Schema<LoanDoc>(
  {
    id: { type: String, required: true },
    itemBarcode: { type: String, required: true },
    recordId: { type: String, required: true },
    patronId: String,
    patronType: { type: String, required: true },
    library: { type: String, required: true },
    location: {
      type: new Schema(
        { library: { type: String, required: true }, shelf: { type: String, required: true } },
        SUB_OPTIONS,
      ),
      default: undefined,
    },
    checkedOutAt: { type: String, required: true },
    dueAt: { type: String, required: true },
    renewals: { type: Number, required: true },
    returnedAt: String,
    overrides: {
      type: [
        new Schema(
          {
            codes: { type: [String], default: [] },
            reason: { type: String, required: true },
            at: { type: String, required: true },
            by: String,
          },
          SUB_OPTIONS,
        ),
      ],
      default: undefined,
    },
    by: String,
  },
  SUB_OPTIONS,
);

const trappedHoldSchema = new Schema<TrappedHoldDoc>(
  {
    holdId: { type: String, required: true },
    patronId: { type: String, required: true },
    pickupLibrary: { type: String, required: true },
    shelfExpiresAt: String,
  },
  SUB_OPTIONS,
);

// Arrays of strings may be empty: `required` would refuse [] for them.
const itemSchema = new Schema<ItemDoc>(
  {
    _id: { type: String, required: true },
    barcode: { type: String, required: true },
    recordId: { type: String, required: true },
    holdingId: String,
    library: { type: String, required: true },
    shelf: { type: String, required: true },
    shelfKey: { type: String, default: '' },
    callNumber: { type: callNumberSchema, default: undefined },
    itemType: { type: String, required: true },
    status: { type: String, required: true },
    notForLoan: { type: Boolean, required: true },
    publicNotes: { type: [String], default: [] },
    staffNotes: { type: [String], default: [] },
    source: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    history: { type: [historySchema], default: [] },
    loan: { type: loanSchema, default: undefined },
    loanDue: String,
    trappedHold: { type: trappedHoldSchema, default: undefined },
  },
  SCHEMA_OPTIONS,
);

// Each read is one range of one database index walked in shelf order (location, shelf key,
// barcode key), so nothing is sorted in memory: forRecord(s) by record, list and shelf by location,
// list by status (MongoDB merges the ranges of several statuses in that order).
itemSchema.index({ recordId: 1, library: 1, shelf: 1, shelfKey: 1, _id: 1 }, { name: 'record_order' });
itemSchema.index({ library: 1, shelf: 1, shelfKey: 1, _id: 1 }, { name: 'shelf_order' });
itemSchema.index({ status: 1, library: 1, shelf: 1, shelfKey: 1, _id: 1 }, { name: 'status_order' });
// An item type alone is rarely asked; with another filter, it is checked while walking that order.
itemSchema.index({ itemType: 1 }, { name: 'item_type' });
// Circulation's lists: a patron's loans, and loans by due date (overdue, due soon), of one library
// or all. Sparse, so an item not on loan (no loan fields: nearly every item a load writes) is in
// none of them; partial indexes would say it more exactly, but FerretDB 1.24 refuses them.
itemSchema.index({ 'loan.patronId': 1, loanDue: 1 }, { name: 'loan_patron', sparse: true });
itemSchema.index({ loanDue: 1 }, { name: 'loan_due', sparse: true });
itemSchema.index({ 'loan.id': 1 }, { name: 'loan_id', sparse: true });
itemSchema.index({ 'loan.library': 1, loanDue: 1 }, { name: 'loan_library', sparse: true });

const holdingSchema = new Schema<HoldingDoc>(
  {
    _id: { type: String, required: true },
    recordId: String,
    linksTo: String,
    library: { type: String, required: true },
    shelf: { type: String, required: true },
    callNumber: { type: callNumberSchema, default: undefined },
    publicNotes: { type: [String], default: [] },
    staffNotes: { type: [String], default: [] },
    source: { type: String, required: true },
    updatedAt: { type: String, required: true },
    waitingItems: String,
  },
  SCHEMA_OPTIONS,
);

holdingSchema.index({ recordId: 1 }, { name: 'record' });
// MFHD waiting for its bibliographic record: found by the control number it links to.
holdingSchema.index({ linksTo: 1 }, { name: 'links_to' });

export interface ItemModels {
  items: Model<ItemDoc>;
  holdings: Model<HoldingDoc>;
}

export const ITEMS_COLLECTION = 'items';
export const HOLDINGS_COLLECTION = 'holdings';

export function itemModels(connection: Connection): ItemModels {
  return {
    items: modelFor(connection, ITEMS_COLLECTION, itemSchema),
    holdings: modelFor(connection, HOLDINGS_COLLECTION, holdingSchema),
  };
}
