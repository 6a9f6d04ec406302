import { randomUUID } from 'node:crypto';
import type { NewPatron, Patron, PatronFields } from '../domain/patrons/patron';

/**
 * What each write does to a patron, as pure functions over domain values: both adapters compute
 * the new patron with these and only store it (with their compare-and-set), so the two cannot
 * disagree on what an update removes or what anonymising keeps. Absent is absent: no key holds
 * `undefined` or `null`, so a patron reads back the same from either store.
 */

/** The optional fields `null` removes (PatronFields). */
const OPTIONAL_FIELDS = ['email', 'phone', 'address', 'homeLibrary', 'notes', 'block'] as const;
const REQUIRED_FIELDS = ['name', 'patronType', 'expiry', 'keepHistory'] as const;

/** A new patron at version 1 with no loans; a new UUID unless the caller keeps one (a migration). */
export function createdPatron(patron: NewPatron, at: string): Patron {
  const created: Patron = {
    id: patron.id ?? randomUUID(),
    barcode: patron.barcode.trim(),
    name: patron.name,
    patronType: patron.patronType,
    expiry: patron.expiry,
    keepHistory: patron.keepHistory ?? false,
    openLoans: [],
    loanCount: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  for (const key of ['email', 'phone', 'address', 'homeLibrary', 'notes'] as const) {
    const value = patron[key];
    if (value !== undefined) created[key] = value;
  }
  return created;
}

/** `current` with `fields` applied: a value replaces, `null` removes, absent leaves as it is. */
export function updatedPatron(current: Patron, fields: PatronFields, at: string): Patron {
  const next: Patron = { ...current, version: current.version + 1, updatedAt: at };
  if (fields.barcode !== undefined) next.barcode = fields.barcode.trim();
  for (const key of REQUIRED_FIELDS) {
    const value = fields[key];
    if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of OPTIONAL_FIELDS) {
    const value = fields[key];
    if (value === null) delete next[key];
    else if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}

/** `loanId` taken into `openLoans` and counted. */
export function withLoan(current: Patron, loanId: string, at: string): Patron {
  return {
    ...current,
    openLoans: [...current.openLoans, loanId],
    loanCount: current.loanCount + 1,
    version: current.version + 1,
    updatedAt: at,
  };
}

/** `loanId` let go of; `uncount` takes it back out of `loanCount` (a check-out that did not happen). */
export function withoutLoan(current: Patron, loanId: string, at: string, uncount: boolean): Patron {
  return {
    ...current,
    openLoans: current.openLoans.filter((id) => id !== loanId),
    loanCount: uncount ? Math.max(0, current.loanCount - 1) : current.loanCount,
    version: current.version + 1,
    updatedAt: at,
  };
}

/**
 * Every personal field gone (docs/circulation.md, privacy). Kept: the id (loans and events refer
 * to it), patron type, home library, loan count and the history choice, for statistics; the card's
 * expiry (required, and no one's identity); the times.
 */
export function anonymisedPatron(current: Patron, at: string): Patron {
  const kept: Patron = {
    id: current.id,
    barcode: '',
    name: '',
    patronType: current.patronType,
    expiry: current.expiry,
    keepHistory: current.keepHistory,
    openLoans: [],
    loanCount: current.loanCount,
    anonymisedAt: at,
    version: current.version + 1,
    createdAt: current.createdAt,
    updatedAt: at,
  };
  if (current.homeLibrary !== undefined) kept.homeLibrary = current.homeLibrary;
  return kept;
}
