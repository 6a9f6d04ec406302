import { documentPreparer } from '../../src/backends/document-preparers';
import type { AvailabilitySummary } from '../../src/domain/items/availability';
import type { IndexedDocument, SearchIndex } from '../../src/search/port';
import { makeDocument } from '../support/documents';
import { ids, term, type MakeSearchIndex } from './search-index.helpers';

/** A summary as summarizeAvailability makes it: `[location, total, available, call numbers]` per location. */
export function summary(...locations: [string, number, number, string[]?][]): AvailabilitySummary {
  return {
    total: locations.reduce((n, l) => n + l[1], 0),
    available: locations.reduce((n, l) => n + l[2], 0),
    locations: locations.map(([location, total, available, callNumbers = []]) => ({
      location,
      total,
      available,
      callNumbers,
    })),
  };
}

const onShelf = summary(['MAIN/STACKS', 2, 1, ['QA76.73 .J38']], ['WEST/BOOKMOBILE', 1, 0]);
const allOut = summary(['MAIN/STACKS', 1, 0, ['PZ3 .T58']]);
const reference = summary(['MAIN/REFERENCE', 1, 1, ['REF Z1035']]);

/** Four records: three with copies (two with one on the shelf), one without any. */
function catalog(): IndexedDocument[] {
  return [
    { ...makeDocument({ id: 'a1', title: 'Harbour lights' }), availability: onShelf },
    { ...makeDocument({ id: 'a2', title: 'Harbour walls' }), availability: allOut },
    { ...makeDocument({ id: 'a3', title: 'Reference harbour' }), availability: reference },
    makeDocument({ id: 'a4', title: 'Harbour without copies' }),
  ];
}

/**
 * The copies' summary an index keeps beside each document: hits carry it, `availability`,
 * `location` and `library` facet and filter by it, and setAvailability replaces it alone.
 */
export function describeSearchIndexAvailabilityContract(name: string, makeIndex: MakeSearchIndex): void {
  describe(`SearchIndex contract (availability): ${name}`, () => {
    let index: SearchIndex;
    const facets = async (field: 'availability' | 'location' | 'library', text?: string) => {
      const query = text === undefined ? {} : { query: term(text) };
      return (await index.search({ ...query, facets: [{ field }] })).facets[field];
    };

    beforeEach(async () => {
      index = await makeIndex();
      await index.upsert(catalog());
    });
    afterEach(async () => {
      await index.close();
    });

    it('when documents carry availability, then their hits carry it and a record without copies none', async () => {
      const { hits } = await index.search({ limit: 10, sort: 'title' });
      const byId = new Map(hits.map((h) => [h.id, h]));
      expect(byId.get('a1')?.availability).toEqual(onShelf);
      expect(byId.get('a2')?.availability).toEqual(allOut);
      expect(byId.get('a4')).not.toHaveProperty('availability');
    });

    it('when counting the availability facet, then records without copies count neither way', async () => {
      const expected = [
        { value: 'available', count: 2 },
        { value: 'unavailable', count: 1 },
      ];
      expect(await facets('availability')).toEqual(expected);
      expect(await facets('availability', 'harbour')).toEqual(expected);
    });

    it('when filtering availability:available, then only records with a copy on the shelf match', async () => {
      const filter = { field: 'availability' as const, values: ['available'] };
      expect((await ids(index, { filters: [filter] })).sort()).toEqual(['a1', 'a3']);
      expect(await ids(index, { query: term('walls'), filters: [filter] })).toEqual([]);
      expect(await ids(index, { filters: [{ field: 'availability', values: ['unavailable'] }] })).toEqual([
        'a2',
      ]);
    });

    it('when counting and filtering locations and libraries, then every place holding a copy counts', async () => {
      expect(await facets('location')).toEqual([
        { value: 'MAIN/STACKS', count: 2 },
        { value: 'MAIN/REFERENCE', count: 1 },
        { value: 'WEST/BOOKMOBILE', count: 1 },
      ]);
      expect(await facets('library', 'harbour')).toEqual([
        { value: 'MAIN', count: 3 },
        { value: 'WEST', count: 1 },
      ]);
      const at = (field: 'location' | 'library', value: string) =>
        ids(index, { filters: [{ field, values: [value] }] });
      expect((await at('location', 'main/stacks')).sort()).toEqual(['a1', 'a2']);
      expect(await at('library', 'west')).toEqual(['a1']);
    });

    it('when setAvailability changes a record, then its document stays and only its availability moves', async () => {
      const back = summary(['MAIN/STACKS', 1, 1, ['PZ3 .T58']]);
      await index.setAvailability([{ id: 'a2', availability: back }, { id: 'a1' }, { id: 'not-indexed' }]);
      expect(await index.count()).toBe(4);
      expect(await ids(index, { query: term('walls') })).toEqual(['a2']);
      const { hits } = await index.search({ query: term('harbour'), limit: 10 });
      expect(hits.find((h) => h.id === 'a2')?.availability).toEqual(back);
      expect(hits.find((h) => h.id === 'a1')).not.toHaveProperty('availability');
      expect(await facets('availability')).toEqual([{ value: 'available', count: 2 }]);
      expect(await facets('library', 'harbour')).toEqual([{ value: 'MAIN', count: 2 }]);
      expect(await ids(index, { filters: [{ field: 'location', values: ['WEST/BOOKMOBILE'] }] })).toEqual([]);
    });

    it('when a document is upserted again without availability, then it has none', async () => {
      await index.upsert([makeDocument({ id: 'a1', title: 'Harbour lights' })]);
      expect((await index.search({ query: term('lights') })).hits[0]).not.toHaveProperty('availability');
      expect(await facets('availability')).toEqual([
        { value: 'available', count: 1 },
        { value: 'unavailable', count: 1 },
      ]);
    });

    it('when a summary counts no copies, then the record has no availability', async () => {
      await index.upsert([
        { ...makeDocument({ id: 'a5', title: 'Withdrawn harbour' }), availability: summary() },
      ]);
      expect((await index.search({ query: term('withdrawn') })).hits[0]).not.toHaveProperty('availability');
      expect(await facets('availability', 'harbour')).toEqual([
        { value: 'available', count: 2 },
        { value: 'unavailable', count: 1 },
      ]);
    });

    it('when a document with availability comes with the rows its index prepared, then both are indexed', async () => {
      const plain = makeDocument({ id: 'a6', title: 'Prepared harbour' });
      const prepared = index.preparer === undefined ? [] : [documentPreparer(index.preparer)(plain)];
      await index.upsert([{ ...plain, availability: reference }], prepared);
      expect((await index.search({ query: term('prepared') })).hits[0]?.availability).toEqual(reference);
      expect(
        await ids(index, {
          query: term('prepared'),
          filters: [{ field: 'location', values: ['MAIN/REFERENCE'] }],
        }),
      ).toEqual(['a6']);
    });

    it('when the index is rebuilt from documents with availability, then the new index has it', async () => {
      async function* batches(): AsyncGenerator<IndexedDocument[]> {
        yield catalog().slice(0, 2);
        yield catalog().slice(2);
      }
      await index.rebuild(batches());
      expect(await facets('availability')).toEqual([
        { value: 'available', count: 2 },
        { value: 'unavailable', count: 1 },
      ]);
      expect((await index.search({ query: term('lights') })).hits[0]?.availability).toEqual(onShelf);
    });
  });
}
