import { MarcRecord, type DataField, type Field, type Subfield } from '../../src/marc/record';
import type { Kind, SampleEntry, SampleSection } from './samples-data/sample-entry';
import {
  callNumberSubfields,
  closeSentence,
  closeWith,
  directOrder,
  extentSubfields,
  field,
  genreField,
  imprintSubfields,
  nameField,
  nonFiling,
  parseCoded,
  punctuateName,
  sf,
  subjectField,
  titleSubfields,
} from './samples-fields';
import {
  ATLAS_007,
  CYLINDER_007,
  DVD_007,
  MAP_007,
  ONLINE_006,
  ONLINE_007,
  datesFor,
  disc007,
  field008,
  leaderFor,
  rdaTypes,
} from './samples-fixed';
import { lccnFor, oclcFor, recordDates, withIsbnCheck, withIssnCheck } from './samples-ids';
import { linkVernacular } from './samples-vernacular';

/** The MARC organization code the samples are catalogued under (003, 040). */
export const ORG = 'StKS';

const RELATOR: Partial<Record<Kind, string>> = {
  book: 'author',
  map: 'cartographer',
  atlas: 'cartographer',
  score: 'composer',
  music: 'composer',
  spoken: 'speaker',
};

/** One sample entry → one MARC 21 record, fields in tag order, 880s last. */
export function buildRecord(entry: SampleEntry, section: SampleSection, controlNumber: string): MarcRecord {
  const kind = entry.kind ?? section.kind;
  const { entered, changed } = recordDates(controlNumber);
  const lit = entry.lit ?? section.lit ?? '0';
  const fields: Field[] = [
    { tag: '001', value: controlNumber },
    { tag: '003', value: ORG },
    { tag: '005', value: changed },
    ...carrierFields(entry, kind),
    { tag: '008', value: field008(entry, kind, entered, lit) },
    ...identifierFields(entry, kind, controlNumber),
    ...classificationFields(entry),
    ...titleFields(entry, kind),
    ...descriptionFields(entry, kind),
    ...noteFields(entry, kind),
    ...entry.su.map(subjectField),
    ...(entry.gf ?? []).map(genreField),
    ...addedEntryFields(entry),
    ...linkFields(entry, kind),
  ];
  return new MarcRecord(leaderFor(kind), linkVernacular(fields, entry));
}

function carrierFields(entry: SampleEntry, kind: Kind): Field[] {
  if (kind === 'database' || kind === 'website' || (entry.url && kind === 'serial'))
    return [
      { tag: '006', value: ONLINE_006 },
      { tag: '007', value: ONLINE_007 },
    ];
  if (kind === 'software') return [{ tag: '007', value: DVD_007 }];
  if (kind === 'map') return [{ tag: '007', value: MAP_007 }];
  if (kind === 'atlas') return [{ tag: '007', value: ATLAS_007 }];
  if (kind === 'music' || kind === 'spoken') {
    if (/cylinder/.test(entry.ext)) return [{ tag: '007', value: CYLINDER_007 }];
    const electrical = Number(datesFor(kind, entry.pub[2]).d1) >= 1925;
    return [{ tag: '007', value: disc007(electrical, String(entry.size).startsWith('12') ? 12 : 10) }];
  }
  return [];
}

function identifierFields(entry: SampleEntry, kind: Kind, id: string): DataField[] {
  const year = Number(datesFor(kind, entry.pub[2], entry.copy).d1);
  const out: DataField[] = [];
  // LC did not number commercial sound recordings of this era, so they get no LCCN.
  const numbered = Number.isFinite(year) && kind !== 'music' && kind !== 'spoken';
  const lccn = numbered ? lccnFor(id, year, kind === 'serial' || kind === 'newspaper') : undefined;
  if (lccn) out.push(field('010', ' ', ' ', [sf('a', lccn)]));
  if (entry.isbn) {
    const subs = [sf('a', withIsbnCheck(entry.isbn))];
    if (entry.isbnQ) subs.push(sf('q', entry.isbnQ));
    out.push(field('020', ' ', ' ', subs));
  }
  if (entry.issn) out.push(field('022', '0', ' ', [sf('a', withIssnCheck(entry.issn))]));
  if (entry.pubno) {
    const [number, source, inds] = entry.pubno;
    out.push(field('028', inds[0]!, inds[1]!, [sf('a', number), sf('b', source)]));
  }
  if (entry.scale) out.push(field('034', '1', ' ', [sf('a', 'a'), sf('b', String(entry.scale))]));
  out.push(field('035', ' ', ' ', [sf('a', oclcFor(id, Number.isFinite(year) ? year : 1990))]));
  out.push(field('040', ' ', ' ', [sf('a', ORG), sf('b', 'eng'), sf('e', 'rda'), sf('c', ORG)]));
  if (entry.orig) out.push(field('041', '1', ' ', [sf('a', entry.lang ?? 'eng'), sf('h', entry.orig)]));
  if (entry.langs)
    out.push(
      field(
        '041',
        '0',
        ' ',
        entry.langs.map((l) => sf('a', l)),
      ),
    );
  return out;
}

function classificationFields(entry: SampleEntry): DataField[] {
  const lc = entry.lc ? callNumberSubfields(entry.lc) : undefined;
  const out: DataField[] = [];
  if (lc && !entry.localLc) out.push(field('050', '0', '0', lc));
  if (entry.dw) out.push(field('082', '0', '4', [sf('a', entry.dw), sf('2', '23')]));
  if (lc && entry.localLc) out.push(field('090', ' ', ' ', lc));
  return out;
}

function titleFields(entry: SampleEntry, kind: Kind): DataField[] {
  const out: DataField[] = [];
  const main = entry.by ?? (entry.corp ? `2:${entry.corp}` : undefined);
  if (main) out.push(nameField('100', main, RELATOR[kind]));
  const lang = entry.tl ?? entry.lang ?? 'eng';
  if (entry.ut) out.push(preferredTitle(entry.ut, entry.orig ?? lang, Boolean(main)));
  const resp = entry.resp ?? defaultStatement(entry, kind);
  const ind1 = main || entry.ut ? '1' : '0';
  const ind2 = String(entry.nf ?? nonFiling(entry.t, lang));
  out.push(field('245', ind1, ind2, titleSubfields({ ...entry, resp })));
  for (const alt of entry.alt ?? []) out.push(field('246', '3', ' ', [sf('a', alt)]));
  if (entry.ed) out.push(field('250', ' ', ' ', [sf('a', closeWith(entry.ed, '.'))]));
  return out;
}

/**
 * "/ Jane Austen" for a book whose entry gives no statement; none when the title page names no one
 * (an anonymous first edition) or the title already names the author ("Essais de ... Montaigne").
 */
function defaultStatement(entry: SampleEntry, kind: Kind): string | undefined {
  if (!entry.by || kind !== 'book') return undefined;
  if (entry.notes?.some((n) => /anonymous/i.test(n))) return undefined;
  const surname = parseCoded(entry.by)[0]!.value.split(',')[0]!;
  return entry.t.includes(surname) ? undefined : directOrder(entry.by);
}

/** 240 under a name main entry (ind2 non-filing), or 130 main entry of an anonymous work (ind1). */
function preferredTitle(ut: string, lang: string, underName: boolean): DataField {
  const subs = parseCoded(ut);
  const skip = String(nonFiling(subs[0]!.value, lang));
  return underName ? field('240', '1', skip, subs) : field('130', skip, ' ', subs);
}

function scaleField(entry: SampleEntry): DataField {
  const text =
    entry.scaleText ?? (entry.scale ? `Scale 1:${entry.scale.toLocaleString('en-US')}` : 'Scale not given');
  const subs: Subfield[] = [sf('a', entry.proj ? `${text} ;` : closeWith(text, '.'))];
  if (entry.proj) subs.push(sf('b', closeWith(entry.proj, '.')));
  return field('255', ' ', ' ', subs);
}

function descriptionFields(entry: SampleEntry, kind: Kind): DataField[] {
  const out: DataField[] = [];
  if (kind === 'map' || kind === 'atlas') out.push(scaleField(entry));
  const [place, publisher, date] = entry.pub;
  out.push(field('264', ' ', '1', imprintSubfields(place, publisher, date)));
  if (entry.copy) out.push(field('264', ' ', '4', [sf('c', `©${entry.copy}`)]));
  out.push(field('300', ' ', ' ', extentSubfields(entry.ext, entry.ill, entry.size, Boolean(entry.ser))));
  if (entry.freq) out.push(field('310', ' ', ' ', [sf('a', entry.freq[1])]));
  out.push(...rdaFields(kind, entry));
  if (entry.seq) out.push(field('362', '1', ' ', [sf('a', closeSentence(entry.seq))]));
  if (entry.medium)
    out.push(
      field(
        '382',
        '0',
        ' ',
        entry.medium.map((m) => sf('a', m)),
      ),
    );
  if (entry.ser) {
    const [title, number] = entry.ser;
    out.push(field('490', '1', ' ', number ? [sf('a', `${title} ;`), sf('v', number)] : [sf('a', title)]));
  }
  return out;
}

function rdaFields(kind: Kind, entry: SampleEntry): DataField[] {
  const cylinder = /cylinder/.test(entry.ext);
  const types = rdaTypesFor(kind, cylinder);
  const sources = ['rdacontent', 'rdamedia', 'rdacarrier'];
  return types.map(([term, code], i) =>
    field(String(336 + i), ' ', ' ', [sf('a', term), sf('b', code), sf('2', sources[i]!)]),
  );
}

/** The table by kind, except that a cylinder is a carrier of its own. */
function rdaTypesFor(kind: Kind, cylinder: boolean): [string, string][] {
  const types = rdaTypes(kind);
  if (cylinder) types[2] = ['audio cylinder', 'se'];
  return types;
}

function noteFields(entry: SampleEntry, kind: Kind): DataField[] {
  const out: DataField[] = [];
  const note = (tag: string, text: string, ind1 = ' '): DataField =>
    field(tag, ind1, ' ', [sf('a', closeSentence(text))]);
  for (const text of entry.notes ?? []) out.push(note('500', text));
  if (entry.bib) out.push(note('504', entry.bib));
  if (entry.cont) out.push(note('505', entry.cont, '0'));
  if (entry.perf) out.push(note('511', entry.perf, '0'));
  if (entry.rec) out.push(note('518', entry.rec));
  if (entry.sum) out.push(note('520', entry.sum));
  if (kind === 'database' || kind === 'website' || entry.url)
    out.push(note('538', 'Mode of access: World Wide Web'));
  return out;
}

function addedEntryFields(entry: SampleEntry): DataField[] {
  const out: DataField[] = [];
  for (const [name, title] of entry.analytics ?? []) {
    const subs = punctuateName([...parseCoded(name), sf('t', title)]);
    out.push(field('700', subs[0]!.value.includes(',') ? '1' : '0', '2', subs));
  }
  for (const heading of entry.add ?? []) out.push(nameField('700', heading));
  return out;
}

function linkFields(entry: SampleEntry, kind: Kind): DataField[] {
  const out: DataField[] = [];
  if (entry.prev) out.push(field('780', '0', '0', [sf('t', entry.prev)]));
  if (entry.next) out.push(field('785', '0', '0', [sf('t', entry.next)]));
  if (entry.ser) {
    const [title, number] = entry.ser;
    const subs = number
      ? [sf('a', `${title} ;`), sf('v', closeWith(number, '.'))]
      : [sf('a', closeWith(title, '.'))];
    out.push(field('830', ' ', String(nonFiling(title, entry.tl ?? entry.lang ?? 'eng')), subs));
  }
  if (entry.url) {
    const integrating = kind === 'database' || kind === 'website' || kind === 'software';
    const subs = [sf('u', entry.url)];
    if (entry.linkText) subs.push(sf('y', entry.linkText));
    out.push(field('856', '4', integrating ? '0' : '1', subs));
  }
  return out;
}
