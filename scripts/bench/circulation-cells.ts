import { load } from './bench-process';
import { itemBarcode, patronBarcode } from './circulation-catalog';
import { runCell, type CellRequest, type CellResult } from './circulation-load';
import { row, type BackendName, type CellRow, type Op } from './circulation-report';
import { watchProcesses } from './proc-watch';

/**
 * The cells of one backend. Per concurrency, `rounds` rounds of (status changes, check-outs, the
 * check-ins of the items those took), each a `requests / rounds` slice, the slices of one operation
 * then counted as one cell: load from other work on the shared machine drifts over minutes, and
 * interleaving spreads it over the three operations alike instead of loading whichever came last.
 */

export interface CellsPlan {
  loans: number;
  patrons: number;
  requests: number;
  concurrency: number[];
  rounds: number;
  /** Most seconds a cell may take, over all its rounds. */
  seconds: number;
  warmup: number;
}

export interface BenchServer {
  baseUrl: string;
  key: string;
  pid?: number;
}

const OK: Record<Op, number> = { status: 200, 'check-out': 201, 'check-in': 200 };
const OPS: readonly Op[] = ['status', 'check-out', 'check-in'];

/** Hands out items on the shelf (those after the open loans) and patrons under their limit, each once. */
class Allocator {
  private item: number;
  private patron = 0;
  constructor(private readonly plan: CellsPlan) {
    this.item = plan.loans;
  }
  items(n: number): string[] {
    const out = Array.from({ length: n }, (_, k) => itemBarcode(this.item + k));
    this.item += n;
    return out;
  }
  nextPatron(): string {
    return patronBarcode((this.plan.loans + this.patron++) % this.plan.patrons);
  }
}

function requestsFor(op: Op, barcodes: readonly string[], alloc: Allocator): CellRequest[] {
  return barcodes.map((barcode): CellRequest => {
    if (op === 'status')
      return {
        method: 'POST',
        path: `/items/${encodeURIComponent(barcode)}/status`,
        body: { status: 'in-repair' },
        tag: barcode,
      };
    if (op === 'check-out')
      return {
        method: 'POST',
        path: '/circulation/checkouts',
        body: { itemBarcode: barcode, patronBarcode: alloc.nextPatron() },
        tag: barcode,
      };
    return { method: 'POST', path: '/circulation/checkins', body: { itemBarcode: barcode }, tag: barcode };
  });
}

interface Sum {
  cell: CellResult;
  cpu: number;
}

function emptySum(concurrency: number): Sum {
  const cell = { concurrency, seconds: 0, latenciesMs: [], statuses: {}, ok: [], failures: [], errors: 0 };
  return { cell, cpu: 0 };
}

async function slice(server: BenchServer, op: Op, requests: CellRequest[], sum: Sum, plan: CellsPlan) {
  const watch = server.pid === undefined ? undefined : watchProcesses({ server: server.pid });
  const cell = await runCell({
    ...server,
    requests,
    concurrency: sum.cell.concurrency,
    maxSeconds: Math.max(0, plan.seconds - sum.cell.seconds),
    okStatus: OK[op],
  });
  sum.cpu += watch?.stop()[0]?.cpuSeconds ?? 0;
  const into = sum.cell;
  into.seconds += cell.seconds;
  into.latenciesMs.push(...cell.latenciesMs);
  into.ok.push(...cell.ok);
  into.errors += cell.errors;
  for (const [status, n] of Object.entries(cell.statuses))
    into.statuses[status] = (into.statuses[status] ?? 0) + n;
  for (const f of cell.failures) process.stderr.write(`    not ${OK[op]}: ${f}\n`);
  return cell;
}

async function warmUp(server: BenchServer, alloc: Allocator, plan: CellsPlan): Promise<void> {
  const taken = alloc.items(plan.warmup);
  const sums = Object.fromEntries(OPS.map((op) => [op, emptySum(1)])) as Record<Op, Sum>;
  const warm = { ...plan, seconds: Infinity };
  await slice(server, 'status', requestsFor('status', alloc.items(plan.warmup), alloc), sums.status, warm);
  const out = await slice(
    server,
    'check-out',
    requestsFor('check-out', taken, alloc),
    sums['check-out'],
    warm,
  );
  await slice(server, 'check-in', requestsFor('check-in', out.ok, alloc), sums['check-in'], warm);
}

export async function runCells(
  backend: BackendName,
  server: BenchServer,
  plan: CellsPlan,
): Promise<CellRow[]> {
  const alloc = new Allocator(plan);
  await warmUp(server, alloc, plan);
  const rows: CellRow[] = [];
  for (const concurrency of plan.concurrency) {
    const sums = Object.fromEntries(OPS.map((op) => [op, emptySum(concurrency)])) as Record<Op, Sum>;
    for (let r = 0; r < plan.rounds; r++) {
      const n = Math.floor(plan.requests / plan.rounds) + (r < plan.requests % plan.rounds ? 1 : 0);
      process.stderr.write(
        `  concurrency ${concurrency}, round ${r + 1} of ${plan.rounds} (load ${load()}) …\n`,
      );
      await slice(server, 'status', requestsFor('status', alloc.items(n), alloc), sums.status, plan);
      const out = await slice(
        server,
        'check-out',
        requestsFor('check-out', alloc.items(n), alloc),
        sums['check-out'],
        plan,
      );
      await slice(server, 'check-in', requestsFor('check-in', out.ok, alloc), sums['check-in'], plan);
    }
    for (const op of OPS) rows.push(row(backend, op, sums[op].cell, sums[op].cpu));
  }
  return rows;
}
