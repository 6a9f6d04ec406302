import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync } from 'node:fs';
import { looksLikeSecret } from '../api/security/api-key.crypto';
import { openKeyStore } from '../api/security/sqlite.key-store';
import { KEY_ROLES, type ApiKey, type KeyStore } from '../api/security/security.types';
import { loadConfig } from '../config';
import { AppError } from '../errors/app-error';

interface DbFlags {
  db?: string;
  json?: boolean;
}

const DB_HELP = 'SQLite database file (default: $STACKS_DB or data/stacks.db)';

/** `stacks keys create|list|revoke`: API keys for the HTTP API, stored hashed in the catalog file. */
export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('manage API keys for the HTTP API (shown once, stored hashed)');
  keys
    .command('create')
    .description('create a key and print its secret, once')
    .addOption(
      new Option('--role <role>', 'what the key may do: reader (reads, for front ends), staff, admin')
        .choices(KEY_ROLES)
        .makeOptionMandatory(),
    )
    .requiredOption('--name <name>', 'who or what uses the key, e.g. "opac-integration"')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print the key and its secret as JSON')
    .action((flags: DbFlags & { role: ApiKey['role']; name: string }) =>
      withKeys(flags, true, (store) => create(store, flags)),
    );
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print the keys as JSON')
    .action((flags: DbFlags) => withKeys(flags, false, (store) => list(store, flags)));
  keys
    .command('revoke')
    .description('revoke a key by its id, its prefix or the full secret')
    .argument('<id-or-prefix>', 'the id or prefix shown by `stacks keys list`')
    .option('--db <path>', DB_HELP)
    .action((idOrPrefix: string, flags: DbFlags) =>
      withKeys(flags, false, (store) => revoke(store, idOrPrefix)),
    );
}

async function withKeys(
  flags: DbFlags,
  mayCreate: boolean,
  work: (keys: KeyStore) => Promise<void>,
): Promise<void> {
  const { dbPath } = loadConfig(process.env, flags.db ? { dbPath: flags.db } : {});
  if (!mayCreate && dbPath !== ':memory:' && !existsSync(dbPath)) {
    throw new AppError(
      'store_unavailable',
      `no catalog at ${dbPath}; create a key with \`stacks keys create\``,
    );
  }
  const { keys, close } = openKeyStore(dbPath);
  try {
    await work(keys);
  } finally {
    close();
  }
}

async function create(
  keys: KeyStore,
  flags: { role: ApiKey['role']; name: string; json?: boolean },
): Promise<void> {
  const { key, secret } = await keys.create({ name: flags.name, role: flags.role });
  if (flags.json) {
    process.stdout.write(JSON.stringify({ key, secret }, null, 2) + '\n');
  } else {
    // The secret alone on stdout, so `KEY=$(stacks keys create …)` captures just it.
    process.stdout.write(`${secret}\n`);
  }
  process.stderr.write(
    `created ${key.role} key ${key.id} "${key.name}" (prefix ${key.prefix})\n` +
      'This secret is shown once and cannot be shown again: store it now. Only its hash is kept.\n',
  );
}

async function list(keys: KeyStore, flags: DbFlags): Promise<void> {
  const all = await keys.list();
  if (flags.json) {
    process.stdout.write(JSON.stringify(all, null, 2) + '\n');
    return;
  }
  if (all.length === 0) {
    process.stderr.write('no API keys; create one with `stacks keys create --role staff --name NAME`\n');
    return;
  }
  const rows = [
    ['ID', 'NAME', 'ROLE', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'],
    ...all.map((k) => [k.id, k.name, k.role, k.prefix, k.createdAt, k.lastUsedAt ?? '-', k.revokedAt ?? '-']),
  ];
  process.stdout.write(table(rows));
}

async function revoke(keys: KeyStore, idOrPrefix: string): Promise<void> {
  const key = await keys.revoke(idOrPrefix);
  if (!key) {
    // Never echo a pasted secret back, even to the terminal it came from.
    const asked = looksLikeSecret(idOrPrefix.trim()) ? 'that secret' : `id or prefix "${idOrPrefix}"`;
    throw new AppError('api_key_not_found', `no API key with ${asked}`);
  }
  process.stderr.write(
    `revoked ${key.role} key ${key.id} "${key.name}" (prefix ${key.prefix}) at ${key.revokedAt}\n`,
  );
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map(
      (r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd() + '\n',
    )
    .join('');
}
