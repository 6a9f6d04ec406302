import type { Patron, PatronBlock } from '../../domain/patrons/patron';
import { patronLookupKeys } from '../patron-keys';
import type { BlockDoc, PatronDoc } from './patron.schema';

/** Optional fields, copied when present, left out (never null) when not. */
const OPTIONAL = ['email', 'phone', 'address', 'homeLibrary', 'notes', 'anonymisedAt'] as const;

/**
 * Documents ↔ domain values. What a patron becomes on a write is decided by the shared functions
 * (src/patrons/patron-changes.ts); this only stores it, with its look-up keys, and reads back
 * exactly what was written, as the SQLite store does.
 */
export function toPatron(doc: PatronDoc): Patron {
  const patron: Patron = {
    id: doc._id,
    barcode: doc.barcode,
    name: doc.name,
    patronType: doc.patronType,
    expiry: doc.expiry,
    keepHistory: doc.keepHistory,
    openLoans: [...(doc.openLoans ?? [])],
    loanCount: doc.loanCount,
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
  for (const key of OPTIONAL) if (present(doc[key])) patron[key] = doc[key];
  if (present(doc.block)) patron.block = blockOf(doc.block);
  return patron;
}

/** The whole document of a patron: what an insert adds and a compare-and-set replaces. */
export function patronDoc(patron: Patron): PatronDoc {
  const keys = patronLookupKeys(patron);
  const doc: PatronDoc = {
    _id: patron.id,
    barcode: patron.barcode,
    name: patron.name,
    nameKey: keys.nameKey,
    patronType: patron.patronType,
    expiry: patron.expiry,
    keepHistory: patron.keepHistory,
    openLoans: [...patron.openLoans],
    loanCount: patron.loanCount,
    version: patron.version,
    createdAt: patron.createdAt,
    updatedAt: patron.updatedAt,
  };
  if (keys.barcodeKey !== undefined) doc.barcodeKey = keys.barcodeKey;
  if (keys.emailKey !== undefined) doc.emailKey = keys.emailKey;
  for (const key of OPTIONAL) if (present(patron[key])) doc[key] = patron[key];
  if (present(patron.block)) doc.block = blockOf(patron.block);
  return doc;
}

function blockOf(block: BlockDoc | PatronBlock): PatronBlock {
  const out: PatronBlock = { reason: block.reason, at: block.at };
  if (present(block.by)) out.by = block.by;
  return out;
}

function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
