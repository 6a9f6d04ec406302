import { decodeCursor, encodeCursor } from '../../../../src/search/common/cursor';

describe('cursor', () => {
  it('when a cursor is encoded, then it is URL-safe and decodes to the same state', () => {
    const state = { sort: 'title' as const, value: 'łódź \u{10ffff}', id: 's01' };
    const cursor = encodeCursor(state);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'title')).toEqual(state);
  });

  it('when a relevance cursor holds a float rank, then it survives exactly', () => {
    const cursor = encodeCursor({ sort: 'relevance', value: -3.141592653589793e-7, id: 'x' });
    expect(decodeCursor(cursor, 'relevance').value).toBe(-3.141592653589793e-7);
  });

  it.each([
    '',
    'abc',
    'not base64!',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('{"s":"title"}').toString('base64url'),
  ])('when the cursor is %j, then it is refused', (cursor) => {
    expect(() => decodeCursor(cursor, 'title')).toThrow(
      expect.objectContaining({ code: 'invalid_search_cursor' }),
    );
  });

  it('when the cursor was made for another sort, then it is refused naming both', () => {
    const cursor = encodeCursor({ sort: 'date', value: 1999, id: 'x' });
    expect(() => decodeCursor(cursor, '-date')).toThrow(/"date", not "-date"/);
  });
});
