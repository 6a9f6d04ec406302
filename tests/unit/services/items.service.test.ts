import type { Backends } from '../../../src/backends/backends';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import type { NewItem } from '../../../src/domain/items/item';
import { LocationDirectory } from '../../../src/domain/items/locations';
import { AppError } from '../../../src/errors/app-error';
import type { ItemStore } from '../../../src/items/port';
import { ItemsService } from '../../../src/services/items.service';
import { loadCatalog } from '../../api/support/api-fixture';

const RECORD = '(StK)stk000001';
const at = '2026-01-02T03:04:05.000Z';
const locations = new LocationDirectory([
  {
    code: 'MAIN',
    name: 'Main Library',
    locations: [
      { code: 'STACKS', name: 'Stacks' },
      { code: 'BOOKMOBILE', name: 'Bookmobile' },
    ],
  },
]);

const copy = (barcode: string, fields: Partial<NewItem> = {}): NewItem => ({
  barcode,
  recordId: RECORD,
  location: { library: 'MAIN', shelf: 'STACKS' },
  itemType: 'book',
  notForLoan: false,
  publicNotes: [],
  staffNotes: [],
  source: 'api',
  ...fields,
});

/**
 * An item store in which another writer slips in a change right after each of the first `times`
 * reads: the service then holds a stale item when it makes its compare-and-set. (The slip-in runs
 * outside the service's unit of work, as another process's write would; one inside it would be
 * rolled back with the service's failed write.)
 */
function racing(items: ItemStore, times: number, slipIn: (barcode: string) => Promise<unknown>): ItemStore {
  let left = times;
  return Object.assign(Object.create(items) as ItemStore, {
    get: async (barcode: string) => {
      const item = await items.get(barcode);
      if (left-- > 0) await slipIn(barcode);
      return item;
    },
  });
}

describe('ItemsService', () => {
  let backends: Backends;
  beforeEach(async () => {
    backends = openSqliteBackends(':memory:');
    await loadCatalog(backends, 0);
    await backends.items.create(copy('B1'), at, 'k1');
  });
  afterEach(() => backends.close());

  const service = (items: ItemStore = backends.items) =>
    new ItemsService({ ...backends, items }, locations, () => at);

  test('when a concurrent change wins without If-Match, then the move is judged again on the new status', async () => {
    const items = racing(backends.items, 1, (b) =>
      backends.items.changeStatus(b, { from: 'available', to: 'reshelving', at }, 1),
    );
    const moved = await service(items).changeStatus(
      'B1',
      { status: 'in-repair', reason: 'torn' },
      { by: 'k2' },
    );
    expect(moved).toMatchObject({ status: 'in-repair', version: 3 });
    expect(moved.history.at(-1)).toMatchObject({
      from: 'reshelving',
      to: 'in-repair',
      by: 'k2',
      reason: 'torn',
    });
  });

  test('when the change that won makes the move illegal, then 409 naming the new status', async () => {
    const items = racing(backends.items, 1, (b) =>
      backends.items.changeStatus(b, { from: 'available', to: 'lost', at }, 1),
    );
    const err = await service(items)
      .changeStatus('B1', { status: 'in-repair' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('item_status_conflict');
    expect((err as AppError).details).toMatchObject({ status: 'lost', version: 2 });
  });

  test('when races are lost twice without If-Match, then 409 with the current state, not a loop', async () => {
    let n = 0;
    const flip = ['reshelving', 'available'] as const;
    const items = racing(backends.items, 2, async (b) => {
      const current = (await backends.items.get(b))!;
      await backends.items.changeStatus(b, { from: current.status, to: flip[n++ % 2]!, at }, current.version);
    });
    const err = await service(items)
      .changeStatus('B1', { status: 'missing' })
      .catch((e: unknown) => e);
    expect((err as AppError).code).toBe('item_status_conflict');
    expect((err as AppError).details).toMatchObject({ version: 3 });
  });

  test('when a patch without If-Match loses a race, then it applies to the version read again', async () => {
    const items = racing(backends.items, 1, async (b) => {
      const current = (await backends.items.get(b))!;
      await backends.items.update(b, { ...current, publicNotes: ['theirs'] }, current.version, at);
    });
    const patched = await service(items).patch('B1', { staffNotes: ['ours'] });
    expect(patched).toMatchObject({ publicNotes: ['theirs'], staffNotes: ['ours'], version: 3 });
  });

  test('when a patch with If-Match loses a race, then 412 version_conflict', async () => {
    const items = racing(backends.items, 1, async (b) => {
      const current = (await backends.items.get(b))!;
      await backends.items.update(b, { ...current, publicNotes: ['theirs'] }, current.version, at);
    });
    const err = await service(items)
      .patch('B1', { staffNotes: ['ours'] }, { versions: [1] })
      .catch((e: unknown) => e);
    expect((err as AppError).code).toBe('version_conflict');
  });

  test('when a patch changes nothing, then nothing is written', async () => {
    const same = await service().patch('B1', { itemType: 'BOOK', publicNotes: [] });
    expect(same.version).toBe(1);
  });

  test('when a call number value is patched without a scheme, then the scheme is guessed again', async () => {
    await service().patch('B1', { callNumber: { value: 'QA76.73 .J38 2020' } });
    const dewey = await service().patch('B1', { callNumber: { value: '823.912 W87' } });
    expect(dewey.callNumber).toMatchObject({ scheme: 'dewey', value: '823.912 W87' });
    expect(dewey.callNumber!.shelfKey.startsWith('D ')).toBe(true);
  });

  test('when staff list from a call number without a whole location, then invalid_parameter', async () => {
    await expect(
      service().list({ location: 'MAIN', callNumberFrom: 'QA1', limit: 10 }),
    ).rejects.toMatchObject({
      code: 'invalid_parameter',
    });
  });
});
