import type { AvailabilitySummary } from '../../../../src/domain/items/availability';
import { availabilityTerms } from '../../../../src/search/common/document-rows';
import { indexRows, pushTerms, withAvailability } from '../../../../src/search/sqlite/index-rows';
import { decodeTerms, encodeTerms } from '../../../../src/search/sqlite/term-list';
import { makeDocument } from '../../../support/documents';

/**
 * withAvailability appends a summary's terms to rows made without items, from terms it keeps per
 * kind of summary: these cases pin it to what decoding the term list, pushing the terms and
 * encoding it again gives, for the first summary of a kind and for one seen before.
 */
describe("index rows with a record's copies", () => {
  const rows = indexRows(makeDocument({ id: 'd1', title: 'A title', subjects: [] }));

  function summary(available: number, locations: string[]): AvailabilitySummary {
    return {
      total: 2,
      available,
      locations: locations.map((location) => ({ location, total: 1, available, callNumbers: ['QA 1'] })),
    };
  }

  function roundTrip(s: AvailabilitySummary) {
    const terms = [...rows.terms];
    const ids = decodeTerms(Buffer.from(rows.termList));
    pushTerms(availabilityTerms(s), terms, ids);
    return { terms, termList: encodeTerms(ids) };
  }

  test.each([
    ['on the shelf in two locations', summary(1, ['MAIN/STACKS', 'MAIN/REFERENCE'])],
    ['not on the shelf, in another library', summary(0, ['BRANCH/STACKS'])],
  ])('when the copies are %s, then the rows gain their terms at the end', (_, s) => {
    for (let i = 0; i < 2; i++) {
      const made = withAvailability(rows, s);
      const expected = roundTrip(s);
      expect(made.terms).toEqual(expected.terms);
      expect(Buffer.from(made.termList).equals(expected.termList)).toBe(true);
      expect(made.doc[7]).toBe(JSON.stringify(s));
    }
    expect(rows.doc[7]).toBeNull();
  });

  test('when the record has no copies, then the rows are returned as they are', () => {
    expect(withAvailability(rows, undefined)).toBe(rows);
    expect(withAvailability(rows, { total: 0, available: 0, locations: [] })).toBe(rows);
  });
});
