import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../../src/api/app';
import type { Backends } from '../../src/backends/backends';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import { seedSamplesIfEmpty } from '../../src/cli/sample-seed';
import { DEFAULT_OAI_CONFIG } from '../../src/config/oai.config';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import type { Change } from '../../src/store/port';

/**
 * /oai harvested by a real harvester, Sickle (PyPI, pinned, in the virtualenv
 * scripts/test/install-sickle.sh makes; scripts/test/oai-harvest.py drives it): a full harvest
 * counted against the store, then an incremental one `from` the second after it, after changes
 * and deletions. Skipped, saying so, when the virtualenv is not there.
 */
const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const PYTHON = path.join(ROOT, 'tmp', 'venv-oai', 'bin', 'python');
const SCRIPT = path.join(ROOT, 'scripts', 'test', 'oai-harvest.py');
const REPO = DEFAULT_OAI_CONFIG.repositoryIdentifier;
const map = createDefaultMapper();

interface Harvest {
  records: number;
  deleted: number;
  headers: { identifier: string; deleted: boolean }[];
  latestDatestamp: string | null;
}

describe('OAI-PMH harvested by Sickle', () => {
  let skip: string | undefined;
  let backends: Backends;
  let server: Server;
  let base = '';

  beforeAll(async () => {
    try {
      if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing`);
      await run(PYTHON, ['-c', 'import sickle']);
    } catch (err) {
      skip = `no Sickle virtualenv (${(err as Error).message.split('\n')[0]}); make it with scripts/test/install-sickle.sh (npm run test:full does)`;
      process.stderr.write(`oai-sickle SKIPPED: ${skip}\n`);
      return;
    }
    backends = openSqliteBackends(':memory:');
    await seedSamplesIfEmpty(backends, map, path.join(ROOT, 'ingest', 'samples'));
    // Small pages, so the harvest walks many resumption tokens.
    const app = createApp({
      backends,
      oai: { ...DEFAULT_OAI_CONFIG, recordsPageSize: 4 },
      onUnexpected: () => undefined,
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oai`;
  });
  afterAll(async () => {
    if (skip) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await backends.close();
  });

  async function sickle(...args: string[]): Promise<Harvest> {
    const { stdout } = await run(PYTHON, [SCRIPT, base, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as Harvest;
  }

  async function feed(): Promise<Change[]> {
    const all: Change[] = [];
    let after: string | undefined;
    do {
      const page = await backends.store.changes({ limit: 100, ...(after !== undefined && { after }) });
      all.push(...page.changes);
      after = page.next;
    } while (after !== undefined);
    return all;
  }

  const idOf = (identifier: string) => decodeURIComponent(identifier.slice(`oai:${REPO}:`.length));

  test('when harvested in full and then from the last datestamp, then the counts equal the store', async () => {
    if (skip) return;
    const ids = (await feed()).flatMap((c) => (c.kind === 'record' ? [c.record.id] : []));
    await backends.store.deleteMany([ids[0]!]);

    const full = await sickle('--prefix', 'marc21');
    expect(full.records).toBe(await backends.store.count());
    expect(full.deleted).toBe(1);
    expect(full.records + full.deleted).toBe(await backends.store.changeCount());
    expect(new Set(full.headers.map((h) => h.identifier)).size).toBe(full.headers.length);

    // Datestamps are to the second: the incremental harvest starts at the next one.
    const start = Math.floor(Date.now() / 1000);
    while (Math.floor(Date.now() / 1000) === start) await new Promise((r) => setTimeout(r, 50));
    const from = `${new Date().toISOString().slice(0, 19)}Z`;
    expect(from > full.latestDatestamp!).toBe(true);
    const changed = [ids[3]!, ids[7]!];
    for (const id of changed) {
      const stored = await backends.store.get(id);
      const record = stored!.record.clone();
      record.addField({ tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'Revised.' }] });
      await backends.store.upsertMany([{ record, document: map(record) }]);
    }
    await backends.store.deleteMany([ids[5]!]);

    const incremental = await sickle('--prefix', 'oai_dc', '--from', from);
    expect(incremental.headers.map((h) => [idOf(h.identifier), h.deleted])).toEqual([
      [ids[3], false],
      [ids[7], false],
      [ids[5], true],
    ]);
    expect(await sickle('--prefix', 'oai_dc', '--from', '2999-01-01T00:00:00Z')).toMatchObject({
      records: 0,
    });
  });
});
