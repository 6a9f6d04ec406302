import type { CirculationService } from '../services/circulation.service';

/** The two levels upkeep logs at (a pino logger fits). */
export interface UpkeepLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface CirculationUpkeep {
  /** Stops the timer and waits for a pass under way (a shutdown closes the database after it). */
  stop(): Promise<void>;
}

/**
 * How often the server looks for holds to expire. Expiry is by day, and a pass that finds none is
 * one cheap query, so hourly: a day's holds end within the hour after midnight, whenever the
 * server started, rather than up to a day late.
 */
export const HOLD_EXPIRY_EVERY_MS = 60 * 60 * 1000;

/**
 * What `stacks serve` does for the desk in the background (docs/circulation.md): at start, settle
 * the operations a crash left (`stacks circulation recover`) and expire the holds due; then expire
 * holds again every `everyMs`. A failed pass is logged and tried at the next; the timer never keeps
 * the process alive.
 */
export function startCirculationUpkeep(
  desk: CirculationService,
  log: UpkeepLog,
  options: { everyMs?: number } = {},
): CirculationUpkeep {
  const every = options.everyMs ?? HOLD_EXPIRY_EVERY_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const expire = async (): Promise<void> => {
    try {
      const expired = await desk.expireHolds();
      if (expired.length > 0)
        log.info({ expired: expired.length, holds: expired.map((h) => h.id) }, 'holds expired');
    } catch (err) {
      log.warn({ err }, 'expiring holds failed; tried again at the next pass');
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = expire().then(schedule);
    }, every);
    timer.unref();
  };
  let running: Promise<void> = recoverAtStart(desk, log).then(expire).then(schedule);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

async function recoverAtStart(desk: CirculationService, log: UpkeepLog): Promise<void> {
  try {
    const report = await desk.recover();
    const settled = report.finished.length + report.undone.length;
    if (settled + report.failed.length > 0)
      log.info(
        {
          finished: report.finished.length,
          undone: report.undone.length,
          failed: report.failed.map((f) => f.id),
        },
        'settled the circulation operations a previous process left',
      );
  } catch (err) {
    log.warn({ err }, 'circulation recovery failed at start; operations retry it as they run');
  }
}
