import { itemAccess } from '../../../../src/domain/items/item-access';
import { ITEM_STATUSES, type ItemStatus } from '../../../../src/domain/items/item-status';

const book = (status: ItemStatus, fields: { itemType?: string; notForLoan?: boolean } = {}) =>
  itemAccess({ status, itemType: fields.itemType ?? 'book', notForLoan: fields.notForLoan ?? false });

describe('itemAccess', () => {
  test('when a book is on the shelf, then it can be used and borrowed', () => {
    expect(book('available')).toEqual([
      { service: 'presentation', available: true },
      { service: 'loan', available: true },
    ]);
  });

  test('when it is being reshelved, then both are available with a delay', () => {
    expect(book('reshelving').every((a) => a.available && a.delayed)).toBe(true);
  });

  test.each([
    ['reference-only', false],
    ['book', true],
  ])(
    'when the type is %s and notForLoan %s, then loan is refused for good, presentation not',
    (itemType, notForLoan) => {
      expect(book('available', { itemType, notForLoan })).toEqual([
        { service: 'presentation', available: true },
        { service: 'loan', available: false, limitation: 'not-for-loan' },
      ]);
    },
  );

  test.each([
    'checked-out',
    'in-transit',
    'in-repair',
    'on-order',
    'in-processing',
    'on-hold-shelf',
  ] as const)('when it is %s, then both are unavailable but expected back', (status) => {
    expect(book(status)).toEqual([
      { service: 'presentation', available: false, expected: 'unknown' },
      { service: 'loan', available: false, expected: 'unknown' },
    ]);
  });

  test('when it is checked out on a loan, then both are expected back when the loan is due', () => {
    const dueAt = '2026-02-01T22:59:59.000Z';
    const access = itemAccess({
      status: 'checked-out',
      itemType: 'book',
      notForLoan: false,
      loan: { dueAt },
    });
    expect(access).toEqual([
      { service: 'presentation', available: false, expected: dueAt },
      { service: 'loan', available: false, expected: dueAt },
    ]);
  });

  test('when it is lost on loan, then the due date is not promised', () => {
    const loan = { dueAt: '2026-02-01T22:59:59.000Z' };
    expect(itemAccess({ status: 'lost', itemType: 'book', notForLoan: false, loan })).toEqual([
      { service: 'presentation', available: false },
      { service: 'loan', available: false },
    ]);
  });

  test.each(['missing', 'lost'] as const)(
    'when it is %s, then both are unavailable, not expected',
    (status) => {
      expect(book(status)).toEqual([
        { service: 'presentation', available: false },
        { service: 'loan', available: false },
      ]);
    },
  );

  test('when it is withdrawn, then it offers nothing (it is not listed)', () => {
    expect(book('withdrawn')).toEqual([]);
  });

  test('when any status is asked, then no service is both available and unavailable (DAIA integrity rule 6)', () => {
    for (const status of ITEM_STATUSES) {
      const access = book(status, { notForLoan: true });
      const services = access.map((a) => a.service);
      expect(new Set(services).size).toBe(services.length);
    }
  });
});
