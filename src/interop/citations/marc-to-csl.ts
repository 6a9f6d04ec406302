import type { CatalogDocument } from '../../domain/catalog-document';
import type { DataField, MarcRecord } from '../../marc/record';
import { seriesTitle } from '../../mapping/macros/description.macros';
import { trimPunctuation } from '../../mapping/transforms/punctuation.transform';
import type { CslDate, CslItem } from './csl-item';
import { languageTag } from './csl-language';
import { cslNamesOf } from './csl-names';
import { cslTypeOf } from './csl-type';

/** What a citation is made from: the stored MARC and what the mapping made of it. */
export interface CitableRecord {
  id: string;
  record: MarcRecord;
  document: CatalogDocument;
}

/**
 * One record as a CSL-JSON item. The document gives what the mapping already cleaned (title,
 * identifiers, year, links, call number, language); the MARC gives what the document does not
 * keep apart: names with their relators, the edition, the publisher of 264 _1 rather than a
 * printer's or distributor's, the series number, a thesis note, the extent.
 */
export function toCslItem(stored: CitableRecord): CslItem {
  const { record, document: doc } = stored;
  const item: CslItem = { id: stored.id, type: cslTypeOf(record), 'citation-key': citationKey(stored.id) };
  const title = doc.subtitle && doc.title ? `${doc.title}: ${doc.subtitle}` : doc.title;
  if (title) item.title = title;
  Object.assign(item, cslNamesOf(record));
  // RIS reads a score's composer, not its author, into AU; for a recording APA would take a
  // composer for the performer, so only scores get one.
  if (item.type === 'musical_score' && item.author && !item.composer) item.composer = item.author;
  set(item, 'edition', edition(record));
  Object.assign(item, publication(record));
  set(item, 'issued', issued(record, doc));
  set(item, 'ISBN', isbn(doc));
  set(item, 'ISSN', doc.issns.find((i) => i.kind === 'issn' && i.valid)?.normalized);
  Object.assign(item, series(record));
  set(item, 'URL', url(doc));
  set(item, 'DOI', doi(record));
  Object.assign(item, extent(record));
  set(
    item,
    'language',
    doc.languages.map(languageTag).find((l) => l !== undefined),
  );
  set(item, 'call-number', doc.callNumbers[0]?.value);
  if (item.type === 'thesis') Object.assign(item, thesis(record, item));
  return item;
}

function set<K extends keyof CslItem>(item: CslItem, key: K, value: CslItem[K] | undefined): void {
  if (value !== undefined && value !== '') item[key] = value;
}

/** BibTeX keys may hold letters, digits and a few marks; `(OCoLC)123` becomes `OCoLC123`. */
function citationKey(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]+/g, '') || 'record';
}

function edition(record: MarcRecord): string | undefined {
  const field = record.getDataFields('250')[0];
  return field ? clean(subfieldsText(field, 'ab')) : undefined;
}

/** 264 _1 (publication) first; else 260; a 264 for production or distribution only as a last resort. */
function publication(record: MarcRecord): Pick<CslItem, 'publisher' | 'publisher-place'> {
  const field =
    record.getDataFields('264').find((f) => f.ind2 === '1') ??
    record.getDataFields('260')[0] ??
    record.getDataFields('264').find((f) => f.ind2 !== '4');
  if (!field) return {};
  const out: Pick<CslItem, 'publisher' | 'publisher-place'> = {};
  const place = clean(first(field, 'a'));
  const publisher = clean(first(field, 'b'));
  if (place && !NOT_IDENTIFIED.test(place)) out['publisher-place'] = place;
  if (publisher && !NOT_IDENTIFIED.test(publisher)) out.publisher = publisher;
  return out;
}

/** What a cataloguer writes for an unknown place or publisher: nothing to cite. */
const NOT_IDENTIFIED = /^(s\.\s?l\.?|s\.\s?n\.?|sine loco|sine nomine|.*not identified)$/i;

/**
 * The year; a range only for what ran over years (008/06 c d i k m u: serials, multipart sets,
 * collections) with a whole first date. The document's end year also widens "19uu" to 1999 and
 * spans a questionable date (q), which a citation gives as one year.
 */
function issued(record: MarcRecord, doc: CatalogDocument): CslDate | undefined {
  if (doc.year === undefined) return undefined;
  const f008 = record.getControl('008') ?? '';
  const ran = 'cdikmu'.includes(f008[6] || 'x') && /^\d{4}$/.test(f008.slice(7, 11));
  if (ran && doc.yearEnd !== undefined && doc.yearEnd > doc.year)
    return { 'date-parts': [[doc.year], [doc.yearEnd]] };
  return { 'date-parts': [[doc.year]] };
}

/** The first ISBN the record gives as its own and valid, as ISBN-13 when it has one. */
function isbn(doc: CatalogDocument): string | undefined {
  const found = doc.isbns.find((i) => i.valid && !i.canceled);
  return found ? (found.isbn13 ?? found.isbn10 ?? found.value) : undefined;
}

/** The controlled series (8XX) when traced, else the series statement (490); its number from $v. */
function series(record: MarcRecord): Pick<CslItem, 'collection-title' | 'collection-number'> {
  const field = record.getDataFields('800', '810', '811', '830')[0] ?? record.getDataFields('490', '440')[0];
  if (!field) return {};
  const out: Pick<CslItem, 'collection-title' | 'collection-number'> = {};
  const title = field.tag === '490' ? clean(first(field, 'a')) : seriesTitle(field);
  // "v. 12." ends with the field's full stop, which trimPunctuation keeps after an abbreviation.
  const number = clean(first(field, 'v'))?.replace(/\.$/, '');
  if (title) out['collection-title'] = title;
  if (number) out['collection-number'] = number;
  return out;
}

/** The resource itself (856 ind2 0) or a version of it; a related resource is not the thing cited. */
function url(doc: CatalogDocument): string | undefined {
  return doc.links.find((l) => l.relationship !== 'related')?.url;
}

/** 024 7_ with `$2 doi`: the DOI as registered, without a resolver's prefix. */
function doi(record: MarcRecord): string | undefined {
  const field = record
    .getDataFields('024')
    .find((f) => f.ind1 === '7' && first(f, '2')?.trim().toLowerCase() === 'doi');
  const value = field ? first(field, 'a')?.trim() : undefined;
  return value ? value.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/i, '') : undefined;
}

/** "xii, 345 pages" → 345 pages; "3 volumes" → 3 volumes (300 $a). */
function extent(record: MarcRecord): Pick<CslItem, 'number-of-pages' | 'number-of-volumes'> {
  const a = record.getSubfield('300', 'a') ?? '';
  const pages = /(\d+)\s*(?:p\b|pp\b|pages?\b|leaves\b)/i.exec(a)?.[1];
  if (pages) return { 'number-of-pages': pages };
  const volumes = /(\d+)\s*v(?:\.|ols?\b|olumes?\b)/i.exec(a)?.[1];
  return volumes ? { 'number-of-volumes': volumes } : {};
}

/**
 * 502: the degree ($b) and the granting body ($c) when coded, else read from the older free-text
 * form "Thesis (Ph. D.)--Harvard University, 1950." The body is the thesis's publisher in CSL.
 */
function thesis(record: MarcRecord, item: CslItem): Pick<CslItem, 'genre' | 'publisher'> {
  const field = record.getDataFields('502')[0];
  if (!field) return {};
  const free = /^(.*?)\s*--\s*([^,]+)/.exec(first(field, 'a') ?? '');
  const genre = clean(first(field, 'b')) ?? clean(free?.[1]);
  const body = clean(first(field, 'c')) ?? clean(free?.[2]);
  const out: Pick<CslItem, 'genre' | 'publisher'> = {};
  if (genre) out.genre = genre;
  if (body && !item.publisher) out.publisher = body;
  return out;
}

function first(field: DataField, code: string): string | undefined {
  return field.subfields.find((s) => s.code === code)?.value;
}

function subfieldsText(field: DataField, codes: string): string {
  return field.subfields
    .filter((s) => codes.includes(s.code))
    .map((s) => s.value.trim())
    .join(' ');
}

/** ISBD punctuation off, and the brackets of a value the cataloguer supplied ("[London]"). */
function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = trimPunctuation(value)
    .replace(/^\[(.*)\]$/, '$1')
    .trim();
  return text === '' ? undefined : text;
}
