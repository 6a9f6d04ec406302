/**
 * What the mapping rules make of a MARC record: the fields a catalog searches, facets, sorts,
 * browses and shows. Plain data, the same for every backend; the store keeps it beside the MARC.
 * Repeatable things are arrays (empty when absent); single things are optional.
 */
export interface CatalogDocument {
  /** Stable record id: 001 qualified by 003 when present (`(OCoLC)12345`), else a content hash. */
  id: string;
  /** The 001 value as given. */
  controlNumber?: string;
  /**
   * Ids of incoming records that were overlaid onto this one by `--match` (their own 001/003 id,
   * or content hash): the store keeps them as `id` identifiers, so loading the same file again,
   * with or without `--match`, lands on this record instead of creating a duplicate.
   */
  alternateIds?: string[];
  /** Leader/05 is `d`: the record asks to be deleted. */
  deleted: boolean;
  /** Leader/06 and /07, kept for format rules and display. */
  recordType: string;
  bibLevel: string;

  title?: string;
  subtitle?: string;
  responsibility?: string;
  /** Title without non-filing characters (245 ind2), case-folded and punctuation-trimmed, for sorting. */
  titleSort?: string;
  alternativeTitles: string[];

  authors: Author[];
  subjects: Subject[];
  /** Facet values from the subject headings. */
  topics: string[];
  genres: string[];
  geographic: string[];
  eras: string[];

  isbns: Isbn[];
  issns: Issn[];
  lccns: Lccn[];
  /** OCLC numbers, digits only, leading zeros dropped (035 (OCoLC)/ocm/ocn/on, 019). */
  oclcNumbers: string[];

  publishers: string[];
  places: string[];
  /** Dates as printed (260/264 $c). */
  publicationDates: string[];
  /** From 008/07–10 (and /11–14), else the first 4-digit year in 260/264 $c. */
  year?: number;
  yearEnd?: number;

  /** MARC language codes (008/35–37, 041). */
  languages: string[];
  /** Controlled list: Book, eBook, Journal, Newspaper, Map, Score, Sound recording, … */
  formats: string[];
  physicalDescription: string[];
  series: string[];
  summary: string[];
  contents: string[];
  links: Link[];
  callNumbers: CallNumber[];
  /**
   * The library's own facet values (a local collection, a local heading): filled only by a profile
   * that maps fields to `local` (ingest/profile/local-fields.profile.json takes 69X and 9XX $a);
   * the default profile leaves it empty.
   */
  local: string[];

  /** Values from 880 alternate-script fields, by the family of their linked field, searched beside it. */
  vernacular: Vernacular;
}

export interface Author {
  name: string;
  dates?: string;
  /** Relator terms ($e, $j) and codes ($4), as given. */
  roles: string[];
  kind: 'person' | 'corporate' | 'meeting';
  /** 1XX main entry, not a 7XX added entry. */
  primary: boolean;
  /** The heading as filed in the author browse index: name, dates. */
  heading: string;
}

export interface Subject {
  /** Full heading, subdivisions joined with ` -- `. */
  heading: string;
  kind:
    | 'person'
    | 'corporate'
    | 'meeting'
    | 'title'
    | 'topic'
    | 'geographic'
    | 'genre'
    | 'chronological'
    | 'other';
  /** Thesaurus: from ind2 (lcsh, lcshac, mesh, nal, cash, rvm) or $2. */
  source?: string;
}

export interface Isbn {
  /** As in the record ($a or $z), before normalisation. */
  value: string;
  isbn13?: string;
  isbn10?: string;
  /** $q qualifier(s), e.g. "paperback". */
  qualifiers: string[];
  /** Checksum and length good. Invalid ones are kept, flagged. */
  valid: boolean;
  /** From $z: canceled or invalid in the record itself. */
  canceled: boolean;
}

export interface Issn {
  value: string;
  /** NNNN-NNNX, or undefined when it is not an ISSN. */
  normalized?: string;
  kind: 'issn' | 'incorrect' | 'canceled' | 'linking';
  valid: boolean;
}

export interface Lccn {
  value: string;
  /** LoC normalisation: prefix + year + 6-digit serial, no hyphen, no spaces. */
  normalized: string;
  canceled: boolean;
}

export interface Link {
  url: string;
  text?: string;
  /** From 856 ind2: 0 resource, 1 version of it, 2 related, 8 none displayed. */
  relationship: 'resource' | 'version' | 'related' | 'unspecified';
}

export interface CallNumber {
  value: string;
  scheme: 'lc' | 'dewey';
  /** Sorts bytewise in shelf order across one scheme; LC and Dewey keys never interleave. */
  shelfKey: string;
  /** Where it came from: 050, 090, 082, 092. */
  tag: string;
}

export interface Vernacular {
  title: string[];
  authors: string[];
  subjects: string[];
  publishers: string[];
  series: string[];
  other: string[];
}

/** A document with every required field at its empty value; the mapper fills it rule by rule, tests build on it. */
export function emptyDocument(): CatalogDocument {
  return {
    id: '',
    deleted: false,
    recordType: ' ',
    bibLevel: ' ',
    alternativeTitles: [],
    authors: [],
    subjects: [],
    topics: [],
    genres: [],
    geographic: [],
    eras: [],
    isbns: [],
    issns: [],
    lccns: [],
    oclcNumbers: [],
    publishers: [],
    places: [],
    publicationDates: [],
    languages: [],
    formats: [],
    physicalDescription: [],
    series: [],
    summary: [],
    contents: [],
    links: [],
    callNumbers: [],
    local: [],
    vernacular: { title: [], authors: [], subjects: [], publishers: [], series: [], other: [] },
  };
}

/**
 * A document as a store kept it, with every repeatable field a later version of the document added
 * filled in empty: a record stored before `local` existed is read (and reindexed) as having none.
 */
export function storedDocument(parsed: unknown): CatalogDocument {
  const doc = parsed as Partial<CatalogDocument>;
  return doc.local === undefined ? ({ ...doc, local: [] } as CatalogDocument) : (doc as CatalogDocument);
}
