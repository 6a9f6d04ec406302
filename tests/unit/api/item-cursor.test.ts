import { decodeItemCursor, encodeItemCursor } from '../../../src/api/routes/item-cursor';

describe('item list cursors', () => {
  const filter = { location: 'MAIN', statuses: ['available'], itemType: undefined };

  test('when a cursor comes back with the same filters, then it gives the store its own cursor', () => {
    const cursor = encodeItemCursor('store:opaque|1', filter);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeItemCursor(cursor, { ...filter })).toBe('store:opaque|1');
  });

  test('when it comes with other filters, then invalid_item_cursor', () => {
    const cursor = encodeItemCursor('x', filter);
    expect(() => decodeItemCursor(cursor, { ...filter, location: 'BRANCH' })).toThrow(
      expect.objectContaining({ code: 'invalid_item_cursor' }),
    );
  });

  test.each(['abc', 'e30', Buffer.from('[1]').toString('base64url')])(
    'when %j is no cursor of ours, then invalid_item_cursor',
    (text) => {
      expect(() => decodeItemCursor(text, filter)).toThrow(
        expect.objectContaining({ code: 'invalid_item_cursor' }),
      );
    },
  );
});
