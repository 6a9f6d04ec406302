import { openLocationDirectory } from '../../../src/api/location-directory';
import type { CirculationEvent } from '../../../src/domain/circulation/circulation-event';
import { AppError } from '../../../src/errors/app-error';
import { PatronsService } from '../../../src/services/patrons.service';
import { MemoryPatronStore } from '../../support/memory-patron-store';

const ERIKA = {
  barcode: 'P1',
  name: 'Example, Erika',
  email: 'erika@example.org',
  patronType: 'adult',
  expiry: '2030-01-01',
};
const NOW = '2026-06-01T10:00:00.000Z';

function service() {
  const patrons = new MemoryPatronStore();
  const unlinked: string[] = [];
  const events: CirculationEvent[] = [];
  const circulation = {
    unlinkPatron: async (id: string) => (unlinked.push(id), 1),
    appendEvent: async (event: CirculationEvent) => void events.push(event),
  };
  const svc = new PatronsService({ patrons, circulation }, { locations: openLocationDirectory() }, () => NOW);
  return { svc, patrons, unlinked, events };
}

describe('PatronsService', () => {
  test('when a patron is anonymised, then circulation unlinks them before and after', async () => {
    const { svc, unlinked } = service();
    const created = await svc.register(ERIKA);

    const done = await svc.anonymise('p1');

    expect(unlinked).toEqual([created.id, created.id]);
    expect(done).toMatchObject({ id: created.id, barcode: '', name: '', anonymisedAt: NOW });
    await expect(svc.get('P1')).rejects.toMatchObject({ code: 'patron_not_found' });
  });

  test('when a patron is registered, blocked, unblocked and anonymised, then each is an event without personal data', async () => {
    const { svc, events } = service();
    const created = await svc.register({ ...ERIKA, homeLibrary: 'MAIN' }, 'k1');
    await svc.block('P1', 'Unpaid charge', 'k1');
    await svc.block('P1', 'Unpaid charge', 'k1');
    await svc.unblock('P1', undefined, 'k2');
    await svc.unblock('P1', undefined, 'k2');
    await svc.anonymise('P1', 'k3');

    expect(events.map((e) => [e.kind, e.patronId, e.by])).toEqual([
      ['patron-registered', created.id, 'k1'],
      ['patron-blocked', created.id, 'k1'],
      ['patron-unblocked', created.id, 'k2'],
      ['patron-anonymised', undefined, 'k3'],
    ]);
    expect(events[3]!.details).toEqual({ patronType: 'adult', homeLibrary: 'MAIN' });
    expect(events[3]!.id).not.toContain(created.id);
    expect(JSON.stringify(events)).not.toMatch(/Erika|Unpaid|P1/);
  });

  test('when a patron has loans open, then anonymising is refused and nothing is unlinked', async () => {
    const { svc, patrons, unlinked } = service();
    const created = await svc.register(ERIKA);
    await patrons.addLoan(created.id, 'L1', 1, NOW);

    await expect(svc.anonymise('P1')).rejects.toMatchObject({ code: 'patron_has_loans' });
    expect(unlinked).toEqual([]);
  });

  test('when another write lands between read and write, then the change is made on the new version', async () => {
    const { svc, patrons } = service();
    const created = await svc.register(ERIKA);
    const update = patrons.update.bind(patrons);
    let raced = false;
    patrons.update = async (id, fields, ifVersion, at) => {
      if (!raced) {
        raced = true;
        await update(id, { notes: 'meanwhile' }, ifVersion, at);
      }
      return update(id, fields, ifVersion, at);
    };

    const blocked = await svc.block('P1', 'Unpaid charge');

    expect(blocked).toMatchObject({
      id: created.id,
      version: 3,
      notes: 'meanwhile',
      block: { reason: 'Unpaid charge' },
    });
  });

  test('when If-Match pins a version another write moved past, then 412 without the patron in it', async () => {
    const { svc } = service();
    await svc.register(ERIKA);
    await svc.patch('P1', { notes: 'first' });

    const err = await svc.patch('P1', { notes: 'second' }, { versions: [1] }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('version_conflict');
    expect(JSON.stringify((err as AppError).details)).not.toContain('Erika');
  });

  test('when a lapsed card is renewed without a day, then it runs twelve months from today', async () => {
    const { svc } = service();
    await svc.register({ ...ERIKA, expiry: '2025-03-31' });

    expect((await svc.renew('P1')).expiry).toBe('2027-06-01');
  });
});
