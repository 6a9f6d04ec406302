/**
 * The compact form in which the bundled sample catalog is written by hand. The generator
 * (scripts/gen/samples.ts) turns each entry into a full MARC 21 record, so the data files hold
 * only bibliographic facts and the MARC conventions (ISBD punctuation, fixed fields, 33X, $6
 * linkage, check digits) live in one place.
 *
 * Headings and subject strings use `$` + code to start each subfield after the first, which is $a:
 * `'Austen, Jane$d1775-1817'`, `'Courtship$zEngland$vFiction'`. Name punctuation (the comma before
 * $c $d $e, the closing period) and the closing period of headings are added by the generator.
 */

/** What the record describes; decides leader/06–07, the 008 layout, 33X and defaults. */
export type Kind =
  | 'book'
  | 'map'
  | 'atlas'
  | 'score'
  | 'music' // musical sound recording, leader/06 j
  | 'spoken' // nonmusical sound recording, leader/06 i
  | 'serial'
  | 'newspaper'
  | 'database' // integrating resource, 008/21 d
  | 'website' // integrating resource, 008/21 w
  | 'software'; // computer file on a carrier, leader/06 m

/** MARC-8 script identification codes used in 880 $6: Cyrillic, CJK, Greek, Hebrew, Arabic. */
export type ScriptCode = '(N' | '$1' | '(S' | '(2' | '(3';

/** The same description in the original script, for the 880s beside 100, 245 and 264. */
export interface VernacularEntry {
  script: ScriptCode;
  /** 100 $a (and $c, $q …) in the script; dates and relator are taken from the romanised heading. */
  name?: string;
  title: string;
  sub?: string;
  resp?: string;
  place?: string;
  pub?: string;
}

export interface SampleEntry {
  kind?: Kind;
  /** 100 main entry (personal name heading). */
  by?: string;
  /** 110 main entry (corporate name heading, direct order). */
  corp?: string;
  /**
   * Preferred title, punctuated as it is to appear: `'Voĭna i mir.$lEnglish'`. A 240 under a 1XX;
   * the 130 main entry of an anonymous work (`'Arabian nights.$lEnglish'`) when there is none.
   */
  ut?: string;
  /** 245 $a, $b, $n, $p and $c, without the ISBD marks between them. */
  t: string;
  st?: string;
  /** 245 $n number and $p name of a part. */
  part?: string;
  pname?: string;
  resp?: string;
  /** Non-filing characters, when the article rule for the language would get it wrong. */
  nf?: number;
  /** Language of the title, when it is not the item's (a score with a German title page). */
  tl?: string;
  /** 246 varying forms of title (ind1 1, ind2 blank: displayed, no type). */
  alt?: string[];
  ed?: string;
  /** 264 _1: place, publisher, date as printed (`'[1925]'`, `'1868-1869'`, `'1857-1971'`). */
  pub: [string, string, string];
  /** 264 _4 copyright year, when the piece gives one. */
  copy?: string;
  /** 300 $a, $b, $c. `size` is centimetres unless it is a string. */
  ext: string;
  ill?: string;
  size?: number | string;
  /** 490 1_ / 830 _0: series title and number. */
  ser?: [string, string?];
  notes?: string[];
  /** 504 bibliography note. */
  bib?: string;
  /** 505 0_ formatted contents, items separated by ` -- `. */
  cont?: string;
  /** 520 summary. */
  sum?: string;
  /** 6XX: `'650 …'` is the default tag; `'600 …'`, `'610 …'`, `'630 …'`, `'651 …'` as prefixed. */
  su: string[];
  /** 655 _7 genre/form terms from LCGFT. */
  gf?: string[];
  /** LC call number; the 050 $a/$b split is at `|` if given, else at the first space. */
  lc?: string;
  /** Put the LC number in 090 (locally assigned) instead of 050. */
  localLc?: boolean;
  /** Dewey number for 082 04 ($2 23). */
  dw?: string;
  /** 008/35–37; default eng. */
  lang?: string;
  /** Original language(s) of a translation: 041 1_ $a lang $h orig. */
  orig?: string;
  /** 041 0_ $a for several languages in the item (e.g. a bilingual text: `['grc', 'eng']`). */
  langs?: string[];
  /** 008/15–17 place code (`enk`, `nyu`, `fr `, `ru `…); padded to three. */
  ctry: string;
  /** ISBN without its check digit (9 or 12 digits); the generator computes the check digit. */
  isbn?: string;
  isbnQ?: string;
  /** ISSN without its check digit: `'0028-083'`. */
  issn?: string;
  /** 7XX added entries: `'Garnett, Constance$d1861-1946$etranslator'`; prefix `'2:'` for a corporate body. */
  add?: string[];
  /** 700 12 analytical name/title entries: `['Shakespeare, William$d1564-1616', 'Hamlet']`. */
  analytics?: [string, string][];
  /** 008/33 literary form (books) or 008/30–31 literary text (sound recordings). */
  lit?: string;
  /** 008/34 biography. */
  bio?: string;
  v?: VernacularEntry;

  // Cartographic material
  /** Representative fraction denominator, for 034 and 255. */
  scale?: number;
  /** 255 $a as written, when the scale is not a plain fraction. */
  scaleText?: string;
  /** 255 $b projection. */
  proj?: string;

  // Music
  /** 008/18–19 form of composition. */
  comp?: string;
  /** 008/20 format of music. */
  mfmt?: string;
  /** 008/21 music parts. */
  parts?: string;
  /** 028: publisher or plate/issue number and its source: `['88061', 'Victor', '02']`. */
  pubno?: [string, string, string];
  /** 511 participant or performer note. */
  perf?: string;
  /** 518 date/time and place of an event note. */
  rec?: string;
  /** 382 medium of performance terms. */
  medium?: string[];

  // Continuing resources
  /** 008/18 frequency; 310 text. */
  freq?: [string, string];
  /** 362 1_ dates of publication and/or sequential designation. */
  seq?: string;
  /** 780 00 / 785 00 preceding and succeeding titles. */
  prev?: string;
  next?: string;

  // Online resources
  url?: string;
  linkText?: string;
}

/** One genre file of entries and the number its ids start after (`stk` + base + position). */
export interface SampleSection {
  name: string;
  base: number;
  kind: Kind;
  /** 008/33 literary form for the section's books unless an entry says otherwise. */
  lit?: string;
  entries: SampleEntry[];
}
