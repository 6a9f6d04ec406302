import {
  isMarkedOclc,
  isValidIsbn10,
  isValidIsbn13,
  isValidIssn,
  isValidLccn,
  normalizeLccn,
  normalizeOclc,
} from '../../domain/identifiers';

/**
 * Recognises a bare query term that looks like a standard number, so an adapter can rank the
 * record carrying it first for a plain query like `9780140447934`. Recognition only: the adapter
 * normalises with the same shared normalisers (src/domain/identifiers/), whose checks this reuses.
 *
 * Bare digits are ambiguous (an 8-digit number can be an LCCN serial, an OCLC number or
 * neither), so they count only when a checksum (ISBN) or a telltale prefix or hyphen says which.
 */
export type IdentifierKind = 'isbn' | 'issn' | 'lccn' | 'oclc';

export function identifierKind(text: string): IdentifierKind | undefined {
  const t = text.trim();
  if (isIsbnLike(t)) return 'isbn';
  if (isIssnLike(t)) return 'issn';
  if (isOclcLike(t)) return 'oclc';
  if (isLccnLike(t)) return 'lccn';
  return undefined;
}

const ISBN_LABEL = /^ISBN(?:-1[03])?:?\s*/i;
/** Digits in groups split by hyphens or spaces, as printed on books; X only as the check digit. */
const ISBN_SHAPE = /^\d(?:[\s-]?\d){8}[\s-]?[\dX](?:(?:[\s-]?\d){3})?$/i;

function isIsbnLike(text: string): boolean {
  const body = text.replace(ISBN_LABEL, '');
  if (!ISBN_SHAPE.test(body)) return false;
  const compact = body.replace(/[\s-]/g, '').toUpperCase();
  return compact.length === 10 ? isValidIsbn10(compact) : isValidIsbn13(compact);
}

/** NNNN-NNNX with a good check digit; the hyphen is required, 8 bare digits are too ambiguous. */
function isIssnLike(text: string): boolean {
  const m = /^(?:ISSN:?\s*)?(\d{4}-\d{3}[\dX])$/i.exec(text);
  return m !== null && isValidIssn(m[1] as string);
}

/** `(OCoLC)12345`, `(OCoLC)ocm01234567`, `ocm01234567`, `ocn…`, `on…`: marked as OCLC, digits after. */
function isOclcLike(text: string): boolean {
  return isMarkedOclc(text) && normalizeOclc(text) !== undefined;
}

/**
 * LCCNs as printed and as normalised: an optional 1–3 letter prefix, a 2- or 4-digit year and a
 * serial, the serial either hyphenated (`79-21834`, `n 79-21834`, `2001-627508`) or zero-padded to
 * six digits (`n79021834`, `2001627508` with a prefix). Without a prefix only the hyphenated form
 * counts; 4-digit years began in 2001. LoC's own syntax check has the last word.
 */
function isLccnLike(text: string): boolean {
  const m = /^([a-z]{1,3})?\s*(\d{2}|\d{4})(?:-(\d{1,6})|(\d{6}))$/i.exec(text);
  if (!m) return false;
  const [, prefix, year, hyphenated] = m;
  if (prefix === undefined && hyphenated === undefined) return false;
  if (year?.length === 4 && Number(year) < 2001) return false;
  const normalized = normalizeLccn(text);
  return normalized !== undefined && isValidLccn(normalized);
}
