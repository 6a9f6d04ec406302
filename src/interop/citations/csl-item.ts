/**
 * The part of CSL-JSON (the Citation Style Language's data schema, csl-data.json of CSL 1.0.2)
 * that Stacks writes: what a catalog record can say about itself. Fields not listed here are never
 * produced; see docs/interop.md, "Citations", for what each one comes from.
 */
export interface CslItem {
  id: string;
  type: CslType;
  /** The BibTeX key: the record id in letters and digits, so a page's keys stay distinct. */
  'citation-key'?: string;
  title?: string;
  author?: CslName[];
  editor?: CslName[];
  translator?: CslName[];
  illustrator?: CslName[];
  composer?: CslName[];
  director?: CslName[];
  compiler?: CslName[];
  performer?: CslName[];
  producer?: CslName[];
  narrator?: CslName[];
  edition?: string;
  publisher?: string;
  'publisher-place'?: string;
  issued?: CslDate;
  ISBN?: string;
  ISSN?: string;
  'collection-title'?: string;
  'collection-number'?: string;
  URL?: string;
  DOI?: string;
  'number-of-pages'?: string;
  'number-of-volumes'?: string;
  language?: string;
  genre?: string;
  'call-number'?: string;
}

/** A person as family and given name; a body, a meeting or a single-name person as a literal. */
export type CslName = { family: string; given?: string } | { literal: string };

/** One year, or a range of two (`[[1868], [1869]]`). */
export interface CslDate {
  'date-parts': [[number]] | [[number], [number]];
}

export type CslType =
  | 'book'
  | 'chapter'
  | 'article-journal'
  | 'periodical'
  | 'thesis'
  | 'map'
  | 'musical_score'
  | 'song'
  | 'motion_picture'
  | 'graphic'
  | 'software'
  | 'webpage'
  | 'collection'
  | 'document';

/** The name variables a relator can put a person under (CSL 1.0.2). */
export type CslNameRole =
  | 'author'
  | 'editor'
  | 'translator'
  | 'illustrator'
  | 'composer'
  | 'director'
  | 'compiler'
  | 'performer'
  | 'producer'
  | 'narrator';
