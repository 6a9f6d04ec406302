import { startCirculationUpkeep } from '../../../src/cli/circulation-upkeep';
import type { Hold } from '../../../src/domain/circulation/hold';
import type { CirculationService } from '../../../src/services/circulation.service';

function fakeDesk(options: { failExpiry?: boolean } = {}) {
  const calls: string[] = [];
  const desk = {
    recover: async () => {
      calls.push('recover');
      return { finished: ['L1'], undone: [], failed: [] };
    },
    expireHolds: async (): Promise<Hold[]> => {
      calls.push('expire');
      if (options.failExpiry) throw new Error('store down');
      return [{ id: 'H1' } as Hold];
    },
  } as unknown as CirculationService;
  return { desk, calls };
}

function fakeLog() {
  const lines: { level: string; fields: object; message: string }[] = [];
  return {
    lines,
    log: {
      info: (fields: object, message: string) => void lines.push({ level: 'info', fields, message }),
      warn: (fields: object, message: string) => void lines.push({ level: 'warn', fields, message }),
    },
  };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('circulation upkeep in stacks serve', () => {
  test('when the server starts, then it expires holds, and expires them again each interval', async () => {
    const { desk, calls } = fakeDesk();
    const { log, lines } = fakeLog();

    const upkeep = startCirculationUpkeep(desk, log, { everyMs: 20 });
    await tick(70);
    await upkeep.stop();

    expect(calls.slice(0, 2)).toEqual(['expire', 'expire']);
    expect(calls).not.toContain('recover');
    expect(lines[0]).toMatchObject({ level: 'info', fields: { expired: 1, holds: ['H1'] } });
  });

  test('when it is stopped, then no pass runs after', async () => {
    const { desk, calls } = fakeDesk();
    const upkeep = startCirculationUpkeep(desk, fakeLog().log, { everyMs: 10 });

    await upkeep.stop();
    const counted = calls.length;
    await tick(40);

    expect(calls.length).toBe(counted);
  });

  test('when a pass fails, then it is logged as a warning and the next one still runs', async () => {
    const { desk, calls } = fakeDesk({ failExpiry: true });
    const { log, lines } = fakeLog();

    const upkeep = startCirculationUpkeep(desk, log, { everyMs: 10 });
    await tick(50);
    await upkeep.stop();

    expect(calls.filter((c) => c === 'expire').length).toBeGreaterThan(1);
    expect(lines.some((l) => l.level === 'warn')).toBe(true);
  });
});
