import { errors } from '@elastic/elasticsearch';
import { AppError } from '../../../../src/errors/app-error';
import {
  BulkWriter,
  type BulkOperation,
  type BulkResult,
  type SendBulk,
} from '../../../../src/search/elastic/bulk-writer';

const index = (id: string): BulkOperation => ({ action: 'index', id, source: { id } });
const ok = (lines: string[]): BulkResult => ({
  errors: false,
  items: headers(lines).map(() => ({ index: { status: 201 } })),
});
/** The action lines of a request (documents follow their index line in the same string). */
const headers = (lines: string[]) =>
  lines.map((l) => JSON.parse(l.split('\n')[0] as string) as Record<string, { _id: string }>);
const idsOf = (lines: string[]) => headers(lines).map((h) => Object.values(h)[0]?._id);

function responseError(statusCode: number): errors.ResponseError {
  return new errors.ResponseError({
    statusCode,
    body: { error: { type: 'es_rejected_execution_exception', reason: 'busy' }, status: statusCode },
    headers: {},
    warnings: null,
    meta: {} as never,
  });
}

function writer(send: SendBulk, options = {}) {
  const sleeps: number[] = [];
  const w = new BulkWriter('test-index', send, { backoffMs: 10, retries: 3, ...options }, async (ms) => {
    sleeps.push(ms);
  });
  return { w, sleeps };
}

describe('BulkWriter', () => {
  it('when there are more operations than a batch holds, then they go in batches of that size', async () => {
    const sent: string[][] = [];
    const { w } = writer(
      async (lines) => {
        sent.push(idsOf(lines) as string[]);
        return ok(lines);
      },
      { batchSize: 2 },
    );
    await w.write(['a', 'b', 'c', 'd', 'e'].map(index));
    expect(sent.flat().sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sent.map((b) => b.length).sort()).toEqual([1, 2, 2]);
  });

  it('when documents are large, then a batch stops at the byte limit', async () => {
    const sizes: number[] = [];
    const { w } = writer(
      async (lines) => {
        sizes.push(lines.length);
        return ok(lines);
      },
      { maxBatchBytes: 150 },
    );
    const big = (id: string): BulkOperation => ({ action: 'index', id, source: { text: 'x'.repeat(80) } });
    await w.write(['a', 'b', 'c'].map(big));
    expect(sizes).toEqual([1, 1, 1]);
  });

  it('when batches are many, then no more than the concurrency are in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const { w } = writer(
      async (lines) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        return ok(lines);
      },
      { batchSize: 1, concurrency: 3 },
    );
    await w.write(Array.from({ length: 10 }, (_, i) => index(`d${i}`)));
    expect(most).toBe(3);
  });

  it('when the engine answers 429 or 503, then the request is sent again after a growing pause', async () => {
    let calls = 0;
    const { w, sleeps } = writer(async (lines) => {
      calls += 1;
      if (calls <= 2) throw responseError(calls === 1 ? 429 : 503);
      return ok(lines);
    });
    await w.write([index('a')]);
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThanOrEqual(10);
  });

  it('when items are rejected as busy, then only those items are sent again', async () => {
    const sent: string[][] = [];
    const { w } = writer(async (lines) => {
      sent.push(idsOf(lines) as string[]);
      if (sent.length > 1) return ok(lines);
      return {
        errors: true,
        items: [
          { index: { status: 201 } },
          { index: { status: 429, error: { type: 'es_rejected_execution_exception' } } },
        ],
      };
    });
    await w.write([index('a'), index('b')]);
    expect(sent).toEqual([['a', 'b'], ['b']]);
  });

  it('when the engine refuses a document, then the others are written and the write fails naming it', async () => {
    const written: string[] = [];
    const { w } = writer(
      async (lines) => {
        const ids = idsOf(lines) as string[];
        written.push(...ids.filter((id) => id !== 'bad'));
        return {
          errors: ids.includes('bad'),
          items: ids.map((id) =>
            id === 'bad'
              ? {
                  index: {
                    status: 400,
                    error: { type: 'mapper_parsing_exception', reason: 'failed to parse [year]' },
                  },
                }
              : { index: { status: 201 } },
          ),
        };
      },
      { batchSize: 2 },
    );
    const failure = w.write([index('a'), index('bad'), index('c')]);
    await expect(failure).rejects.toMatchObject({
      code: 'index_document_rejected',
      message: expect.stringContaining('bad (mapper_parsing_exception: failed to parse [year])'),
    });
    expect(written.sort()).toEqual(['a', 'c']);
  });

  it('when a deleted document was not there, then the delete counts as done', async () => {
    const { w } = writer(async () => ({ errors: true, items: [{ delete: { status: 404 } }] }));
    await expect(w.write([{ action: 'delete', id: 'gone' }])).resolves.toBeUndefined();
  });

  it('when the engine stays overloaded past the retries, then the write fails as unavailable', async () => {
    let calls = 0;
    const { w } = writer(async () => {
      calls += 1;
      throw responseError(429);
    });
    const failure = w.write([index('a')]);
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toMatchObject({ code: 'index_unavailable' });
    expect(calls).toBe(4);
  });

  it('when the request itself is bad, then it is not retried', async () => {
    let calls = 0;
    const { w } = writer(async () => {
      calls += 1;
      throw responseError(400);
    });
    await expect(w.write([index('a')])).rejects.toThrow('refused a request on test-index');
    expect(calls).toBe(1);
  });
});
