import type { CatalogDocument } from '../../domain/catalog-document';
import {
  isValidLccn,
  normalizeIsbn,
  normalizeIssn,
  normalizeLccn,
  normalizeOclc,
} from '../../domain/identifiers';
import { identifierKind } from '../query/identifier-kind';
import { foldCore } from './fold';

/**
 * The identifiers a document is found by, as tokens of the FTS `ids` column (`isbn9780306406157`,
 * `issn03178471`, `lccnn79021164`, `oclc12345`, `cn` + control number), and the tokens a query
 * value can mean. The document side trusts the mapping's normalised values; the query side turns
 * what a reader types into the same forms with the shared normalisers (src/domain/identifiers).
 * Call numbers are not tokens: they are searched left-anchored through search_terms.
 */
export type IdentifierKind = 'isbn' | 'issn' | 'lccn' | 'oclc' | 'id' | 'callnumber';
type TokenKind = 'isbn' | 'issn' | 'lccn' | 'oclc' | 'cn';

/** One FTS token: the kind, then the value's letters and digits, lower case. */
export function identifierToken(kind: TokenKind, value: string): string {
  return kind + foldCore(value).replace(/[^a-z0-9]/g, '');
}

export function documentIdentifierTokens(doc: CatalogDocument): string {
  const tokens = new Set<string>();
  const add = (kind: TokenKind, value: string | undefined): void => {
    if (value && /[\p{L}\p{N}]/u.test(value)) tokens.add(identifierToken(kind, value));
  };
  for (const isbn of doc.isbns) {
    // The 13-digit form when there is one (queries ask for both forms); an invalid ISBN as given.
    const forms = isbn.isbn13 ? [isbn.isbn13] : isbn.isbn10 ? [isbn.isbn10] : isbnForms(isbn.value);
    for (const form of forms) add('isbn', form);
  }
  for (const issn of doc.issns) add('issn', issn.normalized ?? issnForm(issn.value));
  for (const lccn of doc.lccns) add('lccn', lccn.normalized);
  for (const oclc of doc.oclcNumbers) add('oclc', oclcForm(oclc));
  add('cn', doc.controlNumber);
  return [...tokens].join(' ');
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
export function identifierCandidates(text: string): string[] {
  const kind = identifierKind(text);
  return kind ? queryIdentifierTokens(kind, text) : [];
}

/** The `ids` tokens an identifier-field query value can mean (none when it cannot be one). */
export function queryIdentifierTokens(kind: Exclude<IdentifierKind, 'callnumber'>, text: string): string[] {
  const tokens = (tokenKind: TokenKind, values: (string | undefined)[]): string[] =>
    values.filter((v): v is string => v !== undefined && v !== '').map((v) => identifierToken(tokenKind, v));
  switch (kind) {
    case 'isbn':
      return tokens('isbn', isbnForms(text));
    case 'issn':
      return tokens('issn', [issnForm(text)]);
    case 'lccn':
      return tokens('lccn', [lccnForm(text)]);
    case 'oclc':
      return tokens('oclc', [oclcForm(text)]);
    case 'id':
      return /[\p{L}\p{N}]/u.test(text) ? tokens('cn', [text.trim()]) : [];
  }
}
