import { createIndexOutbox, isIndexTrouble } from '../../../src/backends/index-outbox';
import { AppError } from '../../../src/errors/app-error';

const down = new AppError('index_unavailable', 'the search engine did not answer');
const refused = new AppError('index_document_rejected', 'the search engine refused 1 document(s)');

describe('index outbox: how writers treat a failing index', () => {
  test('when the index fails, then writers leave it alone for a rest that doubles up to the cap', () => {
    let now = 0;
    const outbox = createIndexOutbox({ restMs: 1000, maxRestMs: 3000, now: () => now });

    outbox.indexFailed(down);
    expect(outbox.indexWritable()).toBe(false);
    now = 1000;
    expect(outbox.indexWritable()).toBe(true);
    outbox.indexFailed(down);
    now = 2999;
    expect(outbox.indexWritable()).toBe(false);
    now = 3000;
    outbox.indexFailed(down);
    now = 5999;
    expect(outbox.indexWritable()).toBe(false);
    now = 6000;
    expect(outbox.indexWritable()).toBe(true);
  });

  test('when the index works again, then the next failure rests only the first time', () => {
    let now = 0;
    const outbox = createIndexOutbox({ restMs: 1000, now: () => now });
    outbox.indexFailed(down);
    now = 1000;
    outbox.indexFailed(down);
    now = 3000;

    outbox.indexSucceeded();
    outbox.indexFailed(down);

    now = 4000;
    expect(outbox.indexWritable()).toBe(true);
  });

  test('when documents are refused, then the index does not rest and the failure is remembered', () => {
    const outbox = createIndexOutbox({ now: () => 0 });

    outbox.indexFailed(refused);

    expect(outbox.indexWritable()).toBe(true);
    expect(outbox.lastFailure()).toBe('the search engine refused 1 document(s) (index_document_rejected)');
  });

  test('when telling index trouble from other errors, then only index codes count', () => {
    expect(isIndexTrouble(down)).toBe(true);
    expect(isIndexTrouble(refused)).toBe(true);
    expect(isIndexTrouble(new AppError('store_unavailable', 'x'))).toBe(false);
    expect(isIndexTrouble(new Error('x'))).toBe(false);
  });
});
