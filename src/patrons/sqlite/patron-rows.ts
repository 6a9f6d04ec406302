import type { Patron } from '../../domain/patrons/patron';
import { patronLookupKeys } from '../patron-keys';

/** A patrons row: the patron as JSON, and the keys it is found and ordered by (schema.ts). */
export interface PatronRow {
  id: string;
  barcode_key: string | null;
  name_key: string;
  email_key: string | null;
  version: number;
  patron: string;
}

/** The one place the columns are derived from a patron, so they always say what its JSON says. */
export function patronRow(patron: Patron): PatronRow {
  const keys = patronLookupKeys(patron);
  return {
    id: patron.id,
    barcode_key: keys.barcodeKey ?? null,
    name_key: keys.nameKey,
    email_key: keys.emailKey ?? null,
    version: patron.version,
    patron: JSON.stringify(patron),
  };
}

export function patronOf(row: Pick<PatronRow, 'patron'>): Patron {
  return JSON.parse(row.patron) as Patron;
}
