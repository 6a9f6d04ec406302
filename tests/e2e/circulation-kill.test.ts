import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLoanPolicy } from '../../src/api/loan-policy';
import type { Backends } from '../../src/backends/backends';
import { openBackends } from '../../src/backends/open-backends';
import { loadConfig } from '../../src/config';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import type { NewItem } from '../../src/domain/items/item';
import { circulationPortsOf, CirculationService } from '../../src/services/circulation.service';
import { seeded, type Random } from '../../scripts/fuzz/mutate';
import { BIN, describeBuilt, DIST_SRC } from '../support/built';
import {
  circulationViolations,
  END_OF_TIME,
  readCirculationState,
  type CirculationState,
} from '../support/circulation-invariant';
import { describeWithMongo } from '../support/services';
import { syntheticFile } from '../support/synthetic';

/**
 * The invariant of docs/circulation.md under real crashes: a child process (the built driver,
 * scripts/test/circulation-stream.ts) runs an endless seeded stream of check-outs, check-ins,
 * renewals and holds on a real catalog, each store call after a pause of a few milliseconds, and is
 * SIGKILLed at random moments (after a random number of operations, or on a random timer) again
 * and again. Then recovery settles what the kills cut short, and the stores must agree.
 */
const DRIVER = path.join(DIST_SRC, '..', 'scripts', 'test', 'circulation-stream.js');
const BACKEND_VARIABLES = [
  'STACKS_STORE',
  'STACKS_INDEX',
  'MONGODB_URL',
  'SEARCH_URL',
  'STACKS_INDEX_NAME',
  'STACKS_DB',
];
const LIBRARIES = ['MAIN', 'BRANCH'];
const ITEMS = 30;
const RECORDS = 12;
const PATRONS = 10;
/** Loan limits low enough to be reached: children 2, adults 4. */
const LOAN_RULES = `timezone: UTC
patronTypes: [adult, child]
itemTypes: [book, dvd]
holdShelfDays: 7
rules:
  - { patronType: '*', itemType: '*', days: 21, renewals: 2, maxItems: 4 }
  - { patronType: child, itemType: '*', days: 14, renewals: 2, maxItems: 2 }
  - { patronType: '*', itemType: dvd, days: 7, renewals: 1, maxItems: 4 }
`;
/** What the desk may answer besides `ok`: refusals, never a failure. */
const REFUSALS = [
  'patron_limit_reached',
  'item_not_available',
  'item_on_hold',
  'item_not_on_loan',
  'hold_already_placed',
  'renewal_limit',
  // An item whose operation a kill cut short, before recovery may take it over (recoverAfterMs).
  'circulation_busy',
];

interface Catalog {
  env: Record<string, string>;
  patronIds: string[];
  plan: string;
}

interface Round {
  lines: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** From the spawn to the first operation (node, the backends opened). */
  startupMs: number;
}

const dir = mkdtempSync(path.join(tmpdir(), 'stacks-circ-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment the CLI and the driver read, with nothing of the test's own shell's backends. */
function envFor(backend: Record<string, string>): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !BACKEND_VARIABLES.includes(entry[0]),
    ),
  );
  const rules = path.join(dir, 'loan-rules.yaml');
  writeFileSync(rules, LOAN_RULES);
  return { ...inherited, LOG_LEVEL: 'silent', STACKS_LOAN_RULES: rules, STACKS_INDEX: 'sqlite', ...backend };
}

function open(env: Record<string, string>): Promise<Backends> {
  return openBackends(loadConfig(env));
}

function service(backends: Backends, env: Record<string, string>): CirculationService {
  return new CirculationService(circulationPortsOf(backends), openLoanPolicy(env.STACKS_LOAN_RULES));
}

/** Records by `stacks ingest`, then items, patrons and two holds by the ports and the service. */
async function makeCatalog(label: string, env: Record<string, string>): Promise<Catalog> {
  const mrc = path.join(dir, `${label}.mrc`);
  writeFileSync(mrc, syntheticFile(RECORDS));
  const ingest = spawnSync(process.execPath, [BIN, 'ingest', mrc, '-q'], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  const backends = await open(env);
  try {
    const records = (await backends.store.changes({ limit: 100 })).changes
      .flatMap((c) => (c.kind === 'record' ? [c.record.id] : []))
      .sort();
    expect(records).toHaveLength(RECORDS);
    const items: string[] = [];
    const at = new Date().toISOString();
    for (let n = 1; n <= ITEMS; n++) {
      const barcode = `K${String(n).padStart(3, '0')}`;
      const item: NewItem = {
        barcode,
        recordId: records[n % RECORDS]!,
        location: { library: LIBRARIES[n % 3 === 0 ? 1 : 0]!, shelf: 'STACKS' },
        itemType: n % 5 === 0 ? 'dvd' : 'book',
        notForLoan: false,
        publicNotes: [],
        staffNotes: [],
        source: 'api',
      };
      await backends.items.create(item, at, 'kill-test');
      items.push(barcode);
    }
    const patrons: string[] = [];
    const patronIds: string[] = [];
    for (let n = 1; n <= PATRONS; n++) {
      const barcode = `P${String(n).padStart(2, '0')}`;
      const patron = await backends.patrons.create(
        {
          barcode,
          name: `Reader ${n}`,
          patronType: n <= 3 ? 'child' : 'adult',
          expiry: '2099-12-31',
          keepHistory: n % 2 === 0,
        },
        at,
      );
      patrons.push(barcode);
      patronIds.push(patron.id);
    }
    const circ = service(backends, env);
    await circ.placeHold({ patronBarcode: 'P04', recordId: records[1]!, pickupLibrary: 'MAIN' });
    await circ.placeHold({ patronBarcode: 'P05', recordId: records[3]!, pickupLibrary: 'BRANCH' });
    await circ.placeHold({ patronBarcode: 'P06', itemBarcode: 'K007', pickupLibrary: 'MAIN' });
    const plan = path.join(dir, `${label}.plan.json`);
    writeFileSync(plan, JSON.stringify({ items, patrons, records, libraries: LIBRARIES }));
    return { env, patronIds, plan };
  } finally {
    await backends.close();
  }
}

/**
 * One run of the driver, SIGKILLed inside the operation after `lines` of them, or `ms` after its first one
 * (whichever the round chose); a driver that stops by itself is a failure the caller reports.
 * Resolves once its stdout is drained, with every line it wrote.
 */
function killedRun(
  catalog: Catalog,
  seed: number,
  kill: { lines?: number; ms?: number },
  recoverAfterMs: number,
  retry: string | undefined,
): Promise<Round> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DRIVER], {
      env: {
        ...catalog.env,
        STREAM_PLAN: catalog.plan,
        STREAM_SEED: String(seed),
        STREAM_DELAY_MS: '3',
        STREAM_RECOVER_AFTER_MS: String(recoverAfterMs),
        ...(retry !== undefined && { STREAM_RETRY: retry }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let rest = '';
    let begun = 0;
    let stderr = '';
    // However slow the machine, a round ends.
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const spawned = Date.now();
    let startupMs = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (!line.startsWith('>')) continue;
        begun++;
        if (begun === 1) startupMs = Date.now() - spawned;
        // A few milliseconds into the operation that starts after `lines` were done: between two of its steps.
        if (kill.lines !== undefined && begun === kill.lines + 1)
          setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 20));
        if (kill.ms !== undefined && begun === 1) setTimeout(() => child.kill('SIGKILL'), kill.ms);
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (rest) lines.push(rest);
      resolve({ lines, code, signal, stderr, startupMs });
    });
  });
}

interface Tally {
  kills: number;
  /** Kills that came after an operation started and before it finished. */
  inside: number;
  operations: number;
  outcomes: Map<string, number>;
  startupMs: number;
  elapsedMs: number;
}

/** Kill rounds: up to MAX_ROUNDS, and no new one after BUDGET_MS once MIN_ROUNDS are done (CI's time is shared). */
const MAX_ROUNDS = 12;
const MIN_ROUNDS = 4;
const BUDGET_MS = 35_000;

async function killAgainAndAgain(catalog: Catalog, random: Random): Promise<Tally> {
  const tally: Tally = {
    kills: 0,
    inside: 0,
    operations: 0,
    outcomes: new Map(),
    startupMs: 0,
    elapsedMs: 0,
  };
  const started = Date.now();
  let retry: string | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (round >= MIN_ROUNDS && Date.now() - started > BUDGET_MS) break;
    const kill =
      random() < 0.5 ? { lines: 2 + Math.floor(random() * 20) } : { ms: Math.floor(random() * 1000) };
    // Restarts settle their predecessor's intents at once, or after 1.5 s, or leave them to the
    // next operation on their item (busy meanwhile): recoverAfterMs.
    const recoverAfterMs = [0, 1500, 60_000][Math.floor(random() * 3)]!;
    const run = await killedRun(catalog, Math.floor(random() * 2 ** 31), kill, recoverAfterMs, retry);
    if (run.signal !== 'SIGKILL')
      throw new Error(`the driver stopped by itself (exit ${run.code}): ${run.stderr}`);
    tally.kills++;
    tally.startupMs += run.startupMs;
    const last = run.lines.at(-1);
    retry = last?.startsWith('>') ? last : undefined;
    if (retry) tally.inside++;
    for (const line of run.lines.filter((l) => l.startsWith('<'))) {
      const [, , op, outcome] = line.split(' ');
      const key = `${op} ${outcome}`;
      tally.operations++;
      tally.outcomes.set(key, (tally.outcomes.get(key) ?? 0) + 1);
    }
  }
  tally.elapsedMs = Date.now() - started;
  return tally;
}

function unexpectedOutcomes(tally: Tally): string[] {
  return [...tally.outcomes.keys()].filter((key) => {
    const outcome = key.split(' ')[1] ?? '';
    return !outcome.startsWith('ok') && !REFUSALS.includes(outcome);
  });
}

function count(tally: Tally, prefix: string): number {
  return [...tally.outcomes].filter(([key]) => key.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
}

/** Recovery settles every intent, whatever its age: then the stores must agree. */
async function recoverAndRead(catalog: Catalog): Promise<CirculationState> {
  const backends = await open(catalog.env);
  try {
    const report = await service(backends, catalog.env).recover(END_OF_TIME);
    expect(report.failed).toEqual([]);
    process.stderr.write(
      `circulation kill test: the last recovery finished ${report.finished.length} and undid ${report.undone.length} operations\n`,
    );
    return await readCirculationState(backends, catalog.patronIds);
  } finally {
    await backends.close();
  }
}

/** The desk goes on: every item on loan comes back, leaving no patron with a loan; then one lends again. */
async function checkInEverything(catalog: Catalog): Promise<CirculationState> {
  const backends = await open(catalog.env);
  try {
    const circ = service(backends, catalog.env);
    const { items } = await backends.items.loans({ limit: 100 });
    for (const item of items) {
      await expect(
        circ.checkIn({ itemBarcode: item.barcode, library: item.location.library }),
      ).resolves.toMatchObject({
        checkedIn: true,
      });
    }
    const state = await readCirculationState(backends, catalog.patronIds);
    const free = state.items.find((i) => !i.trappedHold && ['available', 'reshelving'].includes(i.status))!;
    // A hold on that very item is the only refusal left: staff override it.
    const lent = await circ.checkOut({
      itemBarcode: free.barcode,
      patronBarcode: 'P10',
      override: { reason: 'the kill test lends once more' },
    });
    expect(lent.item.loan?.id).toBe(lent.loan.id);
    await circ.checkIn({ itemBarcode: free.barcode });
    return state;
  } finally {
    await backends.close();
  }
}

async function killTest(catalog: Catalog, seed: number): Promise<void> {
  const random = seeded(seed);
  const tally = await killAgainAndAgain(catalog, random);
  process.stderr.write(
    `circulation kill test: ${tally.kills} kills (${tally.inside} inside an operation) in ${tally.elapsedMs} ms (${tally.startupMs} ms starting), ${tally.operations} operations: ${JSON.stringify(Object.fromEntries(tally.outcomes))}\n`,
  );
  expect(unexpectedOutcomes(tally)).toEqual([]);
  expect(count(tally, 'checkout ok')).toBeGreaterThan(0);
  expect(count(tally, 'checkin ok:returned')).toBeGreaterThan(0);
  // The delays put most of a run's time inside operations, so most kills land there.
  expect(tally.inside).toBeGreaterThanOrEqual(Math.ceil(tally.kills / 3));

  const state = await recoverAndRead(catalog);
  expect(circulationViolations(state)).toEqual([]);
  expect(state.events.some((e) => e.kind === 'checkout')).toBe(true);

  const after = await checkInEverything(catalog);
  expect(circulationViolations(after)).toEqual([]);
  expect(after.patrons.flatMap((p) => p.openLoans)).toEqual([]);
  expect(after.items.filter((i) => i.loan || i.status === 'checked-out')).toEqual([]);
}

describeBuilt('circulation killed at random moments (the built driver)', () => {
  test('when the driver is killed again and again on SQLite, then after recovery every loan and its item agree', async () => {
    const env = envFor({ STACKS_STORE: 'sqlite', STACKS_DB: path.join(dir, 'sqlite.db') });
    const catalog = await makeCatalog('sqlite', env);
    await killTest(catalog, 20261206);
  }, 120_000);

  describeWithMongo('on MongoDB (FerretDB), without multi-document transactions', (mongoUrl) => {
    const database = `stacks_circkill_${process.pid}_${Date.now().toString(36)}`;
    const url = mongoUrl.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?/, `$1/${database}`);

    afterAll(async () => {
      const connection = await connectMongo(url);
      await connection.dropDatabase();
      await disconnectMongo(connection);
    });

    test('when the driver is killed again and again on MongoDB, then after recovery every loan and its item agree', async () => {
      const env = envFor({
        STACKS_STORE: 'mongodb',
        MONGODB_URL: url,
        STACKS_DB: path.join(dir, 'mongo-local.db'),
      });
      const catalog = await makeCatalog('mongo', env);
      await killTest(catalog, 20261207);
    }, 120_000);
  });
});
