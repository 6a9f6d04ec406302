import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds by thread of a benchmarked process: the writing thread (the process's first), the
 * busiest other thread (the ingest's worker) and the rest together (V8's garbage collector and
 * compiler helpers, libuv's pool). On a busy machine wall time follows the neighbours, and on two
 * cores a run with items can be bound by its threads' total rather than by the writing thread:
 * which one it is, only these say. Linux only (/proc); elsewhere, or when the process is gone
 * before a first reading, there is none.
 */
export interface ThreadCpuSeconds {
  writing: number;
  worker: number;
  other: number;
}

const TICKS_PER_SECOND = clockTicks();

/**
 * Reads /proc/PID/task/* every `intervalMs` while the process runs, keeping each thread's last
 * reading: a thread that ends between two readings loses at most one interval's CPU.
 */
export class ThreadCpuSampler {
  private readonly ticks = new Map<number, number>();
  private pid: number | undefined;
  private readonly timer: NodeJS.Timeout;

  /** `parentPid`: the wrapper (GNU time) whose one child is the process measured. */
  constructor(
    private readonly parentPid: number,
    intervalMs = 100,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Stops sampling; the figures, when there were readings. */
  stop(): ThreadCpuSeconds | undefined {
    clearInterval(this.timer);
    if (this.pid === undefined || !this.ticks.has(this.pid)) return undefined;
    const writing = this.ticks.get(this.pid)!;
    let worker = 0;
    let total = 0;
    for (const [tid, t] of this.ticks) {
      total += t;
      if (tid !== this.pid && t > worker) worker = t;
    }
    const seconds = (t: number) => t / TICKS_PER_SECOND;
    return { writing: seconds(writing), worker: seconds(worker), other: seconds(total - writing - worker) };
  }

  private sample(): void {
    this.pid ??= childOf(this.parentPid);
    if (this.pid === undefined) return;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${this.pid}/task`);
    } catch {
      return; // gone: the last readings stand
    }
    for (const tid of tids) {
      const t = threadTicks(this.pid, Number(tid));
      if (t !== undefined) this.ticks.set(Number(tid), t);
    }
  }
}

/** The wrapper's child (`/usr/bin/time node …`); none until it has started. */
function childOf(pid: number): number | undefined {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return undefined;
  try {
    const children = readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children[0];
  } catch {
    return undefined;
  }
}

/** utime + stime of one thread, in clock ticks (fields 14 and 15 of its stat line). */
function threadTicks(pid: number, tid: number): number | undefined {
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: the fields start after the last ')'.
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
