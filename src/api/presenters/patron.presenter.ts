import { isExpired, type Patron } from '../../domain/patrons/patron';
import type { PatronPage } from '../../patrons/port';
import type { components } from '../openapi.generated';

type PatronJson = components['schemas']['Patron'];
type PatronPageJson = components['schemas']['PatronPage'];

/**
 * A patron for staff: every field, `expired` worked out for `today`, and the open loans as a count
 * and their ids. Only staff operations present patrons (personal data never reaches a public
 * response); optional fields a patron does not have are left out, not sent empty.
 */
export function patronJson(patron: Patron, today: string): PatronJson {
  const body: PatronJson = {
    id: patron.id,
    barcode: patron.barcode,
    name: patron.name,
    patronType: patron.patronType,
    expiry: patron.expiry,
    expired: isExpired(patron, today),
    keepHistory: patron.keepHistory,
    openLoans: patron.openLoans.length,
    openLoanIds: [...patron.openLoans],
    loanCount: patron.loanCount,
    version: patron.version,
    createdAt: patron.createdAt,
    updatedAt: patron.updatedAt,
  };
  for (const key of ['email', 'phone', 'address', 'homeLibrary', 'notes', 'anonymisedAt'] as const) {
    const value = patron[key];
    if (value !== undefined && value !== '') body[key] = value;
  }
  if (patron.block) body.block = { ...patron.block };
  return body;
}

export function patronPageJson(page: PatronPage, today: string, nextCursor?: string): PatronPageJson {
  return {
    patrons: page.patrons.map((p) => patronJson(p, today)),
    ...(nextCursor !== undefined && { nextCursor }),
  };
}

/** The patron's version as a strong tag; there is one representation (staff's), so no suffix. */
export function patronEtag(patron: Pick<Patron, 'version'>): string {
  return `"v${patron.version}"`;
}
