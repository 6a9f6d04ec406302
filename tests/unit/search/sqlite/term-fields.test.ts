import {
  fieldCodeOf,
  termFieldCode,
  termId,
  yearOf,
  yearTermId,
} from '../../../../src/search/sqlite/term-fields';
import { decodeTerms, encodeTerms } from '../../../../src/search/sqlite/term-list';

describe('term ids', () => {
  it('when values differ only in ASCII case, then they share an id; other letters are not folded', () => {
    expect(termId('format', 'Book')).toBe(termId('format', 'book'));
    expect(termId('language', 'ÉNG')).not.toBe(termId('language', 'éng'));
  });

  it('when the same value is a term of two fields, then the ids differ and name their field', () => {
    const author = termId('author', 'Smith, John');
    const publisher = termId('publisher', 'Smith, John');
    expect(author).not.toBe(publisher);
    expect(fieldCodeOf(author)).toBe(termFieldCode('author'));
    expect(fieldCodeOf(publisher)).toBe(termFieldCode('publisher'));
  });

  it('when many values are hashed, then every id is a safe integer and none collide', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => termId('author', `Author ${i}`));
    expect(ids.every((id) => Number.isSafeInteger(id) && id >= 0)).toBe(true);
    expect(new Set(ids).size).toBe(50_000);
  });

  it('when a year is a pseudo-term, then its year and field come back out', () => {
    const id = yearTermId(1999);
    expect(yearOf(id)).toBe(1999);
    expect(fieldCodeOf(id)).toBe(8);
  });

  it('when a term list is stored, then it decodes to the same ids', () => {
    const ids = [termId('topic', 'History'), yearTermId(2001), termId('callNumber', 'QA76 .K5')];
    expect(decodeTerms(encodeTerms(ids))).toEqual(ids);
    expect(decodeTerms(encodeTerms([]))).toEqual([]);
  });
});
