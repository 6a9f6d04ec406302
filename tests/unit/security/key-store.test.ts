import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createKeyStore, openKeyStore } from '../../../src/api/security/sqlite.key-store';
import { displayPrefix, generateSecret, hashSecret } from '../../../src/api/security/api-key.crypto';
import { AppError } from '../../../src/errors/app-error';

function clock(start = Date.parse('2025-01-01T00:00:00Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe('API key store', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  test('when a key is created, then the secret is stk_ plus 43 base64url characters and verifies to the key', async () => {
    const keys = createKeyStore(db);

    const { key, secret } = await keys.create({ name: 'opac', role: 'staff' });

    expect(secret).toMatch(/^stk_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'opac', role: 'staff', prefix: secret.slice(0, 12) });
    expect(await keys.verify(secret)).toMatchObject({ id: key.id, role: 'staff' });
  });

  test('when a key is created, then only its SHA-256 is stored, never the secret', async () => {
    const keys = createKeyStore(db);

    const { secret } = await keys.create({ name: 'opac', role: 'admin' });

    const row = db.prepare('SELECT * FROM api_keys').get() as Record<string, unknown>;
    expect(Buffer.compare(row.hash as Buffer, hashSecret(secret))).toBe(0);
    const stored = JSON.stringify(db.prepare('SELECT * FROM api_keys').all());
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(12));
  });

  test('when keys are listed, then no secret or hash appears in the result', async () => {
    const keys = createKeyStore(db);
    const a = await keys.create({ name: 'a', role: 'staff' });
    const b = await keys.create({ name: 'b', role: 'admin' });

    const listed = await keys.list();

    expect(listed.map((k) => k.name)).toEqual(['a', 'b']);
    const text = JSON.stringify(listed);
    for (const { secret } of [a, b]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(hashSecret(secret).toString('hex'));
      expect(text).not.toContain(hashSecret(secret).toString('base64'));
    }
    expect(Object.keys(listed[0]!).sort()).toEqual(['createdAt', 'id', 'name', 'prefix', 'role']);
  });

  test('when a key is revoked by id, then it no longer verifies and lists as revoked', async () => {
    const time = clock();
    const keys = createKeyStore(db, { now: time.now });
    const { key, secret } = await keys.create({ name: 'opac', role: 'staff' });

    const revoked = await keys.revoke(key.id);

    expect(revoked?.revokedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(await keys.verify(secret)).toBeUndefined();
    expect((await keys.list())[0]?.revokedAt).toBe('2025-01-01T00:00:00.000Z');
  });

  test('when a key is revoked by prefix or by its full secret, then that key is the one revoked', async () => {
    const keys = createKeyStore(db);
    const one = await keys.create({ name: 'one', role: 'staff' });
    const two = await keys.create({ name: 'two', role: 'staff' });

    expect((await keys.revoke(one.key.prefix))?.id).toBe(one.key.id);
    expect((await keys.revoke(two.secret))?.id).toBe(two.key.id);
    expect(await keys.verify(one.secret)).toBeUndefined();
    expect(await keys.verify(two.secret)).toBeUndefined();
  });

  test('when a key is revoked twice, then the first revocation time is kept', async () => {
    const time = clock();
    const keys = createKeyStore(db, { now: time.now });
    const { key } = await keys.create({ name: 'opac', role: 'staff' });
    await keys.revoke(key.id);
    time.advance(60_000);

    const again = await keys.revoke(key.id);

    expect(again?.revokedAt).toBe('2025-01-01T00:00:00.000Z');
  });

  test('when nothing matches a revoke, then the result is undefined', async () => {
    const keys = createKeyStore(db);
    await keys.create({ name: 'opac', role: 'staff' });

    expect(await keys.revoke('nope')).toBeUndefined();
  });

  test('when two keys share a prefix, then revoking by that prefix is refused as ambiguous', async () => {
    const keys = createKeyStore(db);
    const a = await keys.create({ name: 'a', role: 'staff' });
    await keys.create({ name: 'b', role: 'staff' });
    db.prepare('UPDATE api_keys SET prefix = ?').run(a.key.prefix);

    await expect(keys.revoke(a.key.prefix)).rejects.toMatchObject({ code: 'api_key_ambiguous' });
  });

  test.each([
    ['garbage', 'not-a-key'],
    ['empty', ''],
    ['right shape, unknown', 'stk_' + 'A'.repeat(43)],
  ])('when a %s secret is verified, then no key is returned', async (_label, secret) => {
    const keys = createKeyStore(db);
    await keys.create({ name: 'opac', role: 'staff' });

    expect(await keys.verify(secret)).toBeUndefined();
  });

  test('when a secret differs from a real one only after the prefix, then it does not verify', async () => {
    const keys = createKeyStore(db);
    const { secret } = await keys.create({ name: 'opac', role: 'staff' });
    const last = secret.at(-1) === 'A' ? 'B' : 'A';

    expect(await keys.verify(secret.slice(0, -1) + last)).toBeUndefined();
  });

  test('when a key is verified often, then last_used_at is written at most once per interval', async () => {
    const time = clock();
    const keys = createKeyStore(db, { now: time.now, touchIntervalMs: 60_000 });
    const { secret } = await keys.create({ name: 'opac', role: 'staff' });
    const writes = () => db.prepare('SELECT last_used_at AS at FROM api_keys').get() as { at: string | null };

    await keys.verify(secret);
    const first = writes().at;
    time.advance(30_000);
    await keys.verify(secret);
    const within = writes().at;
    time.advance(31_000);
    const later = await keys.verify(secret);

    expect(first).toBe('2025-01-01T00:00:00.000Z');
    expect(within).toBe(first);
    expect(writes().at).toBe('2025-01-01T00:01:01.000Z');
    expect(later?.lastUsedAt).toBe('2025-01-01T00:01:01.000Z');
  });

  // Waiting for the lock would take busy_timeout (10 s), past this test's 5 s timeout.
  test('when another connection holds the write lock, then verify answers without waiting and skips the stamp', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stacks-keys-'));
    const file = path.join(dir, 'keys.db');
    const opened = openKeyStore(file);
    const { secret } = await opened.keys.create({ name: 'opac', role: 'staff' });
    const writer = new Database(file);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const key = await opened.keys.verify(secret);

      expect(key?.name).toBe('opac');
    } finally {
      writer.exec('ROLLBACK');
    }
    const row = writer.prepare('SELECT last_used_at AS at FROM api_keys').get() as { at: string | null };
    expect(row.at).toBeNull();
    writer.close();
    opened.close();
  }, 5_000);

  test.each([
    ['an empty name', { name: '  ', role: 'staff' }, 'invalid_api_key_name'],
    ['a name with a newline', { name: 'a\nb', role: 'staff' }, 'invalid_api_key_name'],
    ['a public role', { name: 'x', role: 'public' }, 'invalid_api_key_role'],
  ])(
    'when a key is created with %s, then it is refused with a registered code',
    async (_label, input, code) => {
      const keys = createKeyStore(db);

      const attempt = keys.create(input as never);

      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toMatchObject({ code });
    },
  );

  test('when a catalog has the keys table from before the reader role, then it is widened and its keys still verify', async () => {
    db.exec(`CREATE TABLE api_keys (
      id TEXT PRIMARY KEY, name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('staff', 'admin')),
      prefix TEXT NOT NULL, hash BLOB NOT NULL UNIQUE, created_at TEXT NOT NULL,
      last_used_at TEXT, revoked_at TEXT)`);
    const old = await insertOldKey(db, 'staff');

    const keys = createKeyStore(db);
    const reader = await keys.create({ name: 'opac', role: 'reader' });

    expect((await keys.verify(old.secret))?.id).toBe(old.key.id);
    expect((await keys.verify(reader.secret))?.role).toBe('reader');
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'api_keys_prefix'").get()).toBeDefined();
  });

  test('when the database is read-only and has no keys table, then opening the store says how to fix it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stacks-keys-'));
    const file = path.join(dir, 'empty.db');
    new Database(file).close();
    const readonly = new Database(file, { readonly: true });
    try {
      expect(() => createKeyStore(readonly)).toThrow(/stacks keys create/);
    } finally {
      readonly.close();
    }
  });
});

/** A key written straight into an existing table, as an older version of the store did. */
async function insertOldKey(
  db: Database.Database,
  role: 'staff' | 'admin',
): Promise<{ key: { id: string }; secret: string }> {
  const secret = generateSecret();
  const id = 'oldkey000001';
  db.prepare('INSERT INTO api_keys (id, name, role, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    'old',
    role,
    displayPrefix(secret),
    hashSecret(secret),
    '2025-01-01T00:00:00.000Z',
  );
  return { key: { id }, secret };
}
