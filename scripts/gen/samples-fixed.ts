import type { Kind, SampleEntry } from './samples-data/sample-entry';

/**
 * Leader, 006, 007 and 008 for each kind of sample, position by position as MARC 21 defines
 * them (https://www.loc.gov/marc/bibliographic/bd008.html). Each layout is built from named
 * pieces and checked for length, so a slip shows up as an error rather than a shifted field.
 */

const LEADER_TYPE: Readonly<Record<Kind, [string, string]>> = {
  book: ['a', 'm'],
  map: ['e', 'm'],
  atlas: ['e', 'm'],
  score: ['c', 'm'],
  music: ['j', 'm'],
  spoken: ['i', 'm'],
  serial: ['a', 's'],
  newspaper: ['a', 's'],
  database: ['a', 'i'],
  website: ['a', 'i'],
  software: ['m', 'm'],
};

/** Leader/05 n (new), /09 a (UCS), /17 blank (full level), /18 i (ISBD punctuation included). */
export function leaderFor(kind: Kind): string {
  const [type, level] = LEADER_TYPE[kind];
  return `00000n${type}${level} a2200000 i 4500`;
}

export interface Dates {
  type: string;
  d1: string;
  d2: string;
}

const CONTINUING: readonly Kind[] = ['serial', 'newspaper', 'database', 'website'];

/** 008/06–14 from the imprint date as printed, the copyright date and the kind of resource. */
export function datesFor(kind: Kind, date: string, copyright?: string): Dates {
  const years = [...date.matchAll(/\d{4}|\d{2}--/g)].map((m) => m[0].replace('--', 'uu'));
  const d1 = years[0] ?? 'uuuu';
  if (CONTINUING.includes(kind)) {
    const open = /-\]?$/.test(date.trim());
    return open ? { type: 'c', d1, d2: '9999' } : { type: 'd', d1, d2: years[1] ?? 'uuuu' };
  }
  if (years.length > 1 && years[1] !== d1) return { type: 'm', d1, d2: years[1]! };
  if (d1.includes('u')) return { type: 'q', d1: d1.replace(/u/g, '0'), d2: d1.replace(/u/g, '9') };
  if (copyright && copyright !== d1) return { type: 't', d1, d2: copyright };
  return { type: 's', d1, d2: '    ' };
}

const ILLUSTRATION_CODES: [RegExp, string][] = [
  [/illustration/, 'a'],
  [/\bmaps?\b/, 'b'],
  [/portrait/, 'c'],
  [/charts?/, 'd'],
  [/plans?\b/, 'e'],
  [/plates?/, 'f'],
  [/music/, 'g'],
  [/facsimile/, 'h'],
  [/genealogical/, 'j'],
  [/photograph/, 'o'],
];

function illustrations(ill?: string): string {
  let codes = '';
  for (const [pattern, code] of ILLUSTRATION_CODES) if (ill && pattern.test(ill)) codes += code;
  return codes.slice(0, 4).padEnd(4, ' ');
}

function fixed(parts: string[], length: number, what: string): string {
  const text = parts.join('');
  if (text.length !== length) throw new Error(`${what}: built ${text.length} characters, not ${length}`);
  return text;
}

/** 008/18–34 for books. */
function bookPositions(e: SampleEntry, lit: string): string[] {
  const contents = (e.bib ? 'b' : ' ').padEnd(4, ' ');
  const index = e.notes?.some((n) => /index/i.test(n)) || e.bib?.includes('index') ? '1' : '0';
  return [illustrations(e.ill), ' ', ' ', contents, ' ', '0', '0', index, ' ', lit, e.bio ?? ' '];
}

/** 008/18–34 for maps: relief, projection, type (a single map, e atlas), index. */
function mapPositions(e: SampleEntry, kind: Kind): string[] {
  const index = e.notes?.some((n) => /index/i.test(n)) ? '1' : '0';
  return ['    ', '  ', ' ', kind === 'atlas' ? 'e' : 'a', '  ', ' ', ' ', ' ', index, ' ', '  '];
}

/** 008/18–34 for scores and sound recordings: form of composition, format, parts, literary text. */
function musicPositions(e: SampleEntry, kind: Kind): string[] {
  const score = kind === 'score';
  const text = kind === 'spoken' ? (e.lit ?? 'l').padEnd(2, ' ') : '  ';
  const comp = kind === 'spoken' ? 'nn' : (e.comp ?? 'zz');
  return [
    comp,
    score ? (e.mfmt ?? 'a') : 'n',
    score ? (e.parts ?? ' ') : 'n',
    ' ',
    ' ',
    '      ',
    text,
    ' ',
    ' ',
    ' ',
  ];
}

/** 008/33 for serials: original alphabet or script of the title. */
const TITLE_SCRIPT: Readonly<Record<string, string>> = {
  '(N': 'c',
  $1: 'e',
  '(S': 'g',
  '(2': 'h',
  '(3': 'f',
};

/** 008/18–34 for continuing resources: frequency, regularity, type (p n d w), form, entry. */
function continuingPositions(e: SampleEntry, kind: Kind): string[] {
  const [freq] = e.freq ?? ['k'];
  const type = { serial: 'p', newspaper: 'n', database: 'd', website: 'w' }[kind as string] ?? 'p';
  const integrating = kind === 'database' || kind === 'website';
  const script =
    kind === 'serial' || kind === 'newspaper' ? (e.v ? (TITLE_SCRIPT[e.v.script] ?? 'z') : 'a') : ' ';
  const form = integrating || e.url ? 'o' : ' ';
  const regularity = freq === ' ' ? 'x' : 'r';
  return [
    freq,
    regularity,
    ' ',
    type,
    ' ',
    form,
    ' ',
    '   ',
    ' ',
    '0',
    '   ',
    script,
    integrating ? '2' : '0',
  ];
}

/** 008/18–34 for computer files: audience, form of item (q: direct electronic), type d (document). */
function computerPositions(): string[] {
  return ['    ', ' ', 'q', '  ', 'd', ' ', ' ', '      '];
}

function specificPositions(e: SampleEntry, kind: Kind, lit: string): string {
  switch (kind) {
    case 'book':
      return fixed(bookPositions(e, lit), 17, 'books 008/18-34');
    case 'map':
    case 'atlas':
      return fixed(mapPositions(e, kind), 17, 'maps 008/18-34');
    case 'score':
    case 'music':
    case 'spoken':
      return fixed(musicPositions(e, kind), 17, 'music 008/18-34');
    case 'software':
      return fixed(computerPositions(), 17, 'computer files 008/18-34');
    default:
      return fixed(continuingPositions(e, kind), 17, 'continuing resources 008/18-34');
  }
}

export function field008(e: SampleEntry, kind: Kind, entered: string, lit: string): string {
  const dates = datesFor(kind, e.pub[2], e.copy);
  const country = e.ctry.padEnd(3, ' ');
  return fixed(
    [
      entered,
      dates.type,
      dates.d1,
      dates.d2,
      country,
      specificPositions(e, kind, lit),
      e.lang ?? 'eng',
      ' ',
      'd',
    ],
    40,
    '008',
  );
}

/** 006 for the electronic aspects of an online text resource, and 007 for its carrier. */
export const ONLINE_006 = 'm     o  d        ';
export const ONLINE_007 = 'cr |||||||||||';
/** A coarse-groove 78 rpm shellac disc, mono, lateral cut, 10 in., acoustic or electrical. */
export function disc007(electrical: boolean, inches: 10 | 12): string {
  return `sd dms${inches === 10 ? 'd' : 'e'}nnmsln${electrical ? 'b' : 'a'}`;
}
/** A wax cylinder at 160 rpm, mono, hill-and-dale cut, acoustic. */
export const CYLINDER_007 = 'se imunnnmwhna';
/** A 4 3/4 in. optical disc (DVD-ROM), colour, no sound. */
export const DVD_007 = 'co cg ||||||||';
export const MAP_007 = 'aj canzn';
export const ATLAS_007 = 'ad canzn';

/** 336/337/338 (RDA content, media, carrier) by kind. */
export function rdaTypes(kind: Kind): [string, string][] {
  const content: Record<Kind, [string, string]> = {
    book: ['text', 'txt'],
    serial: ['text', 'txt'],
    newspaper: ['text', 'txt'],
    database: ['text', 'txt'],
    website: ['text', 'txt'],
    software: ['text', 'txt'],
    map: ['cartographic image', 'cri'],
    atlas: ['cartographic image', 'cri'],
    score: ['notated music', 'ntm'],
    music: ['performed music', 'prm'],
    spoken: ['spoken word', 'spw'],
  };
  const online = kind === 'database' || kind === 'website';
  const media: [string, string] = online || kind === 'software' ? ['computer', 'c'] : ['unmediated', 'n'];
  const audio = kind === 'music' || kind === 'spoken';
  const carrier: [string, string] = online
    ? ['online resource', 'cr']
    : kind === 'software'
      ? ['computer disc', 'cd']
      : audio
        ? ['audio disc', 'sd']
        : kind === 'map'
          ? ['sheet', 'nb']
          : ['volume', 'nc'];
  return [content[kind], audio ? ['audio', 's'] : media, carrier];
}
