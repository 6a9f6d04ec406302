import { decodeCursorState, encodeCursorState, MAX_CURSOR_CHARS } from '../../../src/domain/cursor-codec';

describe('cursor codec', () => {
  test('when a state is encoded, then it is URL-safe and decodes to the same state', () => {
    const state = { a: '2026-01-01T00:00:00.000Z', i: 'é/+?=' };

    const cursor = encodeCursorState(state);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursorState(cursor)).toEqual(state);
  });

  test('when a cursor is not one of ours, then it decodes to nothing', () => {
    const json = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    expect(decodeCursorState('not a cursor!')).toBeUndefined();
    expect(decodeCursorState(json('{"a":'))).toBeUndefined();
    expect(decodeCursorState(json('["a","b"]'))).toBeUndefined();
    expect(decodeCursorState(json('null'))).toBeUndefined();
    expect(decodeCursorState(json('"text"'))).toBeUndefined();
    expect(decodeCursorState(encodeCursorState({ a: 'x'.repeat(MAX_CURSOR_CHARS) }))).toBeUndefined();
  });
});
