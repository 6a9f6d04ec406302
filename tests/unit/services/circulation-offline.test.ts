import type { Backends } from '../../../src/backends/backends';
import { openBackends } from '../../../src/backends/open-backends';
import { parseOfflineFile } from '../../../src/domain/circulation/offline-file';
import type { Patron } from '../../../src/domain/patrons/patron';
import { CirculationService, circulationPortsOf } from '../../../src/services/circulation.service';
import { loadCatalog } from '../../api/support/api-fixture';
import {
  AT as HARNESS_AT,
  book,
  circulationHarness,
  Crash,
  crashAfter,
  fixedPolicy,
  reader,
} from '../../support/circulation-harness';

const RECORD = '(StK)stk000001';
const NOW = '2026-12-03T09:00:00.000Z';

const line = (fields: Record<string, string>): string => JSON.stringify(fields);
const out = (id: string, at: string, item: string, patron: string, location?: string): string =>
  line({ id, at, op: 'checkout', itemBarcode: item, patronBarcode: patron, ...(location && { location }) });
const back = (id: string, at: string, item: string): string =>
  line({ id, at, op: 'checkin', itemBarcode: item });

describe('applyOffline (embedded SQLite backends)', () => {
  let backends: Backends;
  let circ: CirculationService;
  let ann: Patron;
  beforeEach(async () => {
    backends = await openBackends({
      dbPath: ':memory:',
      store: 'sqlite',
      index: 'sqlite',
      indexName: 'stacks',
    });
    await loadCatalog(backends, 0);
    for (const barcode of ['B1', 'B2', 'B3', 'B4'])
      await backends.items.create(book(barcode, { recordId: RECORD }), NOW);
    ann = await backends.patrons.create(reader('P-ANN'), NOW);
    await backends.patrons.create(reader('P-BOB'), NOW);
    circ = new CirculationService(circulationPortsOf(backends), fixedPolicy({ maxItems: 1 }), {
      now: () => NOW,
    });
  });
  afterEach(() => backends.close());

  const apply = (...lines: string[]) => circ.applyOffline(parseOfflineFile(lines.join('\n')));

  test('when lines come out of order, then they apply in time order, each at its own instant', async () => {
    const report = await apply(
      back('bm-2', '2026-12-01T11:00:00Z', 'B1'),
      out('bm-1', '2026-12-01T10:00:00Z', 'B1', 'P-ANN', 'MAIN/BOOKMOBILE'),
      out('bm-3', '2026-12-01T12:00:00Z', 'B2', 'P-ANN', 'MAIN/BOOKMOBILE'),
    );

    expect(report.summary).toEqual({ applied: 3, alreadyApplied: 0, conflicts: 0, invalid: 0 });
    expect(report.lines.map((l) => [l.line, l.id, l.outcome])).toEqual([
      [1, 'bm-2', 'applied'],
      [2, 'bm-1', 'applied'],
      [3, 'bm-3', 'applied'],
    ]);
    const closed = await backends.circulation.closedLoan('offline:bm-1');
    expect(closed).toMatchObject({
      checkedOutAt: '2026-12-01T10:00:00.000Z',
      returnedAt: '2026-12-01T11:00:00.000Z',
      location: { library: 'MAIN', shelf: 'BOOKMOBILE' },
    });
    const open = (await backends.items.get('B2'))!.loan!;
    expect(open).toMatchObject({
      id: 'offline:bm-3',
      checkedOutAt: '2026-12-01T12:00:00.000Z',
      dueAt: '2026-12-22T23:59:59.999Z',
      location: { library: 'MAIN', shelf: 'BOOKMOBILE' },
      patronId: ann.id,
    });
  });

  test('when the same file is applied twice, then the second time every line is already applied and nothing changes', async () => {
    const file = [
      out('bm-1', '2026-12-01T10:00:00Z', 'B1', 'P-ANN'),
      back('bm-2', '2026-12-01T11:00:00Z', 'B1'),
      back('bm-3', '2026-12-01T11:30:00Z', 'B3'),
      out('bm-4', '2026-12-01T12:00:00Z', 'B2', 'P-BOB'),
    ];
    await apply(...file);
    const items = await Promise.all(['B1', 'B2', 'B3'].map((b) => backends.items.get(b)));
    const events = await backends.circulation.events({ limit: 100 });

    const again = await apply(...file);

    expect(again.summary).toEqual({ applied: 0, alreadyApplied: 4, conflicts: 0, invalid: 0 });
    expect(await Promise.all(['B1', 'B2', 'B3'].map((b) => backends.items.get(b)))).toEqual(items);
    expect(await backends.circulation.events({ limit: 100 })).toEqual(events);
  });

  test('when a check-in line was applied and the item was lent at the desk since, then uploading again leaves the new loan alone', async () => {
    const file = [
      out('bm-1', '2026-12-01T10:00:00Z', 'B1', 'P-ANN'),
      back('bm-2', '2026-12-01T11:00:00Z', 'B1'),
    ];
    await apply(...file);
    const desk = await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-BOB' });

    const again = await apply(...file);

    expect(again.lines.map((l) => l.outcome)).toEqual(['already-applied', 'already-applied']);
    expect((await backends.items.get('B1'))!.loan!.id).toBe(desk.loan.id);
  });

  test('when the patron is blocked or at the limit, then the loan is made all the same and reported as a conflict applied', async () => {
    await circ.checkOut({ itemBarcode: 'B4', patronBarcode: 'P-ANN' });
    const bob = (await backends.patrons.get('P-BOB'))!;
    await backends.patrons.update(bob.id, { block: { reason: 'fines', at: NOW } }, bob.version, NOW);

    const report = await apply(
      out('bm-1', '2026-12-01T10:00:00Z', 'B1', 'P-ANN'),
      out('bm-2', '2026-12-01T10:05:00Z', 'B2', 'P-BOB'),
    );

    expect(report.lines).toEqual([
      expect.objectContaining({ outcome: 'conflict', code: 'patron_limit_reached', applied: true }),
      expect.objectContaining({ outcome: 'conflict', code: 'patron_blocked', applied: true }),
    ]);
    expect((await backends.items.get('B2'))!.loan).toMatchObject({
      id: 'offline:bm-2',
      overrides: [{ codes: ['patron_blocked'], reason: 'recorded offline (bookmobile)' }],
    });
    expect(JSON.stringify(report)).not.toContain('Reader');
  });

  test('when the item was withdrawn or is unknown, then the line is a conflict and not applied', async () => {
    const b3 = (await backends.items.get('B3'))!;
    await backends.items.changeStatus(
      'B3',
      { from: 'available', to: 'withdrawn', at: NOW, reason: 'worn' },
      b3.version,
    );

    const report = await apply(
      out('bm-1', '2026-12-01T10:00:00Z', 'B3', 'P-ANN'),
      out('bm-2', '2026-12-01T10:05:00Z', 'NOPE', 'P-ANN'),
      out('bm-3', '2026-12-01T10:06:00Z', 'B1', 'P-NOBODY'),
    );

    expect(report.lines.map((l) => [l.outcome, l.code, l.applied])).toEqual([
      ['conflict', 'item_not_available', false],
      ['conflict', 'item_not_found', false],
      ['conflict', 'patron_not_found', false],
    ]);
    expect((await backends.items.get('B3'))!.status).toBe('withdrawn');
    expect((await backends.items.get('B1'))!.status).toBe('available');
  });

  test('when the item is still on an earlier loan, then that loan is checked in at the line instant first', async () => {
    const desk = await circ.checkOut({
      itemBarcode: 'B1',
      patronBarcode: 'P-BOB',
      at: '2026-11-20T10:00:00.000Z',
    });

    const report = await apply(out('bm-1', '2026-12-01T10:00:00Z', 'B1', 'P-ANN'));

    expect(report.lines[0]).toMatchObject({ outcome: 'conflict', code: 'item_checked_out', applied: true });
    expect(await backends.circulation.closedLoan(desk.loan.id)).toMatchObject({
      returnedAt: '2026-12-01T10:00:00.000Z',
    });
    expect((await backends.items.get('B1'))!.loan).toMatchObject({ id: 'offline:bm-1', patronId: ann.id });
  });

  test('when the earlier loan comes back to a hold elsewhere, then the check-out is not applied and the report says the loan was closed', async () => {
    await backends.patrons.create(reader('P-CAT'), NOW);
    await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-BOB', at: '2026-11-20T10:00:00.000Z' });
    await circ.placeHold({ patronBarcode: 'P-CAT', recordId: RECORD, pickupLibrary: 'BRANCH' });

    const report = await apply(out('bm-1', '2026-12-01T10:00:00Z', 'B1', 'P-ANN'));

    expect(report.lines[0]).toMatchObject({
      outcome: 'conflict',
      code: 'item_not_available',
      applied: false,
    });
    expect(report.lines[0]!.message).toMatch(
      /^item B1 was still on loan .*: checked in at this line's instant first; then /,
    );
    expect((await backends.items.get('B1'))!).toMatchObject({ status: 'in-transit' });
  });

  test('when the item was lent at the desk after the line instant, then the check-out is a conflict not applied', async () => {
    const desk = await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-BOB' });

    const report = await apply(out('bm-1', '2026-12-01T10:00:00Z', 'B1', 'P-ANN'));

    expect(report.lines[0]).toMatchObject({ outcome: 'conflict', code: 'item_checked_out', applied: false });
    expect((await backends.items.get('B1'))!.loan!.id).toBe(desk.loan.id);
  });

  test('when a check-in names an item not on loan, then it is reported as not on loan and a missing item is found', async () => {
    const b3 = (await backends.items.get('B3'))!;
    await backends.items.changeStatus('B3', { from: 'available', to: 'missing', at: NOW }, b3.version);

    const report = await apply(
      back('bm-1', '2026-12-01T10:00:00Z', 'B3'),
      back('bm-2', '2026-12-01T10:01:00Z', 'B2'),
    );

    expect(report.lines.map((l) => [l.outcome, l.code])).toEqual([
      ['already-applied', 'item_not_on_loan'],
      ['already-applied', 'item_not_on_loan'],
    ]);
    expect(report.lines[0]!.message).toContain('missing was corrected');
    expect((await backends.items.get('B3'))!.status).toBe('reshelving');
  });

  test('when another file reuses a line id, then that line is invalid and changes nothing', async () => {
    await apply(
      out('bm-1', '2026-12-01T10:00:00Z', 'B1', 'P-ANN'),
      back('bm-2', '2026-12-01T11:00:00Z', 'B1'),
    );

    const report = await apply(
      out('bm-1', '2026-12-02T10:00:00Z', 'B2', 'P-ANN'),
      back('bm-2', '2026-12-02T11:00:00Z', 'B3'),
    );

    expect(report.lines.map((l) => [l.outcome, l.code])).toEqual([
      ['invalid', 'invalid_offline_line'],
      ['invalid', 'invalid_offline_line'],
    ]);
    expect(report.lines[0]!.message).toBe(
      'id bm-1 was used already, by a check-out of item B1: give every line an id of its own',
    );
    expect(report.lines[1]!.message).toContain('by a check-in of item B1 at 2026-12-01T11:00:00.000Z');
    expect((await backends.items.get('B2'))!.status).toBe('available');
  });

  test('when lines cannot be read, then each is invalid with its number and the rest still apply', async () => {
    const report = await apply(
      '{not json',
      line({ id: 'x', op: 'renew' }),
      out('bm-1', '2026-12-01T10:00:00Z', 'B1', 'P-ANN'),
    );

    expect(report.summary).toEqual({ applied: 1, alreadyApplied: 0, conflicts: 0, invalid: 2 });
    expect(report.lines.slice(0, 2)).toEqual([
      { line: 1, outcome: 'invalid', code: 'invalid_offline_line', message: 'not a JSON object' },
      expect.objectContaining({ line: 2, id: 'x', outcome: 'invalid', code: 'invalid_offline_line' }),
    ]);
  });
});

describe('applyOffline step by step (intents, as on MongoDB)', () => {
  test('when the same file is uploaded twice at once, then one applies it and the other finds it applied', async () => {
    const h = circulationHarness();
    await h.items.create(book('B1'), HARNESS_AT);
    await h.items.create(book('B2'), HARNESS_AT);
    const ann = await h.patrons.create(reader('P-ANN'), HARNESS_AT);
    const file = parseOfflineFile(
      [
        out('bm-1', '2026-03-01T10:00:00Z', 'B1', 'P-ANN'),
        out('bm-2', '2026-03-01T10:01:00Z', 'B2', 'P-ANN'),
      ].join('\n'),
    );
    const circ = h.service();

    const [first, second] = await Promise.all([circ.applyOffline(file), circ.applyOffline(file)]);

    expect(first.summary.applied).toBe(2);
    expect(second.summary.alreadyApplied).toBe(2);
    expect((await h.patrons.getById(ann.id))!.openLoans.sort()).toEqual(['offline:bm-1', 'offline:bm-2']);
    await h.close();
  });

  test('when another process holds the line loan id in flight, then the file stops busy and its reservation stays', async () => {
    const h = circulationHarness();
    await h.items.create(book('B1'), HARNESS_AT);
    const ann = await h.patrons.create(reader('P-ANN'), HARNESS_AT);
    await h.patrons.addLoan(ann.id, 'offline:bm-1', ann.version, HARNESS_AT);

    const applying = h
      .service()
      .applyOffline(parseOfflineFile(out('bm-1', '2026-03-01T10:00:00Z', 'B1', 'P-ANN')));

    await expect(applying).rejects.toMatchObject({ code: 'circulation_busy' });
    expect((await h.patrons.getById(ann.id))!.openLoans).toEqual(['offline:bm-1']);
    expect((await h.items.get('B1'))!.status).toBe('available');
    await h.close();
  });

  test('when a check-in line crashes after the item step, then recovery finishes it under the line id and the next upload finds it applied', async () => {
    const h = circulationHarness();
    await h.items.create(book('B1'), HARNESS_AT);
    await h.patrons.create(reader('P-ANN'), HARNESS_AT);
    const file = parseOfflineFile(
      [out('bm-1', '2026-03-01T10:00:00Z', 'B1', 'P-ANN'), back('bm-2', '2026-03-01T11:00:00Z', 'B1')].join(
        '\n',
      ),
    );
    await h.service().applyOffline({ entries: [file.entries[0]!], problems: [] });
    // putIntent and the item's circulate run; the loan history write is where the process dies.
    const crashed = crashAfter(h.ports, 2);

    await expect(
      h.service({ ports: crashed.ports }).applyOffline({ entries: [file.entries[1]!], problems: [] }),
    ).rejects.toThrow(Crash);
    expect(crashed.taken).toEqual(['putIntent', 'circulate']);
    const recovered = await h.service().recover('9999');
    const again = await h.service().applyOffline(file);

    expect(recovered.finished).toEqual([expect.stringMatching(/^offline:bm-1:checkin:/)]);
    expect(again.lines.map((l) => l.outcome)).toEqual(['already-applied', 'already-applied']);
    const events = await h.circulation.events({ itemBarcode: 'B1', kinds: ['checkin'], limit: 10 });
    expect(events.entries.map((e) => [e.id, e.at])).toEqual([
      ['offline-checkin:bm-2', '2026-03-01T11:00:00.000Z'],
    ]);
    expect(await h.circulation.closedLoan('offline:bm-1')).toMatchObject({
      returnedAt: '2026-03-01T11:00:00.000Z',
    });
    await h.close();
  });
});
