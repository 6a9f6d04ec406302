import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors/app-error';
import { displayPrefix, generateSecret, hashesMatch, hashSecret, looksLikeSecret } from './api-key.crypto';
import { KEY_ROLES, type ApiKey, type KeyStore } from './security.types';

const TABLE = (name: string): string => `
CREATE TABLE ${name} (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('reader', 'staff', 'admin')),
  prefix TEXT NOT NULL,
  hash BLOB NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);`;
const INDEX = 'CREATE INDEX IF NOT EXISTS api_keys_prefix ON api_keys (prefix);';

interface KeyRow {
  id: string;
  name: string;
  role: ApiKey['role'];
  prefix: string;
  hash: Buffer;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface KeyStoreOptions {
  /** The clock, injectable for tests. */
  now?: () => Date;
  /** How stale last_used_at may get before a verify writes it again (default one minute). */
  touchIntervalMs?: number;
}

const NAME_MAX = 100;

/** Prepared once per store; adapters return plain objects, never these. */
function statements(db: Database.Database) {
  return {
    all: db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, rowid'),
    byPrefix: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE prefix = ?'),
    byIdOrPrefix: db.prepare<[string, string], KeyRow>('SELECT * FROM api_keys WHERE id = ? OR prefix = ?'),
    byHash: db.prepare<[Buffer], KeyRow>('SELECT * FROM api_keys WHERE hash = ?'),
    insert: db.prepare<[string, string, string, string, Buffer, string]>(
      'INSERT INTO api_keys (id, name, role, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    touch: db.prepare<[string, string]>('UPDATE api_keys SET last_used_at = ? WHERE id = ?'),
    revoke: db.prepare<[string, string]>(
      'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    ),
  };
}

interface Store {
  db: Database.Database;
  sql: ReturnType<typeof statements>;
  now: () => Date;
  touchIntervalMs: number;
}

/**
 * API keys in the catalog's SQLite file (table api_keys). Only the SHA-256 of a secret is kept;
 * the secret leaves this module once, in create's result.
 */
export function createKeyStore(db: Database.Database, options: KeyStoreOptions = {}): KeyStore {
  ensureSchema(db);
  const store: Store = {
    db,
    sql: statements(db),
    now: options.now ?? (() => new Date()),
    touchIntervalMs: options.touchIntervalMs ?? 60_000,
  };
  return {
    create: async (input) => createKey(store, input),
    list: async () => store.sql.all.all().map(toApiKey),
    revoke: async (idOrPrefix) => revokeKey(store, idOrPrefix),
    verify: async (secret) => verifyKey(store, secret),
  };
}

function createKey(store: Store, input: { name: string; role: string }): { key: ApiKey; secret: string } {
  const name = validName(input.name);
  const role = validRole(input.role);
  const secret = newSecret(store);
  const row: KeyRow = {
    id: randomBytes(6).toString('hex'),
    name,
    role,
    prefix: displayPrefix(secret),
    hash: hashSecret(secret),
    created_at: store.now().toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  store.sql.insert.run(row.id, row.name, row.role, row.prefix, row.hash, row.created_at);
  return { key: toApiKey(row), secret };
}

function newSecret(store: Store): string {
  // A display prefix shared by two keys would make `revoke PREFIX` ambiguous; at 48 bits it
  // practically never happens, and drawing again costs nothing.
  for (;;) {
    const secret = generateSecret();
    if (store.sql.byPrefix.all(displayPrefix(secret)).length === 0) return secret;
  }
}

function revokeKey(store: Store, idOrPrefix: string): ApiKey | undefined {
  const wanted = idOrPrefix.trim();
  // A pasted full secret works too: the quickest response to "this key leaked".
  const rows = looksLikeSecret(wanted)
    ? store.sql.byHash.all(hashSecret(wanted))
    : store.sql.byIdOrPrefix.all(wanted, wanted);
  if (rows.length === 0) return undefined;
  if (rows.length > 1) {
    throw new AppError('api_key_ambiguous', `"${wanted}" matches ${rows.length} keys; use the key's id`, {
      ids: rows.map((r) => r.id),
    });
  }
  const row = rows[0]!;
  if (!row.revoked_at) {
    row.revoked_at = store.now().toISOString();
    store.sql.revoke.run(row.revoked_at, row.id);
  }
  return toApiKey(row);
}

function verifyKey(store: Store, secret: string): ApiKey | undefined {
  if (!looksLikeSecret(secret)) return undefined;
  const presented = hashSecret(secret);
  const row = store.sql.byPrefix.all(displayPrefix(secret)).find((r) => hashesMatch(r.hash, presented));
  if (!row || row.revoked_at) return undefined;
  touchIfStale(store, row);
  return toApiKey(row);
}

function touchIfStale(store: Store, row: KeyRow): void {
  const at = store.now();
  if (row.last_used_at && at.getTime() - Date.parse(row.last_used_at) < store.touchIntervalMs) return;
  const stamp = at.toISOString();
  row.last_used_at = stamp;
  withoutWaiting(store.db, () => store.sql.touch.run(stamp, row.id));
}

/**
 * Opens a connection of its own to the catalog file for the key store (WAL lets it sit beside
 * the store's connection). Close it with the returned function.
 */
export function openKeyStore(
  dbPath: string,
  options: KeyStoreOptions = {},
): { keys: KeyStore; close(): void } {
  try {
    if (dbPath !== ':memory:') mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    const db = new Database(dbPath);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    return { keys: createKeyStore(db, options), close: () => db.close() };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'store_unavailable',
      `cannot open the key store in ${dbPath}: ${(err as Error).message}`,
      {
        dbPath,
      },
    );
  }
}

function ensureSchema(db: Database.Database): void {
  const table = db
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'api_keys'")
    .get();
  if (table && table.sql.includes("'reader'")) return;
  if (db.readonly) {
    // A table from before the reader role still verifies its staff and admin keys.
    if (table) return;
    throw new AppError(
      'store_unavailable',
      'the database has no api_keys table and is open read-only; create a key with `stacks keys create` first',
    );
  }
  if (table) widenRoles(db);
  else db.exec(TABLE('api_keys') + INDEX);
}

/**
 * A table made before the reader role refuses it in its CHECK constraint, which SQLite cannot
 * alter: the table is rebuilt with the wider one, its keys copied as they are, in one transaction.
 */
function widenRoles(db: Database.Database): void {
  db.transaction(() => {
    db.exec(TABLE('api_keys_widened'));
    db.exec(
      'INSERT INTO api_keys_widened SELECT id, name, role, prefix, hash, created_at, last_used_at, revoked_at FROM api_keys',
    );
    db.exec('DROP TABLE api_keys');
    db.exec('ALTER TABLE api_keys_widened RENAME TO api_keys');
    db.exec(INDEX);
  })();
}

/**
 * Runs a best-effort write without waiting for the write lock. better-sqlite3 is synchronous, so
 * waiting on busy_timeout while an ingest holds the lock would freeze the whole server; a
 * last-used stamp is not worth that, and a read-only or busy database simply skips it (the next
 * request past the interval tries again).
 */
function withoutWaiting(db: Database.Database, write: () => void): void {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    write();
  } catch {
    // Deliberately ignored: see above.
  } finally {
    db.pragma(`busy_timeout = ${Number(timeout)}`);
  }
}

function validName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || trimmed.length > NAME_MAX || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new AppError(
      'invalid_api_key_name',
      `a key name is 1–${NAME_MAX} printable characters, not ${JSON.stringify(name)}`,
    );
  }
  return trimmed;
}

function validRole(role: string): ApiKey['role'] {
  if ((KEY_ROLES as readonly string[]).includes(role)) return role as ApiKey['role'];
  throw new AppError('invalid_api_key_role', `a key's role is one of ${KEY_ROLES.join(', ')}, not "${role}"`);
}

/** The public face of a row: never the hash. */
function toApiKey(row: KeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.created_at,
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
    ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
  };
}
