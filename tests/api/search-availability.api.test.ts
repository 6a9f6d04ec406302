import request from 'supertest';
import { refreshAvailability } from '../../src/backends/availability-refresh';
import type { NewItem } from '../../src/domain/items/item';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

const AT = '2026-12-06T10:00:00.000Z';

function copy(barcode: string, recordId: string, shelf: string, status?: NewItem['status']): NewItem {
  return {
    barcode,
    recordId,
    location: { library: 'MAIN', shelf },
    callNumber: { value: 'PG3366 .A1', scheme: 'lc', shelfKey: 'L PG 43366 A1' },
    itemType: 'book',
    notForLoan: false,
    publicNotes: ['Ask at the desk'],
    staffNotes: ['rebind next year'],
    source: 'api',
    ...(status && { status }),
  };
}

describeApiBackends((target) => {
  let f: ApiFixture;
  let ids: string[];
  beforeAll(async () => {
    f = await apiFixture(target);
    const { hits } = await f.backends.index.search({ limit: 3, sort: 'title' });
    ids = hits.map((h) => h.id);
    await f.backends.atomically(async () => {
      await f.backends.items.create(copy('c1', ids[0]!, 'STACKS'), AT);
      await f.backends.items.create(copy('c2', ids[0]!, 'REFERENCE', 'in-repair'), AT);
      await f.backends.items.create(copy('c3', ids[1]!, 'BOOKMOBILE', 'checked-out'), AT);
      await refreshAvailability(f.backends, ids.slice(0, 2));
    });
  });
  afterAll(() => f.close());

  test('when a hit has copies, then it carries their public summary and a hit without copies none', async () => {
    const res = await checked(request(f.app).get('/search').query({ sort: 'title', limit: 3 }));
    expect(res.body.hits[0].availability).toEqual({
      total: 2,
      available: 1,
      locations: [
        { location: 'MAIN/REFERENCE', total: 1, available: 0, callNumbers: ['PG3366 .A1'] },
        { location: 'MAIN/STACKS', total: 1, available: 1, callNumbers: ['PG3366 .A1'] },
      ],
    });
    expect(res.body.hits[2]).not.toHaveProperty('availability');
    expect(JSON.stringify(res.body)).not.toContain('rebind');
  });

  test('when availability and location are faceted, then only records with copies count', async () => {
    const res = await checked(request(f.app).get('/search?facets=availability,location,library'));
    expect(res.body.facets).toEqual({
      availability: [
        { value: 'available', count: 1 },
        { value: 'unavailable', count: 1 },
      ],
      location: [
        { value: 'MAIN/BOOKMOBILE', count: 1 },
        { value: 'MAIN/REFERENCE', count: 1 },
        { value: 'MAIN/STACKS', count: 1 },
      ],
      library: [{ value: 'MAIN', count: 2 }],
    });
  });

  test('when filtered by availability:available or a location, then only those records match', async () => {
    const available = await checked(request(f.app).get('/search?filter=availability:available'));
    const mobile = await checked(
      request(f.app)
        .post('/search')
        .send({ filter: { location: ['main/bookmobile'] } }),
    );
    expect(available.body.hits.map((h: { id: string }) => h.id)).toEqual([ids[0]]);
    expect(mobile.body.hits.map((h: { id: string }) => h.id)).toEqual([ids[1]]);
  });

  test('when facet is asked for as Solr and VuFind spell it, then the 400 points to facets', async () => {
    const res = await checked(request(f.app).get('/search?facet=availability&facet=location'));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('unknown_parameter');
    expect(res.body.detail).toContain('unknown query parameter facet (did you mean facets?)');
  });

  test('when a filter names an unknown field, then it is refused', async () => {
    const res = await checked(request(f.app).get('/search?filter=shelf:MAIN'));
    expect(res.status).toBe(400);
  });

  // Last: it traps the one copy on the shelf, which the tests above count as available.
  test('when the copy on the shelf is trapped for a hold, then the record is no longer available to others', async () => {
    const hold = { holdId: 'h1', patronId: 'p1', pickupLibrary: 'MAIN' };
    await f.backends.atomically(async () => {
      await f.backends.items.circulate('c1', { to: 'on-hold-shelf', at: AT }, { trappedHold: hold }, 1);
      await refreshAvailability(f.backends, [ids[0]!]);
    });
    const res = await checked(request(f.app).get('/search?facets=availability'));
    expect(res.body.facets.availability).toEqual([{ value: 'unavailable', count: 2 }]);
    const available = await checked(request(f.app).get('/search?filter=availability:available'));
    expect(available.body.hits).toEqual([]);
  });
});
