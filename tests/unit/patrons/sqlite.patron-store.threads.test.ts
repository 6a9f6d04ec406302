import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createSqlitePatronStore } from '../../../src/patrons/sqlite/sqlite.patron-store';
import { newPatron, T0, T1 } from '../../contract/patron-store.fixtures';
import { transpileTree } from '../../support/transpile';

/**
 * Writers on separate connections to one file, on separate threads, released at once: the
 * contract's races run in one process, where better-sqlite3 never interleaves two calls; here the
 * file's locks and the version condition are what decide. A deferred transaction fails these
 * (SQLITE_BUSY_SNAPSHOT when a read lock cannot become a write lock), which is why the store's
 * read-then-write transactions are IMMEDIATE. Each worker runs the store from its TypeScript
 * source, transpiled here (as tests/support/read-pool-workers.ts does for the read pool).
 */
const ROOT = path.resolve(__dirname, '../../..');
const SOURCES = ['src/errors', 'src/domain/patrons', 'src/domain/cursor-codec.ts', 'src/patrons'];

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const { createSqlitePatronStore } = require(workerData.store);
const db = new Database(workerData.dbPath);
db.pragma('busy_timeout = 10000');
const store = createSqlitePatronStore(db);
const gate = new Int32Array(workerData.gate);
const parties = workerData.parties;
/** Round r starts when every worker has arrived r times; the last to arrive wakes the others. */
function barrier(round) {
  if (Atomics.add(gate, 0, 1) + 1 === parties * round) Atomics.notify(gate, 0);
  for (let seen; (seen = Atomics.load(gate, 0)) < parties * round; ) Atomics.wait(gate, 0, seen);
}
(async () => {
  const outcomes = [];
  for (const [n, args] of workerData.rounds.entries()) {
    barrier(n + 1);
    outcomes.push(
      await store[workerData.op](...args).then(
        () => ({ ok: true }),
        (error) => ({ ok: false, code: error.code }),
      ),
    );
  }
  db.close();
  parentPort.postMessage(outcomes);
})();
`;

interface Outcome {
  ok: boolean;
  code?: string;
}

/** Per round, how many calls succeeded and the codes of those that failed. */
function byRound(outcomes: Outcome[][]): { won: number; lost: string[] }[] {
  return outcomes[0]!.map((_, round) => {
    const of = outcomes.map((worker) => worker[round]!);
    return { won: of.filter((o) => o.ok).length, lost: of.filter((o) => !o.ok).map((o) => o.code!) };
  });
}

describe('SQLite patron store: writers on several threads', () => {
  let dir: string;
  let storeModule: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stacks-patrons-threads-'));
    for (const source of SOURCES) transpileTree(path.join(ROOT, source), path.join(dir, source));
    storeModule = path.join(dir, 'src/patrons/sqlite/sqlite.patron-store.js');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Each worker makes one call a round, every worker's call of a round released at once. */
  const race = (dbPath: string, op: string, rounds: unknown[][][]): Promise<Outcome[][]> => {
    const gate = new SharedArrayBuffer(4);
    return Promise.all(
      rounds.map(
        (workerRounds) =>
          new Promise<Outcome[]>((resolve, reject) => {
            const worker = new Worker(WORKER, {
              eval: true,
              workerData: {
                sqlite: require.resolve('better-sqlite3'),
                store: storeModule,
                dbPath,
                gate,
                parties: rounds.length,
                op,
                rounds: workerRounds,
              },
            });
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
  };

  test('when 5 threads add a loan from one version at once, 10 rounds, then each round exactly one does and 4 get version_conflict', async () => {
    const dbPath = path.join(dir, 'loans.db');
    const db = new Database(dbPath);
    db.pragma('journal_mode = WAL');
    const store = createSqlitePatronStore(db);
    const p = await store.create(newPatron('T1', 'Doe, Jane'), T0);
    const ROUNDS = 10;

    // In round r every worker adds its own loan from version r: the version one winner per round leaves.
    const outcomes = await race(
      dbPath,
      'addLoan',
      [1, 2, 3, 4, 5].map((w) =>
        Array.from({ length: ROUNDS }, (_, r) => [p.id, `loan-${w}-${r}`, r + 1, T1]),
      ),
    );

    expect(byRound(outcomes)).toEqual(
      Array(ROUNDS).fill({ won: 1, lost: Array(4).fill('version_conflict') }),
    );
    const final = (await store.getById(p.id))!;
    expect([final.openLoans.length, final.loanCount, final.version]).toEqual([ROUNDS, ROUNDS, ROUNDS + 1]);
    db.close();
  });

  test('when 6 threads create one barcode in different cases at once, 3 rounds, then each round makes exactly one patron', async () => {
    const dbPath = path.join(dir, 'creates.db');
    const db = new Database(dbPath);
    db.pragma('journal_mode = WAL');
    const store = createSqlitePatronStore(db);

    // Round r: card<r> in six spellings (case, spaces around).
    const spellings = [(r: number) => `card${r}`, (r: number) => `CARD${r}`, (r: number) => `Card${r}`];
    spellings.push(
      (r) => `cArd${r}`,
      (r) => ` card${r}`,
      (r) => `caRD${r} `,
    );
    const outcomes = await race(
      dbPath,
      'create',
      spellings.map((spell, w) => [0, 1, 2].map((r) => [newPatron(spell(r), `Racer ${w}`), T0])),
    );

    expect(byRound(outcomes)).toEqual(Array(3).fill({ won: 1, lost: Array(5).fill('patron_barcode_taken') }));
    expect(await store.count()).toBe(3);
    db.close();
  });
});
