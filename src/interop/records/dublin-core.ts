import type { CatalogDocument } from '../../domain/catalog-document';
import type { MarcRecord } from '../../marc/record';
import { XmlFragment } from './xml-writer';

export const DC_SCHEMA_URI = 'info:srw/schema/1/dc-v1.1';
const SRW_DC = 'info:srw/schema/1/dc-schema';
export const DC_NAMESPACE = 'http://purl.org/dc/elements/1.1/';

/**
 * The element the `dc:` elements sit in: each protocol names its own (SRU's `srw_dc:dc`,
 * OAI-PMH's `oai_dc:dc`); the elements inside are the same crosswalk.
 */
export interface DcContainer {
  name: string;
  attrs: Record<string, string>;
}

export const SRW_DC_CONTAINER: DcContainer = {
  name: 'srw_dc:dc',
  attrs: { 'xmlns:srw_dc': SRW_DC, 'xmlns:dc': DC_NAMESPACE },
};

/**
 * Simple Dublin Core from a record, after the main elements of LoC's MARC to Dublin Core
 * crosswalk (https://www.loc.gov/marc/marc2dc.html): what mapping made of the record where it
 * already holds the element (title, creators, subjects, publisher, date, identifiers, language),
 * the MARC itself for the notes the document does not keep (description, rights, relation,
 * coverage) and leader/06 for the type.
 */
export function toDublinCore(
  record: MarcRecord,
  document: CatalogDocument,
  container: DcContainer = SRW_DC_CONTAINER,
): string {
  const xml = new XmlFragment();
  xml.open(container.name, container.attrs);
  const each = (name: string, values: readonly (string | undefined)[]) => {
    for (const v of values) if (v !== undefined && v.trim() !== '') xml.element(`dc:${name}`, v.trim());
  };
  each('title', [fullTitle(document)]);
  each('creator', document.authors.filter((a) => !isContributor(a.roles)).map(authorName));
  each('contributor', document.authors.filter((a) => isContributor(a.roles)).map(authorName));
  each(
    'subject',
    document.subjects.map((s) => s.heading),
  );
  each('description', subfieldText(record, ['5XX'], ['506', '530', '540', '546']));
  each('publisher', document.publishers);
  each('date', document.publicationDates.length > 0 ? document.publicationDates : [yearText(document)]);
  each('type', [dcType(record.leader)]);
  each('format', document.physicalDescription);
  each('identifier', [
    ...document.isbns.map((i) => `URN:ISBN:${i.isbn13 ?? i.value}`),
    ...document.issns.map((i) => `URN:ISSN:${i.normalized ?? i.value}`),
    ...document.lccns.map((l) => `info:lccn/${l.normalized}`),
    ...document.links.map((l) => l.url),
  ]);
  each('language', document.languages);
  each('relation', subfieldText(record, ['530', '76X', '77X', '78X'], [], ['o', 't']));
  each('coverage', subfieldText(record, ['651', '752']));
  each('rights', subfieldText(record, ['506', '540']));
  return xml.close().toString();
}

function fullTitle(document: CatalogDocument): string | undefined {
  if (!document.title) return undefined;
  return document.subtitle ? `${document.title} : ${document.subtitle}` : document.title;
}

function authorName(author: { name: string; dates?: string }): string {
  return author.dates ? `${author.name}, ${author.dates}` : author.name;
}

/** LoC's crosswalk: 720 is a contributor; so is any added name whose role says it is not an author. */
function isContributor(roles: readonly string[]): boolean {
  return roles.some((r) => /^(ed|trl|ill|edt|editor|translator|illustrator)\b/i.test(r.trim()));
}

function yearText(document: CatalogDocument): string | undefined {
  return document.year === undefined ? undefined : String(document.year);
}

/** Leader/06 → DCMI type, as the crosswalk gives it. */
function dcType(leader: string): string | undefined {
  const type = leader[6];
  if (type === undefined) return undefined;
  if ('acdt'.includes(type)) return 'Text';
  if ('ef'.includes(type)) return 'Cartographic';
  if ('gk'.includes(type)) return 'Image';
  if ('ij'.includes(type)) return 'Sound';
  if (type === 'm') return 'Software, multimedia';
  if (type === 'p') return 'Collection';
  if (type === 'r') return 'Physical object';
  return undefined;
}

/** Each matching field's subfields (all, or `codes`) joined by spaces. */
function subfieldText(record: MarcRecord, tags: string[], except: string[] = [], codes?: string[]): string[] {
  return record
    .getDataFields(...tags)
    .filter((f) => !except.includes(f.tag))
    .map((f) =>
      f.subfields
        .filter((s) => codes === undefined || codes.includes(s.code))
        .filter((s) => /[a-z]/.test(s.code))
        .map((s) => s.value.trim())
        .join(' '),
    )
    .filter((t) => t !== '');
}
