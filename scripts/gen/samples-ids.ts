/**
 * Identifiers and dates for the samples. ISBN and ISSN check digits are computed, so every
 * number is valid; LCCNs, OCLC numbers and record dates are derived from a hash of the control
 * number, so they are well-formed and stable from one run of the generator to the next, but
 * invented (ingest/samples/README.md says so).
 */

/** FNV-1a, 32 bits: small, stable, and good enough to spread invented numbers. */
export function hash(text: string, salt = ''): number {
  let h = 0x811c9dc5;
  for (const ch of salt + text) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A full ISBN from 9 (ISBN-10) or 12 (ISBN-13) digits. */
export function withIsbnCheck(digits: string): string {
  const d = digits.replace(/-/g, '');
  if (d.length === 9) {
    const sum = [...d].reduce((s, c, i) => s + Number(c) * (10 - i), 0);
    const check = (11 - (sum % 11)) % 11;
    return d + (check === 10 ? 'X' : String(check));
  }
  if (d.length === 12) {
    const sum = [...d].reduce((s, c, i) => s + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
    return d + String((10 - (sum % 10)) % 10);
  }
  throw new Error(`ISBN body "${digits}" is neither 9 nor 12 digits`);
}

/** A full ISSN from its first seven digits ("0028-083" → "0028-0836"). */
export function withIssnCheck(body: string): string {
  const d = body.replace(/-/g, '');
  if (!/^\d{7}$/.test(d)) throw new Error(`ISSN body "${body}" is not seven digits`);
  const sum = [...d].reduce((s, c, i) => s + Number(c) * (8 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return `${d.slice(0, 4)}-${d.slice(4)}${check === 10 ? 'X' : String(check)}`;
}

/**
 * An LCCN in the form LC used in the year the item appeared: `   85012345 ` (two-digit year,
 * blank-padded) before 2001, `2003012345` after; none for items LC could not have numbered then.
 */
export function lccnFor(id: string, year: number, serial: boolean): string | undefined {
  const serialNo = String(hash(id, 'lccn') % 40000).padStart(6, '0');
  // Serials older than LC's numbering got "sn" numbers when CONSER recorded them in the 1980s.
  if (year < 1898) return serial ? `sn 8${3 + (hash(id, 'sn') % 5)}${serialNo} ` : undefined;
  if (year >= 2001) return `${year}${serialNo}`;
  return `   ${String(year % 100).padStart(2, '0')}${serialNo} `;
}

/** An OCLC number of plausible size for when a record like this would have entered WorldCat. */
export function oclcFor(id: string, year: number): string {
  const h = hash(id, 'oclc');
  if (year >= 2008) return `(OCoLC)${200000000 + (h % 1200000000)}`;
  if (year >= 1980) return `(OCoLC)${10000000 + (h % 60000000)}`;
  return `(OCoLC)${String(1000000 + (h % 8000000)).padStart(8, '0')}`;
}

const START = Date.UTC(2023, 0, 9);
const DAY = 86_400_000;

/** 008/00–05 and 005 (entered, then last changed some days later), from the control number. */
export function recordDates(id: string): { entered: string; changed: string } {
  const entered = new Date(START + (hash(id, 'entered') % 700) * DAY);
  const changed = new Date(entered.getTime() + (hash(id, 'changed') % 200) * DAY + (hash(id, 't') % DAY));
  const iso = (d: Date): string => d.toISOString().replace(/[-:T]/g, '');
  return { entered: iso(entered).slice(2, 8), changed: `${iso(changed).slice(0, 14)}.0` };
}
