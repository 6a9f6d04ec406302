import type { Backends } from '../../../src/backends/backends';
import { LocationDirectory } from '../../../src/domain/items/locations';
import { AppError } from '../../../src/errors/app-error';
import { FOUND_REASON, MAX_SHELF_SCANS, ShelfService } from '../../../src/services/shelf.service';
import { fakeSearchIndex } from '../../support/fake-search-index';
import { shelfItem } from '../../support/items';
import { MemoryItemStore } from '../../support/memory-item-store';

function service(store: MemoryItemStore): ShelfService {
  const backends = {
    items: store,
    // A found item's refresh writes the embedded index's availability; not under test here.
    index: fakeSearchIndex({ setAvailability: async () => undefined }),
    atomically: <T>(work: () => Promise<T>) => work(),
  } as unknown as Backends;
  return new ShelfService(backends, locations);
}

const locations = new LocationDirectory([
  {
    code: 'MAIN',
    name: 'Main Library',
    locations: [
      { code: 'STACKS', name: 'Stacks' },
      { code: 'REFERENCE', name: 'Reference' },
    ],
  },
]);

const shelf = () => [
  shelfItem('A1', 'QA76 .A1'),
  shelfItem('B2', 'QA76 .B2'),
  shelfItem('C3', 'QA76 .C3'),
  shelfItem('D4', 'QA76 .D4'),
  shelfItem('E5', 'QA76 .E5'),
  shelfItem('M6', 'QA76 .C4', { status: 'missing' }),
  shelfItem('R7', 'QA76 .C5', { location: 'MAIN/REFERENCE' }),
];

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('ShelfService.readShelf', () => {
  it('when items of the range were not scanned, then they are listed, the rest of the location not', async () => {
    const report = await service(new MemoryItemStore(shelf())).readShelf({
      location: 'main/stacks',
      barcodes: ['B2', 'D4'],
    });
    expect(report.location).toBe('MAIN/STACKS');
    expect(report.notScanned.map((n) => n.barcode)).toEqual(['C3']);
    expect(report.range).toEqual({ first: 'B2', last: 'D4', from: 'QA76 .B2', to: 'QA76 .D4' });
  });

  it('when a missing item is scanned without markFoundAvailable, then marking it is only offered', async () => {
    const store = new MemoryItemStore(shelf());
    const report = await service(store).readShelf({ location: 'MAIN/STACKS', barcodes: ['C3', 'M6', 'D4'] });
    expect(report.actions).toEqual([
      { barcode: 'M6', action: 'mark-available', from: 'missing', outcome: 'offered' },
    ]);
    expect((await store.get('M6'))!.status).toBe('missing');
  });

  it('when markFoundAvailable is set, then the missing item is available with the reason in its history', async () => {
    const store = new MemoryItemStore(shelf());
    const report = await service(store).readShelf(
      { location: 'MAIN/STACKS', barcodes: ['C3', 'm6', 'D4'], markFoundAvailable: true },
      'key-1',
    );
    expect(report.actions[0]).toMatchObject({ barcode: 'M6', outcome: 'done' });
    const item = (await store.get('M6'))!;
    expect(item.status).toBe('available');
    expect(item.history.at(-1)).toMatchObject({
      from: 'missing',
      to: 'available',
      by: 'key-1',
      reason: FOUND_REASON,
    });
  });

  it('when the item changed since it was read, then that action fails and the reading still answers', async () => {
    const store = new MemoryItemStore(shelf());
    const original = store.changeStatus.bind(store);
    jest.spyOn(store, 'changeStatus').mockImplementation(async (barcode, change) => {
      await original(barcode, { to: 'lost', at: change.at }, 1);
      return original(barcode, change, 1);
    });
    const report = await service(store).readShelf({
      location: 'MAIN/STACKS',
      barcodes: ['M6'],
      markFoundAvailable: true,
    });
    expect(report.actions[0]).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining('version_conflict'),
    });
  });

  it('when the location is not LIBRARY/LOCATION, then it is invalid_location', async () => {
    const err = await rejection(
      service(new MemoryItemStore()).readShelf({ location: 'stacks', barcodes: ['A1'] }),
    );
    expect(err.code).toBe('invalid_location');
  });

  it('when the location is not in the locations file, then it is invalid_location naming the known ones', async () => {
    const err = await rejection(
      service(new MemoryItemStore(shelf())).readShelf({ location: 'MAIN/STAKCS', barcodes: ['A1'] }),
    );
    expect(err.code).toBe('invalid_location');
    expect(err.message).toContain('MAIN/REFERENCE, MAIN/STACKS');
  });

  it('when there are too many or blank barcodes, then it is invalid_shelf_barcodes', async () => {
    const many = Array.from({ length: MAX_SHELF_SCANS + 1 }, (_, i) => `B${i}`);
    const tooMany = await rejection(
      service(new MemoryItemStore()).readShelf({ location: 'MAIN/STACKS', barcodes: many }),
    );
    expect(tooMany.code).toBe('invalid_shelf_barcodes');
    const blank = await rejection(
      service(new MemoryItemStore()).readShelf({ location: 'MAIN/STACKS', barcodes: ['A1', ' '] }),
    );
    expect(blank.details).toMatchObject({ position: 2 });
  });
});

describe('ShelfService.position', () => {
  it('when a new call number falls inside the shelf, then its neighbours on each side are listed', async () => {
    const position = await service(new MemoryItemStore(shelf())).position({
      callNumber: 'QA76 .C35',
      location: 'MAIN/STACKS',
      before: 2,
      after: 2,
    });
    expect(position.scheme).toBe('lc');
    expect(position.before.map((n) => n.barcode)).toEqual(['B2', 'C3']);
    // Cutters are decimals: .C35 files before .C4.
    expect(position.after.map((n) => n.barcode)).toEqual(['M6', 'D4']);
  });

  it('when the call number files before everything, then nothing is before it', async () => {
    const position = await service(new MemoryItemStore(shelf())).position({
      callNumber: 'A1',
      location: 'MAIN/STACKS',
      scheme: 'lc',
      before: 3,
      after: 1,
    });
    expect(position.before).toEqual([]);
    expect(position.after.map((n) => n.barcode)).toEqual(['A1']);
  });

  it('when the location is not in the locations file, then it is invalid_location', async () => {
    const err = await rejection(
      service(new MemoryItemStore(shelf())).position({
        callNumber: 'QA76',
        location: 'BRANCH/STACKS',
        before: 1,
        after: 1,
      }),
    );
    expect(err.code).toBe('invalid_location');
    expect(err.details).toMatchObject({ location: 'BRANCH/STACKS' });
  });

  it('when no items before are asked for, then none come even if the store gives some', async () => {
    const store = new MemoryItemStore(shelf());
    jest.spyOn(store, 'shelf').mockResolvedValue([...shelf()]);
    const position = await service(store).position({
      callNumber: 'QA76 .C35',
      location: 'MAIN/STACKS',
      before: 0,
      after: 1,
    });
    expect(position.before).toEqual([]);
    expect(position.after).toHaveLength(1);
  });
});
