import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * CPU time and resident memory of the test servers (FerretDB, the OpenSearch JVM) while a phase of
 * a benchmark runs, read from /proc: CPU is the difference of utime + stime (all threads) between
 * start and stop; peak RSS is the largest VmRSS seen at each tick (the servers' own VmHWM is their
 * peak since start, not this phase's). Servers are shared with other work, so their figures include
 * whatever else used them meanwhile.
 */

export interface ProcessUse {
  name: string;
  pid: number;
  cpuSeconds: number;
  peakRssKb: number;
  endRssKb: number;
}

/** utime + stime, in clock ticks, from a /proc/PID/stat line (fields 14 and 15; the name may hold spaces). */
export function cpuTicks(statLine: string): number {
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  return Number(fields[11]) + Number(fields[12]);
}

export function vmRssKb(statusText: string): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(statusText);
  return match ? Number(match[1]) : 0;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function read(pid: number): { ticks: number; rssKb: number } | undefined {
  try {
    return {
      ticks: cpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')),
      rssKb: vmRssKb(readFileSync(`/proc/${pid}/status`, 'utf8')),
    };
  } catch {
    return undefined; // gone: the phase's figures for it stop here
  }
}

/** Live pids from scripts/services' pid files (`tmp/services/NAME.pid`); servers not running are left out. */
export function servicePids(root: string, names: readonly string[]): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const name of names) {
    const file = path.join(root, 'tmp/services', `${name}.pid`);
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && read(pid)) pids[name] = pid;
  }
  return pids;
}

export interface Watch {
  stop(): ProcessUse[];
}

export function watchProcesses(pids: Record<string, number>, intervalMs = 250): Watch {
  const watched = Object.entries(pids).map(([name, pid]) => {
    const first = read(pid);
    return {
      name,
      pid,
      startTicks: first?.ticks ?? 0,
      lastTicks: first?.ticks ?? 0,
      peak: first?.rssKb ?? 0,
      end: 0,
    };
  });
  const tick = (): void => {
    for (const w of watched) {
      const now = read(w.pid);
      if (!now) continue;
      w.lastTicks = now.ticks;
      w.peak = Math.max(w.peak, now.rssKb);
      w.end = now.rssKb;
    }
  };
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return watched.map((w) => ({
        name: w.name,
        pid: w.pid,
        cpuSeconds: (w.lastTicks - w.startTicks) / clockTicks(),
        peakRssKb: w.peak,
        endRssKb: w.end,
      }));
    },
  };
}
