/**
 * OCLC numbers: "(OCoLC)ocm00012345", "ocn123456789", "on1234567890", "(OCoLC)12345" and bare
 * digits all become the digits without leading zeros. Anything else in an (OCoLC) value — "(OCoLC)-",
 * "(OCoLC)abc" — is garbage and gives undefined.
 */
const PREFIXED = /^\(ocolc\)\s*/i;
const OCLC_LETTERS = /^(?:ocm|ocn|on)\s*/i;

export function normalizeOclc(text: string): string | undefined {
  let s = text.trim().replace(PREFIXED, '');
  s = s.replace(OCLC_LETTERS, '').trim();
  if (!/^\d+$/.test(s)) return undefined;
  const digits = s.replace(/^0+/, '');
  return digits.length > 0 ? digits : undefined;
}

/** True when the text says it is an OCLC number ((OCoLC) or ocm/ocn/on), as 035 $a must to count. */
export function isMarkedOclc(text: string): boolean {
  const s = text.trim();
  return PREFIXED.test(s) || /^(?:ocm|ocn|on)\d/i.test(s);
}
