import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openKeyStore } from '../../src/api/security/sqlite.key-store';
import { serve } from '../../src/cli/serve.command';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stacks-loan-rules-e2e-'));
  process.env.LOG_LEVEL = 'silent';
});
afterEach(() => {
  delete process.env.LOG_LEVEL;
  delete process.env.STACKS_LOAN_RULES;
  rmSync(dir, { recursive: true, force: true });
});

const HEAD = 'patronTypes: [adult]\nitemTypes: [book]\nrules:\n';

describe('stacks serve with STACKS_LOAN_RULES', () => {
  test('when two rules contradict each other, then start-up stops naming both lines, before the catalog opens', async () => {
    const file = path.join(dir, 'loan-rules.yaml');
    writeFileSync(
      file,
      `${HEAD}  - { patronType: adult, itemType: book, days: 21, renewals: 2, maxItems: 30 }\n  - { patronType: adult, itemType: book, days: 14, renewals: 2, maxItems: 30 }\n`,
    );
    process.env.STACKS_LOAN_RULES = file;
    const db = path.join(dir, 'serve.db');

    await expect(serve({ db, port: '0', samples: false })).rejects.toMatchObject({
      code: 'loan_rules_invalid',
      message: `loan rules ${file} line 5: a second rule for adult × book × *; line 4 already gives it (remove one of the two)`,
    });
    expect(existsSync(db)).toBe(false);
  });

  test('when a deployment names its own file, then GET /circulation/rules shows it', async () => {
    const file = path.join(dir, 'loan-rules.yaml');
    writeFileSync(
      file,
      `${HEAD}  - { patronType: '*', itemType: '*', days: 28, renewals: 1, maxItems: 9 }\n`,
    );
    process.env.STACKS_LOAN_RULES = file;
    const db = path.join(dir, 'serve.db');
    const { keys, close } = openKeyStore(db);
    const { secret } = await keys.create({ name: 'desk', role: 'staff' });
    close();
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const serving = await serve({ db, port: '0', samples: false });
    try {
      const base = `http://127.0.0.1:${(serving.server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/circulation/rules`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      const body = (await res.json()) as { source: string; rules: { period: unknown }[] };

      expect(res.status).toBe(200);
      expect(body.source).toBe(file);
      expect(body.rules.map((r) => r.period)).toEqual([{ days: 28 }]);
    } finally {
      await serving.stop();
      out.mockRestore();
    }
  });
});
