/**
 * The format decision table, as data (docs/mapping.md shows it as a table). Leader/06 decides the
 * primary format; the 008 and 007 refine it; a few qualifiers (Manuscript, Thesis, Microform) add
 * a second format. Values are the controlled list below and nothing else.
 */
export const FORMATS = [
  'Book',
  'eBook',
  'Article',
  'Journal',
  'Newspaper',
  'Serial',
  'Database',
  'Website',
  'Map',
  'Score',
  'Sound recording',
  'Music recording',
  'Video',
  'Image',
  'Computer file',
  'Kit',
  'Object',
  'Archival material',
  'Manuscript',
  'Thesis',
  'Microform',
  'Other',
] as const;

export type Format = (typeof FORMATS)[number];

/** Leader/06 → primary format, for every type but language material (a, t), which has its own rules. */
export const FORMAT_BY_TYPE: Readonly<Record<string, Format>> = {
  c: 'Score',
  d: 'Score',
  e: 'Map',
  f: 'Map',
  g: 'Video',
  i: 'Sound recording',
  j: 'Music recording',
  k: 'Image',
  m: 'Computer file',
  o: 'Kit',
  p: 'Archival material',
  r: 'Object',
};

/** Leader/06 values that are manuscripts of their kind (t text, d music, f maps). */
export const MANUSCRIPT_TYPES = 'dft';

/** Serials and integrating resources (leader/07 s, i): 008/21, type of continuing resource. */
export const FORMAT_BY_CONTINUING_TYPE: Readonly<Record<string, Format>> = {
  n: 'Newspaper',
  p: 'Journal',
  d: 'Database',
  w: 'Website',
  m: 'Serial',
  l: 'Serial',
};

/** 008/21 blank or unknown: a serial (s) is taken for a journal, an integrating resource (i) for a serial. */
export const CONTINUING_DEFAULT: Readonly<Record<string, Format>> = { s: 'Journal', i: 'Serial' };

/** Projected media (leader/06 g), 008/33: filmstrips, slides and transparencies are images, the rest video. */
export const STILL_IMAGE_VISUALS = 'fst';

/** 008/23 (books, music, serials, mixed) or 008/29 (maps, visual): form of item. */
export const ONLINE_FORMS = 'oqs';
export const MICROFORM_FORMS = 'abc';

/** Leader/06 values whose 008 carries form of item at /29 instead of /23. */
export const FORM_AT_29 = 'efgkor';

/** 007/00 (category of material) → format, for records whose leader/06 says nothing usable. */
export const FORMAT_BY_007: Readonly<Record<string, Format>> = {
  a: 'Map',
  c: 'Computer file',
  d: 'Map',
  g: 'Image',
  h: 'Microform',
  k: 'Image',
  m: 'Video',
  o: 'Kit',
  q: 'Score',
  s: 'Sound recording',
  t: 'Book',
  v: 'Video',
};

/** 008/24–27 (books): nature of contents; m is a thesis. */
export const THESIS_CONTENT = 'm';
