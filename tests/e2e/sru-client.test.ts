import createClient from '@natlibfi/sru-client';
import { startSampleServer, type SampleServer } from '../support/sru-server';

/**
 * /sru through an SRU client library other libraries use: @natlibfi/sru-client (the National
 * Library of Finland's, as Melinda's tools use it). It pages through every record itself, so the
 * records it emits must number what /search counts for the same query.
 */
interface Harvest {
  total: number;
  records: string[];
}

function harvest(base: string, query: string, options: { version?: string; recordSchema?: string } = {}) {
  const client = createClient({
    url: `${base}/sru`,
    version: options.version ?? '2.0',
    recordSchema: options.recordSchema ?? 'marcxml',
    maxRecordsPerRequest: 25,
  });
  return new Promise<Harvest>((resolve, reject) => {
    const result: Harvest = { total: -1, records: [] };
    client
      .searchRetrieve(query)
      .on('total', (n: number) => (result.total = n))
      .on('record', (r: string) => result.records.push(r))
      .on('end', () => resolve(result))
      .on('error', reject);
  });
}

describe('SRU with @natlibfi/sru-client', () => {
  let server: SampleServer;
  beforeAll(async () => {
    server = await startSampleServer();
  });
  afterAll(() => server.close());

  test.each<[string, string]>([
    ['dc.title = war', 'title:war'],
    ['dc.subject = fiction', 'subject:fiction'],
    ['dc.date < 1900', 'year:<1900'],
    ['cql.allRecords = 1', ''],
  ])('when it harvests %s, then its total and records equal /search for the same query', async (cql, q) => {
    const expected = await server.total(q);
    for (const version of ['2.0', '1.2']) {
      const got = await harvest(server.base, cql, { version });
      expect([version, got.total, got.records.length]).toEqual([version, expected, expected]);
    }
  });

  test('when it asks for Dublin Core, then every record is a DC record', async () => {
    const got = await harvest(server.base, 'dc.creator = wells', { recordSchema: 'dc' });
    expect(got.records.length).toBe(await server.total('author:wells'));
    for (const r of got.records) expect(r).toContain('http://purl.org/dc/elements/1.1/');
  });

  test('when the query is bad, then the client reports the diagnostic message', async () => {
    await expect(harvest(server.base, 'dc.nothing = x')).rejects.toThrow(/unknown index `dc.nothing`/);
  });
});
