import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLoanPolicy } from '../../../src/api/loan-policy';
import { openLocationDirectory } from '../../../src/api/location-directory';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { addDays, SAMPLE_DESK_FILE, seedSampleDeskIfNew } from '../../../src/cli/sample-desk';
import { readSampleDesk } from '../../../src/cli/sample-desk-file';
import { sampleFiles } from '../../../src/cli/sample-seed';

const SAMPLES = path.resolve(__dirname, '..', '..', '..', 'ingest', 'samples');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-desk-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function deskFile(text: string): string {
  const file = path.join(dir, 'desk.yaml');
  writeFileSync(file, text);
  return file;
}

describe('the bundled sample desk', () => {
  test('when read, then its patrons are fictional: example.org emails, 555-01xx phones', () => {
    const desk = readSampleDesk(path.join(SAMPLES, SAMPLE_DESK_FILE));
    expect(desk.patrons).toHaveLength(6);
    for (const patron of desk.patrons) {
      expect(patron.email).toMatch(/@example\.org$/);
      expect(patron.phone).toMatch(/^555-01\d\d$/);
    }
    expect(desk.steps.length).toBeGreaterThan(5);
  });

  test('when the sample loader lists the samples folder, then the desk file is not among the MARC files', () => {
    expect(sampleFiles(SAMPLES).map((f) => path.relative(SAMPLES, f))).toEqual([
      'samples-marcxml.xml',
      'samples-mij.json',
      'samples.mrc',
      'samples.mrk',
    ]);
  });
});

describe('reading a desk file', () => {
  test('when a step has an unknown key, then the error names the step and the key', () => {
    const file = deskFile(
      'patrons: []\nsteps:\n  - daysAgo: 1\n    checkOut: { patron: P1, recordId: r, copy: MAIN/STACKS, due: x }\n',
    );
    expect(() => readSampleDesk(file)).toThrow(/steps\[0\]\.checkOut: unknown key due/);
  });

  test('when the steps go back in time, then the file is refused naming the step', () => {
    const file = deskFile(
      'patrons: []\nsteps:\n  - { daysAgo: 2, block: { patron: P1, reason: r } }\n  - { daysAgo: 3, block: { patron: P1, reason: r } }\n',
    );
    expect(() => readSampleDesk(file)).toThrow(/steps\[1\]: daysAgo 3 is earlier than the step before/);
  });

  test('when a patron has no card expiry, then the file is refused naming the patron', () => {
    const file = deskFile(
      'patrons:\n  - { barcode: P1, name: N, email: n@example.org, patronType: adult }\nsteps: []\n',
    );
    expect(() => readSampleDesk(file)).toThrow(/patrons\[0\]: missing expiresInDays/);
  });
});

describe('seeding the desk', () => {
  test('when the catalog has patrons already, then the desk is left out and nothing is added', async () => {
    const backends = openSqliteBackends(':memory:');
    try {
      await backends.patrons.create(
        { barcode: 'REAL-1', name: 'Example, Erika', patronType: 'adult', expiry: '2030-01-01' },
        new Date().toISOString(),
      );
      const rules = { policy: openLoanPolicy(), locations: openLocationDirectory() };
      expect(await seedSampleDeskIfNew(backends, rules, SAMPLES)).toBeUndefined();
      expect(await backends.patrons.count()).toBe(1);
    } finally {
      await backends.close();
    }
  });

  test('when days are added across a month or a year, then the calendar day is right', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
