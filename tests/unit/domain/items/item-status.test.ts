import {
  allowedMoves,
  canMove,
  isCirculationStatus,
  ITEM_STATUSES,
} from '../../../../src/domain/items/item-status';

describe('item status moves', () => {
  test.each([
    ['checked-out', 'on-hold-shelf', 'check-in traps it for a hold'],
    ['in-transit', 'on-hold-shelf', 'it arrives at the pickup library'],
    ['on-hold-shelf', 'checked-out', 'the holder borrows it'],
    ['on-hold-shelf', 'reshelving', 'the hold expired or was cancelled'],
    ['on-hold-shelf', 'available', 'the hold expired or was cancelled'],
    ['on-hold-shelf', 'in-transit', 'the hold went elsewhere'],
    ['available', 'on-hold-shelf', 'a copy on the shelf is trapped'],
    ['reshelving', 'in-transit', 'a copy on its way back is trapped for another library'],
  ] as const)('when circulation moves %s to %s (%s), then it may', (from, to, _why) => {
    expect(canMove(from, to, 'circulation')).toBe(true);
  });

  test('when staff move an item on the hold shelf, then only missing, lost and reshelving are open', () => {
    expect([...allowedMoves('on-hold-shelf', 'staff')].sort()).toEqual(['lost', 'missing', 'reshelving']);
  });

  test('when staff move any item, then never to a status only circulation sets', () => {
    for (const from of ITEM_STATUSES)
      for (const to of allowedMoves(from, 'staff')) expect(isCirculationStatus(to)).toBe(false);
  });

  test('when the statuses only circulation sets are asked, then they are checked-out and on-hold-shelf', () => {
    expect(ITEM_STATUSES.filter(isCirculationStatus)).toEqual(['checked-out', 'on-hold-shelf']);
  });
});
