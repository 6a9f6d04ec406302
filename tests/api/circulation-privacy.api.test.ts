import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { createKeyStore, createSecurity } from '../../src/api/security';
import { createLogger } from '../../src/logging/logger';
import { EMBEDDED_TARGET, type Catalog } from './support/api-backends';
import { checked, loadCatalog } from './support/api-fixture';
import { AT, copy, patron, testLoanPolicy, TOLSTOY } from './support/circulation-fixture';

/**
 * The desk's refusals and the request log never hold a patron's personal data (docs/patrons.md,
 * privacy): a fictional patron with recognisable values borrows, is refused, places holds; then the
 * log file and every error body are searched for those values. Staff answers name the patron by
 * card barcode (that is what the desk scans), never by name or email.
 */
const YVO = patron('YQPRIVCARD', { name: 'Vantablack, Yvo', email: 'yvo.vantablack@example.org' });
const SECRETS = ['YQPRIVCARD', 'Vantablack', 'Yvo', 'yvo.vantablack'];

function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return SECRETS.filter((s) => lower.includes(s.toLowerCase()));
}

describe('circulation and privacy [sqlite]', () => {
  let dir: string;
  let logFile: string;
  let catalog: Catalog;
  let app: ReturnType<typeof createApp>;
  let staffKey: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-circ-privacy-'));
    logFile = path.join(dir, 'stacks.log');
    const logger = createLogger({ logLevel: 'debug' }, pino.destination({ dest: logFile, sync: true }));
    catalog = await EMBEDDED_TARGET.open();
    await loadCatalog(catalog.backends, 0);
    const keys = createKeyStore(catalog.db);
    staffKey = (await keys.create({ name: 'desk', role: 'staff' })).secret;
    const security = createSecurity({ config: { corsOrigins: [] }, keys, logger, rateLimits: false });
    app = createApp({ backends: catalog.backends, security, loanPolicy: testLoanPolicy(1) });
    for (const b of ['B1', 'B2']) await catalog.backends.items.create(copy(b), AT);
    await catalog.backends.patrons.create(YVO, AT);
  });
  afterAll(async () => {
    await catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('when a patron borrows and is refused, then neither the log nor an error holds their data', async () => {
    const errors: string[] = [];
    const send = async (method: 'get' | 'post', url: string, body?: object) => {
      const res = await checked(
        request(app)[method](url).set('authorization', `Bearer ${staffKey}`).send(body),
      );
      if (res.status >= 400) errors.push(`${res.status} ${res.text}`);
      return res;
    };
    const lent = await send('post', '/circulation/checkouts', {
      itemBarcode: 'B1',
      patronBarcode: YVO.barcode,
    });
    expect(lent.status).toBe(201);
    expect(JSON.stringify(lent.body)).not.toMatch(/Vantablack|yvo\.vantablack/);
    const statuses = [
      (await send('post', '/circulation/checkouts', { itemBarcode: 'B2', patronBarcode: YVO.barcode }))
        .status,
      (await send('post', '/circulation/checkouts', { itemBarcode: 'B2', patronBarcode: `${YVO.barcode}X` }))
        .status,
      (await send('post', '/circulation/checkouts', { itemBarcode: 'B1', patronBarcode: 'Yvo'.repeat(30) }))
        .status,
      (
        await send('post', '/circulation/holds', {
          patronBarcode: `${YVO.barcode}Z`,
          recordId: TOLSTOY,
          pickupLibrary: 'MAIN',
        })
      ).status,
      (await send('get', `/patrons/${YVO.barcode}Q/loans`)).status,
      (await send('get', `/patrons/${YVO.barcode}Q/holds`)).status,
    ];
    expect(statuses).toEqual([409, 404, 400, 404, 404, 404]);
    expect((await send('get', `/patrons/${YVO.barcode}/loans`)).status).toBe(200);
    expect((await send('post', '/circulation/checkins', { itemBarcode: 'B1' })).status).toBe(200);

    expect(errors.flatMap(leaks)).toEqual([]);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('/circulation/checkouts');
    expect(log).toContain('/patrons/:barcode/loans');
    expect(leaks(log)).toEqual([]);
  });
});
