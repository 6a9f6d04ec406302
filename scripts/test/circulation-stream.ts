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
 * stdout (a pipe, so each write is synchronous): `> n op` when operation n starts, `< n op outcome`
 * when it is done (`ok…`, or the AppError's code: a refusal is a finished operation too). Any other
 * error is a bug: stack on stderr, exit 3.
 *
 * Environment besides the catalog's: STREAM_PLAN (a JSON file: item and patron barcodes, record
 * ids, libraries), STREAM_SEED, STREAM_DELAY_MS (every store call waits 0..this many ms first, so a
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
  });
  const barcodeOf = await patronBarcodes(backends, plan.patrons);
  for (let n = 1; ; n++) {
    const op = pickOp(random);
    process.stdout.write(`> ${n} ${op}\n`);
    const outcome = await run(op, { service, backends, plan, random, barcodeOf });
    process.stdout.write(`< ${n} ${op} ${outcome}\n`);
  }
}

interface Stream {
  service: CirculationService;
  backends: Backends;
  plan: Plan;
  random: Random;
  barcodeOf: Map<string, string>;
}

function pickOp(random: Random): Op {
  const r = random();
  if (r < 0.4) return 'checkout';
  if (r < 0.75) return 'checkin';
  if (r < 0.9) return 'renew';
  return 'hold';
}

async function run(op: Op, s: Stream): Promise<string> {
  try {
    return await attempt(op, s);
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

async function attempt(op: Op, s: Stream): Promise<string> {
  const { service, plan, random } = s;
  if (op === 'checkout') {
    const item = await itemToLend(s);
    const patron = patronFor(item, s);
    const done = await service.checkOut({
      itemBarcode: item.barcode,
      patronBarcode: patron,
      by: 'kill-test',
    });
    return done.hold ? 'ok+fulfilled' : 'ok';
  }
  if (op === 'checkin') {
    const item = await itemOnLoan(s, 0.7);
    const here = random() < 0.7 ? item.location.library : pick(random, plan.libraries);
    const done = await service.checkIn({ itemBarcode: item.barcode, library: here, by: 'kill-test' });
    return `ok:${done.checkedIn ? 'returned' : 'scanned'}:${done.action ?? 'stays'}${done.hold ? '+trapped' : ''}`;
  }
  if (op === 'renew') {
    const item = await itemOnLoan(s, 0.9);
    await service.renew({ itemBarcode: item.barcode, by: 'kill-test' });
    return 'ok';
  }
  const onItem = random() < 0.2;
  await service.placeHold({
    patronBarcode: pick(random, plan.patrons),
    ...(onItem ? { itemBarcode: pick(random, plan.items) } : { recordId: pick(random, plan.records) }),
    pickupLibrary: pick(random, plan.libraries),
    by: 'kill-test',
  });
  return 'ok';
}

/** Any item; one trapped on the hold shelf goes mostly to the patron it waits for. */
async function itemToLend(s: Stream): Promise<Item> {
  return (await s.backends.items.get(pick(s.random, s.plan.items)))!;
}

function patronFor(item: Item, s: Stream): string {
  const waiting = item.trappedHold && s.barcodeOf.get(item.trappedHold.patronId);
  if (waiting && item.status === 'on-hold-shelf' && s.random() < 0.8) return waiting;
  return pick(s.random, s.plan.patrons);
}

/** Mostly an item on loan (check-ins that return, renewals); else any item (scans, refusals). */
async function itemOnLoan(s: Stream, share: number): Promise<Item> {
  if (s.random() < share) {
    const { items } = await s.backends.items.loans({ limit: 100 });
    if (items.length > 0) return pick(s.random, items);
  }
  return (await s.backends.items.get(pick(s.random, s.plan.items)))!;
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
