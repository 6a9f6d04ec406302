import { parseOfflineFile } from '../../../../src/domain/circulation/offline-file';

const line = (o: Record<string, unknown>): string => JSON.stringify(o);

describe('the bookmobile offline file', () => {
  it('when lines come out of order, then entries are in time order, then line order', () => {
    const file = [
      line({ id: 'b', at: '2026-12-01T11:00:00Z', op: 'checkin', itemBarcode: 'I1' }),
      '',
      line({
        id: 'a',
        at: '2026-12-01T10:00:00+01:00',
        op: 'checkout',
        itemBarcode: 'I1',
        patronBarcode: 'P1',
        location: 'main/bookmobile',
      }),
      line({ id: 'c', at: '2026-12-01T11:00:00Z', op: 'checkin', itemBarcode: 'I2', library: 'west' }),
    ].join('\n');
    const { entries, problems } = parseOfflineFile(file);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.id, e.line, e.at])).toEqual([
      ['a', 3, '2026-12-01T09:00:00.000Z'],
      ['b', 1, '2026-12-01T11:00:00.000Z'],
      ['c', 4, '2026-12-01T11:00:00.000Z'],
    ]);
    expect(entries[0]).toMatchObject({ op: 'checkout', location: { library: 'MAIN', shelf: 'BOOKMOBILE' } });
    expect(entries[2]).toMatchObject({ op: 'checkin', library: 'WEST' });
  });

  it('when a line is bad, then it is reported by number without its text and the others stand', () => {
    const file = [
      '{not json',
      line({
        id: 'x',
        at: '2026-02-30T10:00:00Z',
        op: 'checkout',
        itemBarcode: 'I1',
        patronBarcode: 'Jane Doe',
      }),
      line({ id: 'y', at: '2026-12-01T10:00:00', op: 'checkin', itemBarcode: 'I1' }),
      line({ id: 'z', at: '2026-12-01T10:00:00Z', op: 'renew', itemBarcode: 'I1' }),
      line({ id: 'w', at: '2026-12-01T10:00:00Z', op: 'checkout', itemBarcode: 'I1' }),
      line({ id: 'v', at: '2026-12-01T10:00:00Z', op: 'checkin', itemBarcode: 'I1', patron: 'P1' }),
      line({ id: 'ok', at: '2026-12-01T10:00:00Z', op: 'checkin', itemBarcode: 'I1' }),
      line({ id: 'ok', at: '2026-12-01T10:05:00Z', op: 'checkin', itemBarcode: 'I2' }),
      line({ at: '2026-12-01T10:05:00Z', op: 'checkin', itemBarcode: 'I2' }),
    ].join('\r\n');
    const { entries, problems } = parseOfflineFile(file);
    expect(entries.map((e) => e.line)).toEqual([7]);
    expect(problems.map((p) => [p.line, p.id])).toEqual([
      [1, undefined],
      [2, 'x'],
      [3, 'y'],
      [4, 'z'],
      [5, 'w'],
      [6, 'v'],
      [8, 'ok'],
      [9, undefined],
    ]);
    expect(problems[2]!.message).toMatch(/time zone/);
    expect(problems[6]!.message).toBe('id ok is already used by line 7');
    expect(JSON.stringify(problems)).not.toContain('Jane');
  });
});
