import type { DataField, Subfield } from '../../src/marc/record';

/**
 * Field-level helpers for the sample generator: the compact `$`-coded strings of the data files
 * become subfields, with ISBD and name punctuation added the way LC/PCC records carry it.
 */

export function field(tag: string, ind1: string, ind2: string, subfields: Subfield[]): DataField {
  return { tag, ind1, ind2, subfields };
}

export function sf(code: string, value: string): Subfield {
  return { code, value };
}

/** `'Austen, Jane$d1775-1817'` → $a Austen, Jane / $d 1775-1817 (no punctuation added). */
export function parseCoded(text: string): Subfield[] {
  const [first, ...rest] = text.split('$');
  const out: Subfield[] = [sf('a', first!)];
  for (const part of rest) out.push(sf(part[0]!, part.slice(1)));
  return out;
}

const CLOSED = /[.?!)\]-]$/;

/** Adds the mark unless the value already ends in punctuation that does the job. */
export function closeWith(value: string, mark: string): string {
  if (mark === '.' && CLOSED.test(value)) return value;
  if (mark === ',' && /[,-]$/.test(value)) return value;
  if (mark === '.' && value.endsWith(',')) return value.slice(0, -1) + '.';
  return value + mark;
}

/** Notes and titles close with a period even after a parenthesis or quotation: only . ? ! end them. */
export function closeSentence(value: string): string {
  return /[.?!]$/.test(value) ? value : value + '.';
}

/** Name subfields ($c $d $e follow a comma, $t a period); the heading closes with a period. */
export function punctuateName(subfields: Subfield[], close = true): Subfield[] {
  const out = subfields.map((s) => ({ ...s }));
  for (let i = 0; i < out.length - 1; i++) {
    const next = out[i + 1]!.code;
    // "Hamlet $c (Legendary character)" takes no comma: the qualifier is in parentheses.
    const qualifier = next === 'c' && out[i + 1]!.value.startsWith('(');
    if ('cde'.includes(next) && !qualifier) out[i]!.value = closeWith(out[i]!.value, ',');
    if (next === 't') out[i]!.value = closeWith(out[i]!.value, '.');
  }
  const last = out[out.length - 1]!;
  if (close) last.value = closeWith(last.value, '.');
  return out;
}

/** A 1XX/7XX heading with its relator: `'Tolstoy, Leo$cgraf$d1828-1910'` + author. */
export function nameField(tag: string, heading: string, relator?: string): DataField {
  const corporate = heading.startsWith('2:');
  const text = corporate ? heading.slice(2) : heading;
  const subs = parseCoded(text);
  if (relator && !subs.some((s) => s.code === 'e')) subs.push(sf('e', relator));
  const ind1 = corporate ? '2' : subs[0]!.value.includes(',') ? '1' : '0';
  const nameTag = corporate ? tag[0] + '10' : tag;
  return field(nameTag, ind1, ' ', punctuateName(subs));
}

/** A subject string: optional tag prefix, name punctuation for 600/610, closing period. */
export function subjectField(text: string): DataField {
  const match = /^(6\d\d) (.*)$/.exec(text);
  const tag = match ? match[1]! : '650';
  const body = match ? match[2]! : text;
  let subs = parseCoded(body);
  if (tag === '600' || tag === '610') subs = punctuateName(subs, false);
  const last = subs[subs.length - 1]!;
  last.value = closeWith(last.value, '.');
  const ind1 = tag === '600' ? (subs[0]!.value.includes(',') ? '1' : '0') : tag === '610' ? '2' : ' ';
  return field(tag, tag === '630' ? '0' : ind1, '0', subs);
}

export function genreField(term: string): DataField {
  return field('655', ' ', '7', [sf('a', closeWith(term, '.')), sf('2', 'lcgft')]);
}

/** Direct order of an inverted personal name, for a default statement of responsibility. */
export function directOrder(heading: string): string {
  const a = parseCoded(heading.replace(/^2:/, ''))[0]!.value;
  const comma = a.indexOf(', ');
  return comma < 0 ? a : `${a.slice(comma + 2)} ${a.slice(0, comma)}`;
}

/** 245 (or its 880): $a title, $b subtitle, $n/$p part, $c statement, with ISBD marks. */
export interface TitleParts {
  t: string;
  st?: string;
  part?: string;
  pname?: string;
  resp?: string;
}

/** The ISBD mark that introduces a 245 subfield; `= ` opening $b makes it a parallel title. */
function markBefore(next: Subfield, previous: Subfield): string {
  if (next.code === 'b') return next.value.startsWith('= ') ? ' =' : ' :';
  if (next.code === 'c') return ' /';
  if (next.code === 'p' && previous.code === 'n') return ',';
  return '.';
}

/** 245 (or its 880): $a title, $b subtitle, $n/$p part, $c statement, with ISBD marks. */
export function titleSubfields({ t, st, part, pname, resp }: TitleParts): Subfield[] {
  const subs: Subfield[] = [sf('a', t)];
  if (st) subs.push(sf('b', st));
  if (part) subs.push(sf('n', part));
  if (pname) subs.push(sf('p', pname));
  if (resp) subs.push(sf('c', resp));
  for (let i = 0; i < subs.length - 1; i++) {
    const mark = markBefore(subs[i + 1]!, subs[i]!);
    subs[i]!.value = mark === '.' || mark === ',' ? closeWith(subs[i]!.value, mark) : subs[i]!.value + mark;
  }
  for (const s of subs) if (s.code === 'b' && s.value.startsWith('= ')) s.value = s.value.slice(2);
  const last = subs[subs.length - 1]!;
  last.value = closeSentence(last.value);
  return subs;
}

/** 264: $a place :, $b publisher ,, $c date. (an unbracketed date closes with a period). */
export function imprintSubfields(place: string, publisher: string, date: string): Subfield[] {
  return [
    sf('a', `${place} :`),
    sf('b', `${publisher},`),
    sf('c', /[\]-]$/.test(date) ? date : closeWith(date, '.')),
  ];
}

/** 300: $a extent :, $b other details ;, $c dimensions; closed with a period when a 490 follows. */
export function extentSubfields(
  ext: string,
  ill: string | undefined,
  size: number | string | undefined,
  series: boolean,
): Subfield[] {
  const dims = size === undefined ? undefined : typeof size === 'number' ? `${size} cm` : size;
  const subs: Subfield[] = [sf('a', ext)];
  if (ill) subs.push(sf('b', ill));
  if (dims) subs.push(sf('c', dims));
  for (let i = 0; i < subs.length - 1; i++) subs[i]!.value += subs[i + 1]!.code === 'b' ? ' :' : ' ;';
  const last = subs[subs.length - 1]!;
  if (series && /cm$|in$/.test(last.value)) last.value += '.';
  return subs;
}

/** Call number text → 050/090 $a and $b, split at `|` when given, else at the first space. */
export function callNumberSubfields(text: string): Subfield[] {
  const bar = text.indexOf('|');
  const cut = bar >= 0 ? bar : text.indexOf(' ');
  if (cut < 0) return [sf('a', text)];
  return [sf('a', text.slice(0, cut).trim()), sf('b', text.slice(cut + 1).trim())];
}

const ARTICLES: Readonly<Record<string, readonly string[]>> = {
  eng: ['The ', 'A ', 'An '],
  fre: ['Les ', 'Le ', 'La ', "L'", 'Un ', 'Une '],
  ger: ['Der ', 'Die ', 'Das ', 'Ein ', 'Eine '],
  spa: ['El ', 'La ', 'Los ', 'Las ', 'Un ', 'Una '],
  ita: ['Il ', 'Lo ', 'La ', 'I ', 'Gli ', 'Le ', "L'", 'Un ', 'Uno ', 'Una '],
  por: ['O ', 'A ', 'Os ', 'As ', 'Um ', 'Uma '],
  dut: ['De ', 'Het ', 'Een '],
};

/** 245/240 ind2: the initial article of the title's language and the characters it takes. */
export function nonFiling(title: string, lang: string): number {
  for (const article of ARTICLES[lang] ?? []) if (title.startsWith(article)) return article.length;
  return 0;
}
