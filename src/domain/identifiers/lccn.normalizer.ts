/**
 * LCCN normalisation as the Library of Congress defines it
 * (https://www.loc.gov/marc/lccn-namespace.html#normalization):
 *   1. remove all blanks;
 *   2. drop a forward slash and everything after it ("75425165//r75", "79139101 /AC/r932");
 *   3. remove a hyphen and left-fill the digits after it with zeros to six ("85-2" → "85000002").
 * Letters are lower-cased too, because LoC prefixes are lower case and users type either, and
 * characters that can never be part of an LCCN (a stray "ʹ" or "#" from a conversion) are
 * dropped with the blanks.
 */
export function normalizeLccn(text: string): string | undefined {
  let s = text.replace(/[^A-Za-z0-9/-]+/g, '');
  const slash = s.indexOf('/');
  if (slash >= 0) s = s.slice(0, slash);
  const hyphen = s.indexOf('-');
  if (hyphen >= 0) {
    const serial = s.slice(hyphen + 1);
    // LoC: the part after the hyphen "should be" six or fewer digits; anything else is left alone.
    const filled = /^\d{1,6}$/.test(serial) ? serial.padStart(6, '0') : serial;
    s = s.slice(0, hyphen) + filled;
  }
  s = s.toLowerCase();
  return s.length > 0 ? s : undefined;
}

/** The LoC syntax of a normalised LCCN: 8–12 characters, the rightmost eight digits, rules by length. */
export function isValidLccn(normalized: string): boolean {
  switch (normalized.length) {
    case 8:
      return /^\d{8}$/.test(normalized);
    case 9:
      return /^[a-z]\d{8}$/.test(normalized);
    case 10:
      return /^(?:\d{2}|[a-z]{2})\d{8}$/.test(normalized);
    case 11:
      return /^[a-z](?:\d{2}|[a-z]{2})\d{8}$/.test(normalized);
    case 12:
      return /^[a-z]{2}\d{10}$/.test(normalized);
    default:
      return false;
  }
}
