import { isDataField, type DataField, type Field, type Subfield } from '../../src/marc/record';
import type { SampleEntry, VernacularEntry } from './samples-data/sample-entry';
import { field, imprintSubfields, parseCoded, punctuateName, sf, titleSubfields } from './samples-fields';

/**
 * Adds the 880 alternate-script fields of an entry and the $6 linkage both ways: the romanised
 * field gets `$6 880-NN` first, its 880 `$6 TAG-NN/SCRIPT` (with `/r` for Hebrew and Arabic),
 * numbered in the order of the linked fields, as LC records have them. 880s go after every other
 * field.
 */
export function linkVernacular(fields: Field[], entry: SampleEntry): Field[] {
  const v = entry.v;
  if (!v) return fields;
  const alternates: DataField[] = [];
  const out = fields.map((f) => {
    if (!isDataField(f)) return f;
    const subfields = vernacularSubfields(f, v);
    if (!subfields) return f;
    const occurrence = String(alternates.length + 1).padStart(2, '0');
    const direction = v.script === '(2' || v.script === '(3' ? '/r' : '';
    alternates.push(
      field('880', f.ind1, f.tag === '245' ? '0' : f.ind2, [
        sf('6', `${f.tag}-${occurrence}/${v.script}${direction}`),
        ...subfields,
      ]),
    );
    return { ...f, subfields: [sf('6', `880-${occurrence}`), ...f.subfields] };
  });
  return [...out, ...alternates];
}

/** The script form of a linked field, or undefined when the entry has none for it. */
function vernacularSubfields(f: DataField, v: VernacularEntry): Subfield[] | undefined {
  if ((f.tag === '100' || f.tag === '110') && v.name) return vernacularName(f, v.name);
  if (f.tag === '245') return titleSubfields({ t: v.title, st: v.sub, resp: v.resp });
  if (f.tag === '264' && f.ind2 === '1' && (v.place || v.pub)) {
    const roman = (code: string): string =>
      (f.subfields.find((s) => s.code === code)?.value ?? '').replace(/ ?[:,.]$/, '');
    return imprintSubfields(v.place ?? roman('a'), v.pub ?? roman('b'), roman('c') || '[n.d.]');
  }
  return undefined;
}

/** The name in its script; dates and relator, which are not transliterated, come from the heading. */
function vernacularName(f: DataField, name: string): Subfield[] {
  const subs = parseCoded(name);
  for (const s of f.subfields) {
    if (s.code !== 'd' && s.code !== 'e') continue;
    if (!subs.some((x) => x.code === s.code)) subs.push(sf(s.code, s.value.replace(/[,.]$/, '')));
  }
  return punctuateName(subs);
}
