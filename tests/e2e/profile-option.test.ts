import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { openKeyStore } from '../../src/api/security/sqlite.key-store';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import { serve } from '../../src/cli/serve.command';
import { loadMapper } from '../../src/ingest/profile-loader';
import { createJobService } from '../../src/jobs/job.service';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { headerRoleSecurity } from '../api/support/api-fixture';
import { mrk } from '../unit/mapping/mrk-record';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'stacks.js');
const EXAMPLE = path.join(ROOT, 'ingest', 'profile', 'local-fields.profile.json');
/**
 * "Wetherbee" is only in the 590, which only the example profile maps; so are the 690 and 910,
 * which it makes `local` facet values (the 952 is holdings, left alone).
 */
const LOCAL_BOOK = toIso2709(
  mrk(`
=001  local-1
=245  00$aA town history.
=590  \\\\$aGift of the Wetherbee family.
=690  \\7$aAshby (Mass.)$2local
=910  \\\\$aTown archive.
=952  \\\\$aMAIN$bStacks`),
);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stacks-profile-e2e-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function stacks(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // Only --profile chooses here: a STACKS_PROFILE of the caller's shell would blur the test.
  const { STACKS_PROFILE: _ignored, ...env } = process.env;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...env, STACKS_STORE: 'sqlite', STACKS_INDEX: 'sqlite' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function badProfile(): string {
  const file = path.join(dir, 'bad.json');
  const rule = { name: 'my note', to: 'summary', extract: '590a', transforms: ['trimm'] };
  writeFileSync(file, JSON.stringify({ name: 'bad', extends: 'default', rules: [rule] }));
  return file;
}

const built = existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
(built ? describe : describe.skip)('stacks ingest --profile (built CLI)', () => {
  const totalFor = (db: string, q: string): number =>
    (JSON.parse(stacks('search', q, '--json', '--db', db).stdout) as { total: number }).total;

  test('when the example profile is named, then a word only its 590 rule maps is found; without it, not', () => {
    writeFileSync(path.join(dir, 'local.mrc'), LOCAL_BOOK);
    const withProfile = stacks('ingest', 'local.mrc', '--profile', EXAMPLE, '--db', 'a.db', '-q');
    const without = stacks('ingest', 'local.mrc', '--db', 'b.db', '-q');

    expect([withProfile.status, without.status]).toEqual([0, 0]);
    expect(totalFor('a.db', 'Wetherbee')).toBe(1);
    expect(totalFor('b.db', 'Wetherbee')).toBe(0);
  });

  test('when the same file is loaded again with the example profile, then its record is updated, and a third time unchanged', () => {
    writeFileSync(path.join(dir, 'local.mrc'), LOCAL_BOOK);
    const outcome = (report: string) =>
      (JSON.parse(readFileSync(path.join(dir, report), 'utf8')) as { outcome: string }).outcome;
    expect(stacks('ingest', 'local.mrc', '--db', 'a.db', '-q').status).toBe(0);

    const again = stacks(
      'ingest',
      'local.mrc',
      '--profile',
      EXAMPLE,
      '--db',
      'a.db',
      '--report',
      'r2.jsonl',
      '-q',
    );
    const third = stacks(
      'ingest',
      'local.mrc',
      '--profile',
      EXAMPLE,
      '--db',
      'a.db',
      '--report',
      'r3.jsonl',
      '-q',
    );

    expect([again.status, third.status]).toEqual([0, 0]);
    expect([outcome('r2.jsonl'), outcome('r3.jsonl')]).toEqual(['updated', 'unchanged']);
    expect(totalFor('a.db', 'Wetherbee')).toBe(1);
  });

  test('when the example profile is named, then 690 and 910 are local facet values a filter finds', () => {
    writeFileSync(path.join(dir, 'local.mrc'), LOCAL_BOOK);
    expect(stacks('ingest', 'local.mrc', '--profile', EXAMPLE, '--db', 'a.db', '-q').status).toBe(0);

    const found = stacks(
      'search',
      '',
      '--facets',
      'local',
      '--filter',
      'local:Town archive',
      '--json',
      '--db',
      'a.db',
    );

    expect(found.status).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({
      total: 1,
      facets: {
        local: [
          { value: 'Ashby (Mass.)', count: 1 },
          { value: 'Town archive', count: 1 },
        ],
      },
    });
  });

  test('when the profile has a bad rule, then one clean line names the file and the rule, exit 2', () => {
    writeFileSync(path.join(dir, 'local.mrc'), LOCAL_BOOK);
    const file = badProfile();

    const { status, stderr } = stacks('ingest', 'local.mrc', '--profile', file, '--db', 'c.db');

    expect(status).toBe(2);
    expect(stderr).toMatch(
      new RegExp(`^stacks: ${file}: profile "bad", rule "my note": [^\\n]*\\(mapping_bad_rule\\)\\n$`),
    );
    expect(existsSync(path.join(dir, 'c.db'))).toBe(false);
  });
});

describe('ingest jobs with a profile', () => {
  test('when the app runs jobs with the example profile, then an uploaded record is mapped by it', async () => {
    const backends = openSqliteBackends(path.join(dir, 'jobs.db'));
    const map = loadMapper(EXAMPLE);
    const jobs = createJobService({ db: backends.db, backends, map, uploadDir: path.join(dir, 'uploads') });
    const app = createApp({
      backends,
      jobs,
      map,
      security: headerRoleSecurity(),
      onUnexpected: () => undefined,
    });
    try {
      const staff = { 'x-test-role': 'staff' };
      await request(app).post('/ingest').set(staff).set('content-type', 'application/marc').send(LOCAL_BOOK);
      await jobs.idle();

      const found = await request(app).get('/search?q=Wetherbee&facets=local,topic');
      expect(found.body.total).toBe(1);
      expect(found.body.facets).toEqual({
        local: [
          { value: 'Ashby (Mass.)', count: 1 },
          { value: 'Town archive', count: 1 },
        ],
        topic: [],
      });
      const filtered = await request(app).get('/search').query({ filter: 'local:ashby (mass.)' });
      expect(filtered.body.total).toBe(1);
    } finally {
      await jobs.close();
      await backends.close();
    }
  });
});

describe('stacks serve with STACKS_PROFILE', () => {
  async function served<T>(profile: string, use: (port: number, secret: string) => Promise<T>): Promise<T> {
    process.env.LOG_LEVEL = 'silent';
    process.env.STACKS_PROFILE = profile;
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const db = path.join(dir, 'serve.db');
      const { keys, close } = openKeyStore(db);
      const { secret } = await keys.create({ name: 'loader', role: 'staff' });
      close();
      const serving = await serve({ db, port: '0', samples: false });
      try {
        return await use((serving.server.address() as AddressInfo).port, secret);
      } finally {
        await serving.stop();
      }
    } finally {
      out.mockRestore();
      delete process.env.LOG_LEVEL;
      delete process.env.STACKS_PROFILE;
    }
  }

  test('when a job is posted to the server, then it maps with the server profile', async () => {
    const total = await served(EXAMPLE, async (port, secret) => {
      const base = `http://127.0.0.1:${port}`;
      const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/marc' };
      const posted = (await (
        await fetch(`${base}/ingest`, { method: 'POST', headers, body: LOCAL_BOOK })
      ).json()) as { jobId: string };
      for (let state = 'queued'; state === 'queued' || state === 'running';) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const job = await fetch(`${base}/jobs/${posted.jobId}`, { headers });
        state = ((await job.json()) as { state: string }).state;
      }
      return ((await (await fetch(`${base}/search?q=Wetherbee`)).json()) as { total: number }).total;
    });

    expect(total).toBe(1);
  });

  test('when STACKS_PROFILE has a bad rule, then the server does not start and the error names the rule', async () => {
    const file = badProfile();

    await expect(served(file, async () => 'listening')).rejects.toMatchObject({
      code: 'mapping_bad_rule',
      details: { file, rule: 'my note' },
    });
  });
});
