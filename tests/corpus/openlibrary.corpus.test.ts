import { readdirSync, readFileSync } from 'node:fs';
import type { CatalogDocument } from '../../src/domain/catalog-document';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { foldText } from '../../src/mapping';
import { readMarc } from '../../src/marc/formats';
import { bytesSource } from '../../src/marc/source';
import { corpusAvailable, corpusPath, describeCorpus } from '../support/corpus';

/**
 * Peer check against Open Library's MARC parser (openlibrary/catalog/marc/tests/test_parse.py):
 * where its edition fields correspond to ours, we agree. Values are compared the way a reader
 * would: case, diacritics, punctuation and word order do not matter ("Finance, Personal" is OL's
 * "Personal Finance"). Deliberate differences are listed below, each with its reason; the test
 * checks that each listed difference really exists, so the table cannot go stale.
 */
type Field =
  | 'title'
  | 'subtitle'
  | 'authors'
  | 'publishers'
  | 'publish_date'
  | 'lccn'
  | 'isbn'
  | 'languages'
  | 'pages'
  | 'subjects';

const VERNACULAR_TITLE =
  'OL makes the 880 script form its title (and splits its $b off); we keep the romanised 245 as title and ' +
  'index the whole 880 title in vernacular.title beside it';
const PART_IN_TITLE =
  'MARC and ISBD count $n/$p (number and name of part) in the title proper, so our title has them; OL appends them to the subtitle';

const DIFFERENCES: Record<string, Partial<Record<Field, string>>> = {
  '710_org_name_in_direct_order.mrc': { title: VERNACULAR_TITLE },
  '880_publisher_unlinked.mrc': { title: VERNACULAR_TITLE, subtitle: VERNACULAR_TITLE },
  'equalsign_title.mrc': { title: PART_IN_TITLE, subtitle: PART_IN_TITLE },
  'talis_245p.mrc': { title: PART_IN_TITLE, subtitle: PART_IN_TITLE },
  'test-publish-sn-sl.mrc': {
    publish_date: 'OL passes 008 date 1 through as text ("190u"); our year is a number, 1900 to yearEnd 1909',
  },
};

interface OlAuthor {
  name: string;
  birth_date?: string;
  death_date?: string;
  alternate_names?: string[];
}

interface OlEdition {
  title?: string;
  subtitle?: string;
  authors?: OlAuthor[];
  publishers?: string[];
  publish_date?: string;
  lccn?: string[];
  isbn_10?: string[];
  isbn_13?: string[];
  languages?: string[];
  number_of_pages?: number;
  subjects?: string[];
  subject_places?: string[];
  subject_times?: string[];
  subject_people?: string[];
}

const DIR = 'openlibrary/test_data';

function pairs(): [string, string][] {
  if (!corpusAvailable) return [];
  const list = (sub: string) => readdirSync(corpusPath(`${DIR}/${sub}`)).filter((f) => f.endsWith('.json'));
  return [
    ...list('bin_expect').map(
      (f) => [`bin_input/${f.replace(/\.json$/, '.mrc')}`, `bin_expect/${f}`] as [string, string],
    ),
    ...list('xml_expect').map(
      (f) => [`xml_input/${f.replace(/\.json$/, '_marc.xml')}`, `xml_expect/${f}`] as [string, string],
    ),
  ];
}

/** Words of a value, folded and sorted: the same name or heading however it is inverted or punctuated. */
function words(value: string): string {
  return foldText(value)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .sort()
    .join(' ');
}

const contains = (haystack: string, needle: string) =>
  ` ${haystack} `.includes(` ${needle} `) || haystack === needle;
const wordSubset = (small: string, big: string) =>
  words(small)
    .split(' ')
    .every((w) => contains(words(big), w));

/** Which corresponding fields agree; a field OL leaves out is not compared. */
function agreement(doc: CatalogDocument, ol: OlEdition): Partial<Record<Field, boolean>> {
  const out: Partial<Record<Field, boolean>> = {};
  const titles = [doc.title ?? '', ...doc.vernacular.title];
  if (ol.title) out.title = titles.some((t) => words(t) === words(ol.title as string));
  if (ol.subtitle) out.subtitle = words(doc.subtitle ?? '') === words(ol.subtitle);
  if (ol.authors) {
    const names = [...doc.authors.map((a) => `${a.name} ${a.dates ?? ''}`), ...doc.vernacular.authors];
    out.authors = ol.authors.every((a) =>
      names.some((n) => wordSubset(`${a.name} ${a.birth_date ?? ''} ${a.death_date ?? ''}`, n)),
    );
  }
  if (ol.publishers) {
    const ours = [...doc.publishers, ...doc.vernacular.publishers].map(words);
    out.publishers = ol.publishers.every((p) => ours.includes(words(p)));
  }
  if (ol.publish_date)
    out.publish_date = /^\d{4}$/.test(ol.publish_date) && Number(ol.publish_date) === doc.year;
  if (ol.lccn)
    out.lccn = ol.lccn.every((l) => doc.lccns.some((ours) => ours.normalized === l.replace(/\s+/g, '')));
  if (ol.isbn_10 || ol.isbn_13) {
    const ours = doc.isbns.flatMap((i) => [i.isbn10, i.isbn13, i.value.replace(/[^0-9X]/gi, '')]);
    out.isbn = [...(ol.isbn_10 ?? []), ...(ol.isbn_13 ?? [])].every((i) => ours.includes(i));
  }
  if (ol.languages) out.languages = [...ol.languages].sort().join() === [...doc.languages].sort().join();
  if (ol.number_of_pages !== undefined) {
    out.pages = doc.physicalDescription.some((p) =>
      (p.match(/\d+/g) ?? ([] as string[])).includes(String(ol.number_of_pages)),
    );
  }
  const olSubjects = [
    ...(ol.subjects ?? []),
    ...(ol.subject_places ?? []),
    ...(ol.subject_times ?? []),
    ...(ol.subject_people ?? []),
  ];
  if (olSubjects.length > 0) {
    const facets = [...doc.topics, ...doc.genres, ...doc.geographic, ...doc.eras].map(words);
    out.subjects = olSubjects.every((s) => facets.includes(words(s)));
  }
  return out;
}

async function firstDocument(input: string): Promise<CatalogDocument> {
  const mapper = createDefaultMapper();
  for await (const item of readMarc(bytesSource(readFileSync(corpusPath(`${DIR}/${input}`))))) {
    if (item.ok) return mapper.map(item.record);
  }
  throw new Error(`no record in ${input}`);
}

describeCorpus('Open Library peer check', () => {
  test('when the expectations are listed, then all 42 pairs are there', () => {
    expect(pairs()).toHaveLength(42);
  });

  test.each(pairs())(
    'when %s is mapped, then it agrees with %s where the fields correspond',
    async (input, expected) => {
      const doc = await firstDocument(input);
      const ol = JSON.parse(readFileSync(corpusPath(`${DIR}/${expected}`), 'utf8')) as OlEdition;
      const file = input.replace(/^(bin|xml)_input\//, '');
      const differences = DIFFERENCES[file] ?? {};

      const result = agreement(doc, ol);

      const disagreeing = Object.entries(result).filter(([field, ok]) => !ok && !differences[field as Field]);
      const stale = Object.keys(differences).filter((field) => result[field as Field] !== false);
      expect({ disagreeing: disagreeing.map(([f]) => f), stale }).toEqual({ disagreeing: [], stale: [] });
    },
  );
});
