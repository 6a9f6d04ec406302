import { InputBarcodes } from '../../../src/ingest/input-barcodes';

describe('InputBarcodes', () => {
  test('when a barcode comes again in another case, then the first owner is named and keeps it', () => {
    const barcodes = new InputBarcodes();

    expect(barcodes.claim('BC-1', { record: 1, id: 'a' })).toBeUndefined();
    expect(barcodes.claim(' bc-1 ', { record: 2, id: 'b' })).toEqual({ record: 1, id: 'a' });
  });

  test('when the claims after a mark are forgotten, then those barcodes are free again and the earlier ones stay', () => {
    const barcodes = new InputBarcodes();
    barcodes.claim('BC-1', { record: 1, id: 'a' });
    const forget = barcodes.mark();
    barcodes.claim('BC-2', { record: 2, id: 'b' });
    barcodes.claim('BC-3', { record: 2, id: 'b' });

    forget();

    expect(barcodes.claim('BC-2', { record: 2, id: 'b' })).toBeUndefined();
    expect(barcodes.claim('BC-3', { record: 2, id: 'b' })).toBeUndefined();
    expect(barcodes.claim('BC-1', { record: 2, id: 'b' })).toEqual({ record: 1, id: 'a' });
  });
});
