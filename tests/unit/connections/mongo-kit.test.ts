import {
  isDuplicateKey,
  isUnavailable,
  unavailableOrAsIs,
} from '../../../src/connections/mongo-kit/driver-errors';
import { StoreCalls } from '../../../src/connections/mongo-kit/store-calls';
import { AppError } from '../../../src/errors/app-error';

const SERVER = 'mongodb://127.0.0.1:27017/stacks';

describe('MongoDB driver errors', () => {
  test('when a duplicate key comes as E11000, in a bulk write, or in FerretDB find-and-modify form, then it is one', () => {
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey({ writeErrors: [{ code: 11000 }] })).toBe(true);
    expect(isDuplicateKey({ writeErrors: { code: 11000 } })).toBe(true);
    expect(
      isDuplicateKey({
        code: 1,
        message: "constraint failed: UNIQUE constraint failed: index 'p_barcode_key' (2067)",
      }),
    ).toBe(true);
    expect(isDuplicateKey({ code: 1, message: 'something else' })).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });

  test('when the server cannot be reached, then store_unavailable names the store and server without a password', () => {
    const driver = Object.assign(new Error('connect ECONNREFUSED mongodb://u:secret@127.0.0.1:1'), {
      name: 'MongoNetworkError',
    });

    const error = unavailableOrAsIs(driver, 'item store', SERVER) as AppError;

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('store_unavailable');
    expect(error.message).toBe(
      `the MongoDB item store at ${SERVER} is unavailable: connect ECONNREFUSED mongodb://u:***@127.0.0.1:1`,
    );
    expect(error.details).toEqual({ server: SERVER });
  });

  test('when mongoose refuses a command before the connection ever opened, then that is unavailable too', () => {
    const driver = new Error('Cannot call `items.findOne()` before initial connection is complete');
    expect(isUnavailable(driver)).toBe(true);
  });

  test('when the server says no, or the error is already ours, then it passes as is', () => {
    const refused = Object.assign(new Error('E11000 duplicate key'), {
      name: 'MongoServerError',
      code: 11000,
    });
    const own = new AppError('version_conflict', 'item a1 is at version 2');
    expect(unavailableOrAsIs(refused, 'item store', SERVER)).toBe(refused);
    expect(unavailableOrAsIs(own, 'item store', SERVER)).toBe(own);
    expect(unavailableOrAsIs('text', 'item store', SERVER)).toBe('text');
  });
});

describe('StoreCalls', () => {
  test('when writes are queued, then each starts after the one before has settled, a failed one too', async () => {
    const calls = new StoreCalls((err) => err);
    const seen: string[] = [];
    let releaseFirst!: () => void;
    const first = calls.serially(
      () =>
        new Promise<void>((resolve, reject) => {
          seen.push('first starts');
          releaseFirst = () => {
            seen.push('first fails');
            reject(new Error('first'));
          };
        }),
    );
    const second = calls.serially(async () => {
      seen.push('second starts');
      return 2;
    });
    await Promise.resolve();
    releaseFirst();

    await expect(first).rejects.toThrow('first');
    await expect(second).resolves.toBe(2);
    expect(seen).toEqual(['first starts', 'first fails', 'second starts']);
  });

  test('when a read or a write fails, then the store’s rule translates the error', async () => {
    const translated = new AppError('store_unavailable', 'down');
    const calls = new StoreCalls(() => translated);

    await expect(calls.guard(() => Promise.reject(new Error('x')))).rejects.toBe(translated);
    await expect(calls.serially(() => Promise.reject(new Error('y')))).rejects.toBe(translated);
  });
});
