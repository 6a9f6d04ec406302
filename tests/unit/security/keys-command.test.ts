import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openKeyStore } from '../../../src/api/security/sqlite.key-store';
import { run } from '../../../src/cli/main';

const dir = mkdtempSync(path.join(tmpdir(), 'stacks-keys-cli-'));

/** Runs the CLI in-process, capturing stdout, stderr and the exit code. */
async function stacks(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(String(chunk));
    return true;
  };
  const spyOut = jest.spyOn(process.stdout, 'write').mockImplementation(capture(out));
  const spyErr = jest.spyOn(process.stderr, 'write').mockImplementation(capture(err));
  process.exitCode = 0;
  try {
    await run(['node', 'stacks', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    spyOut.mockRestore();
    spyErr.mockRestore();
    process.exitCode = 0;
  }
}

describe('stacks keys', () => {
  const db = path.join(dir, 'catalog.db');

  test('when a key is created, then the secret alone is printed once with a warning, and it verifies', async () => {
    const { code, stdout, stderr } = await stacks(
      'keys',
      'create',
      '--role',
      'staff',
      '--name',
      'desk',
      '--db',
      db,
    );

    expect(code).toBe(0);
    const secret = stdout.trim();
    expect(secret).toMatch(/^stk_[A-Za-z0-9_-]{43}$/);
    expect(stderr).toContain('cannot be shown again');
    expect(stderr).not.toContain(secret);
    const { keys, close } = openKeyStore(db);
    try {
      expect((await keys.verify(secret))?.name).toBe('desk');
    } finally {
      close();
    }
  });

  test('when keys are listed, then id, name, role, prefix and dates show, and no secret', async () => {
    const created = await stacks('keys', 'create', '--role', 'admin', '--name', 'ops', '--db', db);
    const secret = created.stdout.trim();

    const { code, stdout } = await stacks('keys', 'list', '--db', db);

    expect(code).toBe(0);
    const [header, ...rows] = stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+ROLE\s+PREFIX\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(rows.some((r) => /\bops\s+admin\s+stk_\S{8}\s/.test(r))).toBe(true);
    expect(stdout).not.toContain(secret);
    expect(stdout).not.toContain(secret.slice(12));
  });

  test('when a key is revoked by prefix, then list shows it revoked and it no longer verifies', async () => {
    const created = await stacks('keys', 'create', '--role', 'staff', '--name', 'temp', '--db', db, '--json');
    const { key, secret } = JSON.parse(created.stdout) as {
      key: { id: string; prefix: string };
      secret: string;
    };

    const revoked = await stacks('keys', 'revoke', key.prefix, '--db', db);
    const listed = JSON.parse((await stacks('keys', 'list', '--db', db, '--json')).stdout) as {
      id: string;
      revokedAt?: string;
    }[];

    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toContain(`revoked staff key ${key.id}`);
    expect(listed.find((k) => k.id === key.id)?.revokedAt).toBeDefined();
    const { keys, close } = openKeyStore(db);
    try {
      expect(await keys.verify(secret)).toBeUndefined();
    } finally {
      close();
    }
  });

  test('when the key to revoke does not exist, then the exit code is 2 and the code is api_key_not_found', async () => {
    const { code, stderr } = await stacks('keys', 'revoke', 'nope', '--db', db);

    expect(code).toBe(2);
    expect(stderr).toContain('api_key_not_found');
  });

  test('when an unknown full secret is revoked, then the error does not echo it', async () => {
    const pasted = 'stk_' + 'Q'.repeat(43);

    const { code, stderr } = await stacks('keys', 'revoke', pasted, '--db', db);

    expect(code).toBe(2);
    expect(stderr).not.toContain(pasted);
  });

  test('when a reader key is created, then it verifies as a reader', async () => {
    const { code, stdout } = await stacks('keys', 'create', '--role', 'reader', '--name', 'opac', '--db', db);

    expect(code).toBe(0);
    const { keys, close } = openKeyStore(db);
    try {
      expect((await keys.verify(stdout.trim()))?.role).toBe('reader');
    } finally {
      close();
    }
  });

  test('when the role is not reader, staff or admin, then commander refuses it before any key is made', async () => {
    // Commander exits the process on a bad choice; stop it here instead.
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => {
      throw new Error('process.exit');
    });
    try {
      const { stderr } = await stacks('keys', 'create', '--role', 'public', '--name', 'x', '--db', db);

      expect(exit).toHaveBeenCalledWith(1);
      expect(stderr).toMatch(/reader, staff, admin/);
    } finally {
      exit.mockRestore();
    }
    const listed = JSON.parse((await stacks('keys', 'list', '--db', db, '--json')).stdout) as {
      name: string;
    }[];
    expect(listed.map((k) => k.name)).not.toContain('x');
  });

  test('when keys are listed in a catalog that does not exist, then it says so instead of creating one', async () => {
    const { code, stderr } = await stacks('keys', 'list', '--db', path.join(dir, 'absent.db'));

    expect(code).toBe(2);
    expect(stderr).toContain('no catalog at');
  });
});
