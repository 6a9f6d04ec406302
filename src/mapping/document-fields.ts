import type { OutputKind } from './macros/macro';
import type { DocumentField } from './profile';

/**
 * What each CatalogDocument field holds, so the compiler can refuse a rule that would put the
 * wrong kind of value there. `satisfies` keeps this table complete when the document grows.
 */
export type FieldKind = 'string' | OutputKind;

export const FIELD_KINDS = {
  id: 'string',
  controlNumber: 'string',
  deleted: 'boolean',
  recordType: 'string',
  bibLevel: 'string',
  title: 'string',
  subtitle: 'string',
  responsibility: 'string',
  titleSort: 'string',
  alternativeTitles: 'strings',
  authors: 'authors',
  subjects: 'subjects',
  topics: 'strings',
  genres: 'strings',
  geographic: 'strings',
  eras: 'strings',
  isbns: 'isbns',
  issns: 'issns',
  lccns: 'lccns',
  oclcNumbers: 'strings',
  publishers: 'strings',
  places: 'strings',
  publicationDates: 'strings',
  year: 'number',
  yearEnd: 'number',
  languages: 'strings',
  formats: 'strings',
  physicalDescription: 'strings',
  series: 'strings',
  summary: 'strings',
  contents: 'strings',
  links: 'links',
  callNumbers: 'callNumbers',
  local: 'strings',
  vernacular: 'vernacular',
} as const satisfies Record<DocumentField, FieldKind>;

/** A rule's values (string lists, or a macro's kind) can go into a field of this kind. */
export function accepts(field: FieldKind, produced: OutputKind): boolean {
  if (field === 'string') return produced === 'strings';
  return field === produced;
}
