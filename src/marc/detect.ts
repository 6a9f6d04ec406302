export type MarcFormat = 'iso2709' | 'marcxml' | 'json' | 'mrk';

export const MARC_FORMATS: readonly MarcFormat[] = ['iso2709', 'marcxml', 'json', 'mrk'];

/**
 * Names the format from the first bytes: a UTF-8 BOM and leading white space are skipped,
 * then `<` is XML, `{` or `[` JSON, `=` mnemonic text (`=LDR`), five digits ISO 2709.
 * Returns undefined when nothing fits, so the caller can say so rather than guess.
 */
export function detectFormat(head: Uint8Array): MarcFormat | undefined {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09))
    i++;
  const b = head[i];
  if (b === 0x3c) return 'marcxml';
  if (b === 0x7b || b === 0x5b) return 'json';
  if (b === 0x3d) return 'mrk';
  let digits = 0;
  while (digits < 5 && isDigit(head[i + digits])) digits++;
  if (digits === 5) return 'iso2709';
  return undefined;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}
