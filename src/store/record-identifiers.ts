import type { CatalogDocument } from '../domain/catalog-document';
import type { IdentifierKind } from './port';

/**
 * The identifier values a record is matched and looked up by, normalised as the mapping
 * normalised them. Every store adapter indexes exactly these, so look-ups agree across backends.
 * ISBNs: both forms of valid ones (a query in either form finds the record), the digits of
 * invalid ones as given.
 */
export function identifiersOf(doc: CatalogDocument): [IdentifierKind, string][] {
  const out: [IdentifierKind, string][] = [['id', doc.id]];
  for (const id of doc.alternateIds ?? []) out.push(['id', id]);
  if (doc.alternateIds?.length) out.push(['overlaid', doc.id]);
  if (doc.controlNumber) out.push(['controlNumber', doc.controlNumber]);
  for (const isbn of doc.isbns) {
    if (isbn.isbn13) out.push(['isbn', isbn.isbn13]);
    if (isbn.isbn10) out.push(['isbn', isbn.isbn10]);
    if (!isbn.isbn13 && !isbn.isbn10) {
      const digits = isbn.value.replace(/[^0-9Xx]/g, '').toUpperCase();
      if (digits) out.push(['isbn', digits]);
    }
  }
  for (const issn of doc.issns) if (issn.normalized) out.push(['issn', issn.normalized]);
  for (const lccn of doc.lccns) if (lccn.normalized) out.push(['lccn', lccn.normalized]);
  for (const oclc of doc.oclcNumbers) out.push(['oclc', oclc]);
  return dedupe(out);
}

function dedupe(pairs: [IdentifierKind, string][]): [IdentifierKind, string][] {
  const seen = new Set<string>();
  return pairs.filter(([k, v]) => {
    const key = `${k}\u0000${v}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
