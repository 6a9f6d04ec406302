import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openKeyStore } from '../../src/api/security/sqlite.key-store';
import { serve } from '../../src/cli/serve.command';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stacks-locations-e2e-'));
  process.env.LOG_LEVEL = 'silent';
});
afterEach(() => {
  delete process.env.LOG_LEVEL;
  delete process.env.STACKS_LOCATIONS;
  rmSync(dir, { recursive: true, force: true });
});

describe('stacks serve with STACKS_LOCATIONS', () => {
  test('when the file has a bad entry, then start-up stops naming its line, before the catalog opens', async () => {
    const file = path.join(dir, 'locations.json');
    writeFileSync(
      file,
      '{\n  "libraries": {\n    "MAIN": { "name": "Main", "locations": { "STACKS": 7 } }\n  }\n}\n',
    );
    process.env.STACKS_LOCATIONS = file;
    const db = path.join(dir, 'serve.db');

    const started = serve({ db, port: '0', samples: false });

    await expect(started).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining(
        `${file}: line 3: libraries.MAIN.locations.STACKS: a name must be text`,
      ),
    });
    expect(existsSync(db)).toBe(false);
  });

  test('when a deployment names its own file, then /locations lists it and writes must use its codes', async () => {
    const file = path.join(dir, 'locations.yaml');
    writeFileSync(file, 'libraries:\n  annex:\n    name: The Annex\n    locations:\n      stacks: Stacks\n');
    process.env.STACKS_LOCATIONS = file;
    const db = path.join(dir, 'serve.db');
    const { keys, close } = openKeyStore(db);
    const { secret } = await keys.create({ name: 'cataloguer', role: 'staff' });
    close();
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const serving = await serve({ db, port: '0', samples: false });
    try {
      const base = `http://127.0.0.1:${(serving.server.address() as AddressInfo).port}`;
      const listed = (await (await fetch(`${base}/locations`)).json()) as { libraries: { code: string }[] };
      expect(listed.libraries.map((l) => l.code)).toEqual(['ANNEX']);

      const moved = await fetch(`${base}/items/transfer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ barcodes: ['X1'], to: 'MAIN/STACKS' }),
      });
      expect(moved.status).toBe(400);
      const problem = (await moved.json()) as { code: string; detail: string };
      expect(problem.code).toBe('invalid_location');
      expect(problem.detail).toContain('ANNEX/STACKS');
    } finally {
      await serving.stop();
      out.mockRestore();
    }
  });
});
