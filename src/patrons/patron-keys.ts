import { patronBarcodeKey, patronNameKey, type Patron } from '../domain/patrons/patron';

/**
 * What a patron is looked up by, derived in one place for both stores (their columns and fields
 * must say what the patron says). An anonymised patron has no barcode key, so any number of them
 * coexist under the unique one, and `get(barcode)` can never find one.
 */
export interface PatronLookupKeys {
  barcodeKey?: string;
  nameKey: string;
  emailKey?: string;
}

export function patronLookupKeys(patron: Patron): PatronLookupKeys {
  const keys: PatronLookupKeys = { nameKey: patronNameKey(patron.name) };
  if (patron.anonymisedAt === undefined) keys.barcodeKey = patronBarcodeKey(patron.barcode);
  if (patron.email !== undefined) keys.emailKey = patronEmailKey(patron.email);
  return keys;
}

/** Emails are matched whole, trimmed and case-folded (their local part is case-insensitive in practice). */
export function patronEmailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The least string above every string starting with `prefix`, for a range a database index can
 * walk (`key >= prefix AND key < bound`; LIKE would not use it). The last code point + 1 rather
 * than `prefix + '\uffff'`, which misses keys continuing with a character above U+FFFF. Both
 * databases compare UTF-8 bytes, which is code point order. Undefined for '': no bound.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // The surrogate range holds no characters: after U+D7FF comes U+E000.
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}
