import type { CatalogDocument } from '../../domain/catalog-document';
import {
  isValidLccn,
  normalizeIsbn,
  normalizeIssn,
  normalizeLccn,
  normalizeOclc,
} from '../../domain/identifiers';
import { identifierKind } from '../query/identifier-kind';

/**
 * The identifier values a document is found by, and the values a query string can mean. The
 * document side trusts the mapping's normalised values (isbn13/isbn10, issn.normalized,
 * lccn.normalized, digits-only OCLC numbers); the query side turns what a reader types into the
 * same forms with the shared normalisers (src/domain/identifiers), so both agree.
 */
export type IdentifierKind = 'isbn' | 'issn' | 'lccn' | 'oclc' | 'id' | 'callnumber';

export interface IdentifierRow {
  kind: IdentifierKind;
  value: string;
}

export function documentIdentifiers(doc: CatalogDocument): IdentifierRow[] {
  const rows = new Map<string, IdentifierRow>();
  const add = (kind: IdentifierKind, value: string | undefined): void => {
    if (value) rows.set(`${kind}\u0000${value}`, { kind, value });
  };
  for (const isbn of doc.isbns) {
    add('isbn', isbn.isbn13);
    add('isbn', isbn.isbn10);
    // Invalid ISBNs have no normalised forms but are still looked up as given.
    for (const form of isbnForms(isbn.value)) add('isbn', form);
  }
  for (const issn of doc.issns) add('issn', issn.normalized ?? issnForm(issn.value));
  for (const lccn of doc.lccns) add('lccn', lccn.normalized);
  for (const oclc of doc.oclcNumbers) add('oclc', oclcForm(oclc));
  add('id', doc.id);
  add('id', doc.controlNumber);
  for (const call of doc.callNumbers) add('callnumber', callNumberForm(call.value));
  return [...rows.values()];
}

/** ISBN as typed → its 13- and 10-digit forms (hyphens, spaces and a trailing qualifier ignored). */
export function isbnForms(text: string): string[] {
  const isbn = normalizeIsbn(text);
  return [isbn.isbn13, isbn.isbn10].filter((v): v is string => v !== undefined);
}

/** NNNN-NNNX, or undefined when the text is not shaped like an ISSN. */
export function issnForm(text: string): string | undefined {
  return normalizeIssn(text).normalized;
}

/** LoC's LCCN normalisation; undefined unless the result has LCCN syntax. */
export function lccnForm(text: string): string | undefined {
  const value = normalizeLccn(text);
  return value !== undefined && isValidLccn(value) ? value : undefined;
}

/** OCLC number with its (OCoLC)/ocm/ocn/on prefix and leading zeros dropped. */
export function oclcForm(text: string): string | undefined {
  return normalizeOclc(text);
}

/**
 * Upper case, single spaces, none around periods or between the class letters and number:
 * `qa 76.73 .J38  2008` → `QA76.73.J38 2008`. Searched left-anchored; the spaces that remain
 * separate parts, so "J38 F53" and "2008" do not run together.
 */
export function callNumberForm(text: string): string | undefined {
  const value = text
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ ?\. ?/g, '.')
    .replace(/^([A-Z]{1,3}) (?=\d)/, '$1');
  return value || undefined;
}

/**
 * What a whole plain query means as an identifier (for "identifier matches first"). Recognition is
 * the query module's (identifierKind): bare digits count only with a checksum or a telltale
 * prefix or hyphen, so a title like "1984" is never taken for a number.
 */
export function identifierCandidates(text: string): IdentifierRow[] {
  const kind = identifierKind(text);
  return kind ? fieldIdentifierValues(kind, text).map((value) => ({ kind, value })) : [];
}

/** The stored values an identifier-field query term can mean. */
export function fieldIdentifierValues(kind: IdentifierKind, text: string): string[] {
  const one = (value: string | undefined): string[] => (value ? [value] : []);
  switch (kind) {
    case 'isbn':
      return isbnForms(text);
    case 'issn':
      return one(issnForm(text));
    case 'lccn':
      return one(lccnForm(text));
    case 'oclc':
      return one(oclcForm(text));
    case 'id':
      return one(text.trim());
    case 'callnumber':
      return one(callNumberForm(text));
  }
}
