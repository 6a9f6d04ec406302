import { readFileSync } from 'node:fs';
import { openLoanPolicy } from '../../src/api/loan-policy';
import { openBackends } from '../../src/backends/open-backends';
import type { Backends } from '../../src/backends/backends';
import { loadConfig } from '../../src/config';
import type { Item } from '../../src/domain/items/item';
import { AppError } from '../../src/errors/app-error';
import type { CirculationPorts } from '../../src/services/circulation-context';
import { CirculationService } from '../../src/services/circulation.service';
import { seeded, type Random } from '../fuzz/mutate';

/**
 * The child process of tests/e2e/circulation-kill.test.ts: an endless, seeded stream of check-outs,
 * check-ins, renewals and hold placements through the CirculationService, on the backends the
 * environment configures (loadConfig + openBackends, as the CLI opens them). The parent SIGKILLs it
 * at random moments and checks the stores afterwards.
 *
 * stdout (a pipe, so each write is synchronous): `> n op item patron library` when operation n
 * starts (a hold on a record names `record:<id>`; `-` for no patron), `< n op outcome`
 * when it is done (`ok…`, or the AppError's code: a refusal is a finished operation too). Any other
 * error is a bug: stack on stderr, exit 3.
 *
 * Environment besides the catalog's: STREAM_PLAN (a JSON file: item and patron barcodes, record
 * ids, libraries), STREAM_SEED, STREAM_RETRY (a begin line: the operation to do first, the one the
 * previous run was killed in), STREAM_DELAY_MS (every store call waits 0..this many ms first, so a
 * kill lands inside an operation, between two of its steps; the service knows nothing of it),
 * STREAM_RECOVER_AFTER_MS (the service's recoverAfterMs: 0 settles a killed predecessor's intents
 * at the first operation).
 */
interface Plan {
  items: string[];
  patrons: string[];
  records: string[];
  libraries: string[];
}

type Op = 'checkout' | 'checkin' | 'renew' | 'hold';

async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(requiredEnv('STREAM_PLAN'), 'utf8')) as Plan;
  const random = seeded(Number(process.env.STREAM_SEED ?? '1'));
  const delayMs = Number(process.env.STREAM_DELAY_MS ?? '0');
  const config = loadConfig(process.env);
  const backends = await openBackends(config);
  const service = new CirculationService(slowed(backends, delayMs), openLoanPolicy(config.loanRulesPath), {
    recoverAfterMs: Number(process.env.STREAM_RECOVER_AFTER_MS ?? '60000'),
    // A killed predecessor's operation never ends: do not wait long for it.
    waitForOthersMs: 100,
  });
  const s: Stream = {
    service,
    backends,
    plan,
    random,
    barcodeOf: await patronBarcodes(backends, plan.patrons),
  };
  // Staff repeat what they were doing when the system went down: the operation the kill cut short.
  const retry = process.env.STREAM_RETRY ? parseStep(process.env.STREAM_RETRY) : undefined;
  for (let n = 1; ; n++) {
    const step = n === 1 && retry ? retry : await choose(pickOp(random), s);
    process.stdout.write(`> ${n} ${printStep(step)}\n`);
    if (!step.target.startsWith('record:')) s.lastItem = step.target;
    const outcome = await run(step, s);
    process.stdout.write(`< ${n} ${step.op} ${outcome}\n`);
  }
}

interface Stream {
  service: CirculationService;
  backends: Backends;
  plan: Plan;
  random: Random;
  barcodeOf: Map<string, string>;
  /** The item of the operation before: the desk often handles one item twice running. */
  lastItem?: string;
}

/** One operation, decided before it starts: `op item patron library` on its begin line. */
interface Step {
  op: Op;
  /** The item, or for a hold on a record, `record:<id>`. */
  target: string;
  patron: string;
  library: string;
}

function printStep(step: Step): string {
  return [step.op, step.target, step.patron, step.library].join(' ');
}

/** A begin line's step (`> n op item patron library`, or the same without `> n`). */
function parseStep(line: string): Step {
  const words = line.replace(/^> \d+ /, '').split(' ');
  const [op, target, patron, library] = words as [Op, string, string, string];
  return { op, target, patron, library };
}

function pickOp(random: Random): Op {
  const r = random();
  if (r < 0.4) return 'checkout';
  if (r < 0.75) return 'checkin';
  if (r < 0.9) return 'renew';
  return 'hold';
}

async function choose(op: Op, s: Stream): Promise<Step> {
  const { plan, random } = s;
  const library = pick(random, plan.libraries);
  if (op === 'checkout') {
    const item = await itemToLend(s);
    return { op, target: item.barcode, patron: patronFor(item, s), library };
  }
  if (op === 'checkin') {
    const item = await itemOnLoan(s, 0.7);
    return {
      op,
      target: item.barcode,
      patron: '-',
      library: random() < 0.7 ? item.location.library : library,
    };
  }
  if (op === 'renew') return { op, target: (await itemOnLoan(s, 0.9)).barcode, patron: '-', library };
  const target = random() < 0.2 ? pick(random, plan.items) : `record:${pick(random, plan.records)}`;
  return { op, target, patron: pick(random, plan.patrons), library };
}

async function run(step: Step, s: Stream): Promise<string> {
  try {
    return await perform(step, s.service);
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

async function perform(step: Step, service: CirculationService): Promise<string> {
  const by = 'kill-test';
  if (step.op === 'checkout') {
    const done = await service.checkOut({ itemBarcode: step.target, patronBarcode: step.patron, by });
    return done.hold ? 'ok+fulfilled' : 'ok';
  }
  if (step.op === 'checkin') {
    const done = await service.checkIn({ itemBarcode: step.target, library: step.library, by });
    return `ok:${done.checkedIn ? 'returned' : 'scanned'}:${done.action ?? 'stays'}${done.hold ? '+trapped' : ''}`;
  }
  if (step.op === 'renew') {
    await service.renew({ itemBarcode: step.target, by });
    return 'ok';
  }
  const record = step.target.startsWith('record:') ? step.target.slice('record:'.length) : undefined;
  await service.placeHold({
    patronBarcode: step.patron,
    ...(record !== undefined ? { recordId: record } : { itemBarcode: step.target }),
    pickupLibrary: step.library,
    by,
  });
  return 'ok';
}

/** Any item; one trapped on the hold shelf goes mostly to the patron it waits for. */
async function itemToLend(s: Stream): Promise<Item> {
  return (await s.backends.items.get(anyItem(s)))!;
}

/**
 * Mostly any item; a third of the time the one the operation before handled (after a restart, the
 * one the kill cut short), so that an item's next operation often meets what a kill left on it.
 */
function anyItem(s: Stream): string {
  return s.lastItem !== undefined && s.random() < 0.3 ? s.lastItem : pick(s.random, s.plan.items);
}

function patronFor(item: Item, s: Stream): string {
  const waiting = item.trappedHold && s.barcodeOf.get(item.trappedHold.patronId);
  if (waiting && item.status === 'on-hold-shelf' && s.random() < 0.8) return waiting;
  return pick(s.random, s.plan.patrons);
}

/** Mostly an item on loan (check-ins that return, renewals); else any item (scans, refusals). */
async function itemOnLoan(s: Stream, share: number): Promise<Item> {
  const again = anyItem(s);
  if (again === s.lastItem) return (await s.backends.items.get(again))!;
  if (s.random() < share) {
    const { items } = await s.backends.items.loans({ limit: 100 });
    if (items.length > 0) return pick(s.random, items);
  }
  return (await s.backends.items.get(again))!;
}

async function patronBarcodes(backends: Backends, barcodes: readonly string[]): Promise<Map<string, string>> {
  const byId = new Map<string, string>();
  for (const barcode of barcodes) {
    const patron = await backends.patrons.get(barcode);
    if (patron) byId.set(patron.id, barcode);
  }
  return byId;
}

/**
 * The service's ports, each item, patron and circulation store call made after a pause of up to
 * `maxMs` (0: a turn of the event loop), so the process spends its time between the steps of an
 * operation and a kill at a random moment lands inside one.
 */
function slowed(backends: Backends, maxMs: number): CirculationPorts {
  const wait = () =>
    new Promise<void>((resolve) => {
      const ms = Math.floor(Math.random() * (maxMs + 1));
      if (ms === 0) setImmediate(resolve);
      else setTimeout(resolve, ms);
    });
  const wrap = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await wait();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    store: backends.store,
    index: backends.index,
    ...(backends.indexOutbox && { indexOutbox: backends.indexOutbox }),
    items: wrap(backends.items),
    patrons: wrap(backends.patrons),
    circulation: wrap(backends.circulation),
    atomically: (work) => backends.atomically(work),
    transactional: backends.transactional ?? false,
  };
}

function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((err: unknown) => {
  process.stderr.write(
    `circulation-stream: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(3);
});
