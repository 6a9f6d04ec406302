import { MarcRecord, type Field } from '../../../src/marc/record';
import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import type { CatalogDocument } from '../../../src/domain/catalog-document';

/**
 * Hand-made records for mapping tests, written the way catalogers read them (MRK lines):
 *   =LDR  00000cam a2200000 a 4500
 *   =001  12345
 *   =245  14$aThe title :$bsubtitle /$cby someone.
 * A backslash in indicators or fixed fields is a blank. Lines that are not fields are ignored.
 */
export function mrk(text: string): MarcRecord {
  let leader = '00000nam a2200000 a 4500';
  const fields: Field[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^=(\w{3}) {2}(.*)$/.exec(line);
    if (!m) continue;
    const [, tag, rest] = m as unknown as [string, string, string];
    if (tag === 'LDR') leader = rest.replace(/\\/g, ' ');
    else if (/^00/.test(tag)) fields.push({ tag, value: rest.replace(/\\/g, ' ') });
    else fields.push(dataField(tag, rest));
  }
  return new MarcRecord(leader, fields);
}

function dataField(tag: string, rest: string): Field {
  const ind = (c: string | undefined) => (c === undefined || c === '\\' ? ' ' : c);
  const subfields = rest
    .slice(2)
    .split('$')
    .filter((s) => s.length > 0)
    .map((s) => ({ code: s[0] as string, value: s.slice(1) }));
  return { tag, ind1: ind(rest[0]), ind2: ind(rest[1]), subfields };
}

const mapper = createDefaultMapper();

/** The default profile's document for an MRK record. */
export function mapMrk(text: string): CatalogDocument {
  return mapper.map(mrk(text));
}
