/** ISSN normalisation: NNNN-NNNX from anything with the eight characters in it, check digit verified. */
export interface NormalizedIssn {
  /** NNNN-NNNX; undefined when the text holds no eight-character ISSN shape. */
  normalized?: string;
  valid: boolean;
}

const SHAPE = /(\d{4})[\s-]?(\d{3}[\dXx])(?![\dXx])/;

export function normalizeIssn(text: string): NormalizedIssn {
  const m = SHAPE.exec(text);
  if (!m) return { valid: false };
  const compact = `${m[1]}${m[2]}`.toUpperCase();
  return { normalized: `${compact.slice(0, 4)}-${compact.slice(4)}`, valid: isValidIssn(compact) };
}

/** Eight characters, hyphen optional; weights 8..2, mod 11, X for 10. */
export function isValidIssn(text: string): boolean {
  const compact = text.replace('-', '').toUpperCase();
  if (!/^\d{7}[\dX]$/.test(compact)) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(compact[i]) * (8 - i);
  const check = (11 - (sum % 11)) % 11;
  return compact[7] === (check === 10 ? 'X' : String(check));
}
