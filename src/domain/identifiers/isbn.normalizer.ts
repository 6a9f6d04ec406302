/**
 * ISBN normalisation for mapping, look-ups and search: one function that accepts what catalogers
 * and users type ("0-14-044793-X (pbk.)", "978 0 14 044793 4", "ISBN 0140447938") and answers with
 * both forms where they exist. Invalid numbers are reported, never silently "fixed".
 */
export interface NormalizedIsbn {
  /** Always present for a valid ISBN; for an invalid 13-digit candidate, its digits as given. */
  isbn13?: string;
  /** Present for a valid 978 ISBN (979 has no 10-digit form); for an invalid 10-character candidate, as given. */
  isbn10?: string;
  /** Length, prefix and check digit all good. */
  valid: boolean;
  /** Text after the number, without brackets: "pbk." from "0140447938 (pbk.)". */
  qualifier?: string;
}

const WITH_HYPHENS = /[0-9][0-9-]*[0-9Xx]?/;
const WITH_SPACES = /[0-9][0-9 -]*[0-9Xx]?/;

export function normalizeIsbn(text: string): NormalizedIsbn {
  const found = findCandidate(text);
  if (!found) return { valid: false };
  const { compact, rest } = found;
  const result = classify(compact);
  const qualifier = cleanQualifier(rest);
  if (qualifier) result.qualifier = qualifier;
  return result;
}

/** The first run of digits that compacts to 10 or 13 characters; hyphen-only runs are tried first. */
function findCandidate(text: string): { compact: string; rest: string } | undefined {
  let fallback: { compact: string; rest: string } | undefined;
  for (const pattern of [WITH_HYPHENS, WITH_SPACES]) {
    const m = pattern.exec(text);
    if (!m) return undefined;
    // "089542262X295" is not an ISBN with a price after it: a number may not run on into more digits.
    if (/[0-9Xx]/.test(text[m.index + m[0].length] ?? '')) return undefined;
    const compact = m[0].replace(/[ -]/g, '').toUpperCase();
    const found = { compact, rest: text.slice(m.index + m[0].length) };
    if (compact.length === 10 || compact.length === 13) return found;
    fallback ??= found;
  }
  return fallback;
}

function classify(compact: string): NormalizedIsbn {
  if (compact.length === 10 && /^\d{9}[\dX]$/.test(compact)) {
    if (!isValidIsbn10(compact)) return { isbn10: compact, valid: false };
    return { isbn13: isbn10To13(compact), isbn10: compact, valid: true };
  }
  if (compact.length === 13 && /^\d{13}$/.test(compact)) {
    if (!isValidIsbn13(compact)) return { isbn13: compact, valid: false };
    const isbn10 = isbn13To10(compact);
    return isbn10 ? { isbn13: compact, isbn10, valid: true } : { isbn13: compact, valid: true };
  }
  return { valid: false };
}

function cleanQualifier(rest: string): string | undefined {
  const q = rest
    .replace(/^[\s:;,./]+/, '')
    .replace(/[\s:;,/]+$/, '')
    .replace(/^\((.*)\)$/, '$1')
    .trim();
  return q.length > 0 ? q : undefined;
}

export function isValidIsbn10(isbn: string): boolean {
  if (!/^\d{9}[\dX]$/.test(isbn)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = isbn[i] as string;
    sum += (c === 'X' ? 10 : Number(c)) * (10 - i);
  }
  return sum % 11 === 0;
}

export function isValidIsbn13(isbn: string): boolean {
  if (!/^97[89]\d{10}$/.test(isbn)) return false;
  return isbn13CheckDigit(isbn.slice(0, 12)) === isbn[12];
}

function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

function isbn10CheckDigit(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** 978 + the first nine digits + a fresh check digit. Assumes a valid ISBN-10. */
export function isbn10To13(isbn10: string): string {
  const first12 = `978${isbn10.slice(0, 9)}`;
  return first12 + isbn13CheckDigit(first12);
}

/** Only 978 ISBNs have a 10-digit form; 979 and invalid input give undefined. */
export function isbn13To10(isbn13: string): string | undefined {
  if (!/^978\d{10}$/.test(isbn13)) return undefined;
  const first9 = isbn13.slice(3, 12);
  return first9 + isbn10CheckDigit(first9);
}
