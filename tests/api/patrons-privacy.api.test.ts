import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { createApiMetrics } from '../../src/api/metrics/api.metrics';
import { createKeyStore, createSecurity } from '../../src/api/security';
import { createLogger, type Logger } from '../../src/logging/logger';
import { EMBEDDED_TARGET, type Catalog } from './support/api-backends';
import { checked, loadCatalog } from './support/api-fixture';

/**
 * Personal data never reaches the logs, the metrics, the search index or an error (docs/patrons.md,
 * privacy). A fictional patron with recognisable values goes through every patron operation and
 * its refusals, with the real security module logging to a file; then the file, the metrics text
 * and every error body are searched for those values.
 */
const ZELDA = {
  barcode: 'ZQPRIVCARD',
  name: 'Quinterra, Zelda',
  email: 'zelda.quinterra@example.org',
  phone: '+1 555 0199 4242',
  address: '12 Pennywhistle Lane',
  notes: 'Xylophone lessons',
  patronType: 'adult',
  expiry: '2030-01-01',
};
const SECRETS = [
  'ZQPRIVCARD',
  'Quinterra',
  'Zelda',
  'zelda.quinterra',
  '0199 4242',
  'Pennywhistle',
  'Xylophone',
];

function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return SECRETS.filter((s) => lower.includes(s.toLowerCase()));
}

describe('patrons and privacy [sqlite]', () => {
  let dir: string;
  let logFile: string;
  let logger: Logger;
  let catalog: Catalog;
  let app: ReturnType<typeof createApp>;
  let metrics: ReturnType<typeof createApiMetrics>;
  let staffKey: string;
  const errorBodies: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-privacy-'));
    logFile = path.join(dir, 'stacks.log');
    logger = createLogger({ logLevel: 'debug' }, pino.destination({ dest: logFile, sync: true }));
    catalog = await EMBEDDED_TARGET.open();
    await loadCatalog(catalog.backends, 2);
    const keys = createKeyStore(catalog.db);
    staffKey = (await keys.create({ name: 'desk', role: 'staff' })).secret;
    metrics = createApiMetrics();
    // The server's own wiring: request log first, then authentication; 500s logged by the app.
    const security = createSecurity({ config: { corsOrigins: [] }, keys, logger, rateLimits: false });
    app = createApp({ backends: catalog.backends, security, metrics });
  });
  afterAll(async () => {
    await catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const asStaff = (req: request.Test) => req.set('authorization', `Bearer ${staffKey}`);
  async function send(req: request.Test): Promise<request.Response> {
    const res = await checked(req);
    if (res.status >= 400) errorBodies.push(`${res.status} ${res.text} ${JSON.stringify(res.headers)}`);
    return res;
  }

  test('when a patron goes through every operation and refusal, then the log holds none of their data', async () => {
    const P = `/patrons/${ZELDA.barcode}`;
    const created = await send(asStaff(request(app).post('/patrons')).send(ZELDA));
    expect(created.status).toBe(201);

    const refusals = [
      await send(
        asStaff(request(app).post('/patrons')).send({ ...ZELDA, barcode: ZELDA.barcode.toLowerCase() }),
      ),
      await send(
        asStaff(request(app).post('/patrons')).send({
          ...ZELDA,
          barcode: 'OTHER1',
          email: 'zelda.quinterra-at-example',
        }),
      ),
      await send(
        asStaff(request(app).post('/patrons')).send({ ...ZELDA, barcode: 'OTHER2', phone: 'Zelda call me' }),
      ),
      await send(
        asStaff(request(app).post('/patrons')).send({
          ...ZELDA,
          barcode: 'OTHER3',
          name: 'Zelda'.repeat(60),
        }),
      ),
      await send(
        asStaff(request(app).post('/patrons')).send({ ...ZELDA, barcode: 'OTHER4', nickname: 'Zelda' }),
      ),
      await send(
        asStaff(request(app).post('/patrons')).send({ ...ZELDA, barcode: 'OTHER5', expiry: 'Zelda' }),
      ),
      await send(asStaff(request(app).get(`/patrons/${ZELDA.barcode}X`))),
      await send(asStaff(request(app).patch(P)).set('if-match', '"v9"').send({ notes: 'Zelda again' })),
      await send(asStaff(request(app).get(`/patrons?q=${encodeURIComponent(ZELDA.email)}&name=Zelda`))),
      await send(asStaff(request(app).get(`/patrons?mail=${encodeURIComponent(ZELDA.email)}`))),
      await send(asStaff(request(app).get(`/patrons?q=${'Zelda'.repeat(60)}`))),
      await send(asStaff(request(app).get(`/patrons/${'Zelda'.repeat(20)}`))),
      await send(request(app).get(P)),
      await send(request(app).get(P).set('authorization', 'Bearer stk_not_a_real_key')),
      await send(asStaff(request(app).get(`${P}/history`))),
      await send(asStaff(request(app).put(P)).send(ZELDA)),
      await send(asStaff(request(app).post(`${P}/block`)).send({ reason: '' })),
      await send(asStaff(request(app).post(`${P}/renew`)).send({ expiry: '2001-01-01' })),
    ];
    for (const [method, url, body] of [
      ['get', `/patrons?q=Quinterra`, undefined],
      ['get', `/patrons?q=${encodeURIComponent(ZELDA.email)}`, undefined],
      ['get', `/patrons?q=${ZELDA.barcode}`, undefined],
      ['get', `/patrons?name=Quinterra&limit=1`, undefined],
      ['get', `/patrons?email=${encodeURIComponent(ZELDA.email)}`, undefined],
      ['get', P, undefined],
      ['patch', P, { name: 'Quinterra, Zelda B.', phone: '+1 555 0199 4243' }],
      ['post', `${P}/block`, { reason: 'Zelda owes a charge' }],
      ['delete', `${P}/block`, undefined],
      ['post', `${P}/renew`, {}],
      ['post', `${P}/anonymise`, undefined],
    ] as const) {
      const res = await send(asStaff(request(app)[method](url)).send(body));
      expect([url, res.status]).toEqual([url, 200]);
    }

    const gone = await send(asStaff(request(app).get(P)));
    expect(gone.status).toBe(404);
    expect(refusals.map((r) => r.status)).toEqual([
      409, 422, 422, 422, 400, 422, 404, 412, 400, 400, 400, 400, 401, 401, 404, 405, 422, 422,
    ]);
    const log = readFileSync(logFile, 'utf8');
    expect(log.split('\n').filter((l) => l.includes('"request"')).length).toBeGreaterThanOrEqual(30);
    expect(log).toContain('/patrons/:barcode');
    expect(leaks(log)).toEqual([]);
  });

  test('when the patron refusals above are read, then no error body or header holds their data', () => {
    expect(errorBodies.length).toBeGreaterThanOrEqual(19);
    expect(errorBodies.flatMap(leaks)).toEqual([]);
  });

  test('when the metrics are scraped, then patron routes are labelled by template, never by barcode', async () => {
    const res = await send(asStaff(request(app).get('/metrics')));

    expect(res.status).toBe(200);
    expect(res.text).toContain('route="/patrons/{barcode}"');
    expect(res.text).toContain('route="/patrons"');
    expect(leaks(res.text)).toEqual([]);
  });

  test('when the catalog is searched for a patron, then the search index knows nothing of them', async () => {
    for (const q of ['Quinterra', 'zelda.quinterra@example.org', ZELDA.barcode]) {
      const res = await send(request(app).get(`/search?q=${encodeURIComponent(q)}`));
      expect([q, res.body.total]).toEqual([q, 0]);
    }
  });

  test('when code logs a request or a patron anyway, then the logger censors the personal fields', () => {
    const lines: string[] = [];
    const captured = createLogger({ logLevel: 'debug' }, { write: (l: string) => void lines.push(l) });

    captured.info(
      {
        req: {
          url: `/patrons/${ZELDA.barcode}`,
          params: { barcode: ZELDA.barcode },
          query: { q: ZELDA.name },
          body: ZELDA,
        },
        patron: ZELDA,
        email: ZELDA.email,
        q: ZELDA.name,
        details: { phone: ZELDA.phone, barcode: ZELDA.barcode, surname: 'Quinterra' },
      },
      'careless',
    );

    expect(lines).toHaveLength(1);
    expect(leaks(lines[0]!)).toEqual([]);
  });
});
