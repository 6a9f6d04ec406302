import { LEADING_FILLER_LIMIT, RECORD_START_BYTES, findFirstRecord } from './readers/iso2709-filler';

export type MarcFormat = 'iso2709' | 'marcxml' | 'json' | 'mrk';

export const MARC_FORMATS: readonly MarcFormat[] = ['iso2709', 'marcxml', 'json', 'mrk'];

/** How many bytes detection needs: a record start just inside the leading-filler bound, judged. */
export const DETECT_BYTES = LEADING_FILLER_LIMIT + RECORD_START_BYTES;

/**
 * Names the format from the first bytes: a UTF-8 BOM and leading white space are skipped,
 * then `<` is XML, `{` or `[` JSON, `=` mnemonic text (`=LDR`), five digits ISO 2709. Failing
 * those, ISO 2709 still when a plain record start follows leading filler within the bound the
 * ISO reader skips (yaz-marcdump skips such bytes too); the text formats are never looked for
 * past junk, which would take any document quoting `<` or `{` for one. Returns undefined when
 * nothing fits, so the caller can say so rather than guess. `head` should hold DETECT_BYTES
 * bytes, or the whole input when it is shorter.
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
  const first = findFirstRecord(head, true);
  if (first !== 'more' && first.filler) return 'iso2709';
  return undefined;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}
