import { AppError } from '../../../src/errors/app-error';
import { patronStoreError } from '../../../src/patrons/mongo/mongo-patron-store.errors';

const SERVER = 'mongodb://127.0.0.1:27017/stacks';

describe('MongoDB patron store errors', () => {
  test('when the server refuses with a message quoting the document, then the error keeps only its name and code', () => {
    const driver = Object.assign(
      new Error(
        'E11000 duplicate key error collection: stacks.patrons index: barcode_key dup key: { barcodeKey: "card-7731" }',
      ),
      { name: 'MongoServerError', code: 11000, codeName: 'DuplicateKey' },
    );
    const error = patronStoreError(driver, SERVER) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('internal_error');
    expect(error.message).toBe(
      `the MongoDB patron store at ${SERVER} failed: MongoServerError DuplicateKey 11000`,
    );
    expect(JSON.stringify(error.details)).not.toMatch(/card-7731/);
  });

  test('when the server cannot be reached, then store_unavailable names it without a password', () => {
    const driver = Object.assign(new Error('connect ECONNREFUSED mongodb://u:secret@127.0.0.1:1'), {
      name: 'MongoNetworkError',
    });
    const error = patronStoreError(driver, SERVER) as AppError;
    expect(error.code).toBe('store_unavailable');
    expect(error.message).not.toMatch(/secret/);
    const own = new AppError('patron_has_loans', 'patron x has 1 open loan');
    expect(patronStoreError(own, SERVER)).toBe(own);
  });
});
