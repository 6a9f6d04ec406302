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
 * What `stacks serve` does for the desk in the background (docs/circulation.md): expire the holds
 * due at start, then again every `everyMs`. (Settling what a crash left is the app's own business
 * as it starts: `CirculationService.startRecovery`; a second recovery racing it would only repeat
 * its work.) A failed pass is logged and tried at the next; the timer never keeps the process alive.
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
  let running: Promise<void> = expire().then(schedule);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
