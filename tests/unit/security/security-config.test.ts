import { loadConfig } from '../../../src/config';
import {
  corsOriginsFrom,
  rateLimiterOptions,
  rateLimitsFrom,
  trustProxyFrom,
} from '../../../src/config/security.config';
import { DEFAULT_RATE_LIMITS } from '../../../src/api/security/rate-limit.middleware';
import { AppError } from '../../../src/errors/app-error';

describe('security configuration', () => {
  test.each([
    [undefined, '*'],
    ['*', '*'],
    ['none', []],
    ['https://opac.example.org', ['https://opac.example.org']],
    ['https://a.example, http://localhost:8080/', ['https://a.example', 'http://localhost:8080']],
  ])('when STACKS_CORS_ORIGINS is %p, then the origins are %p', (value, expected) => {
    const problems: string[] = [];

    expect(corsOriginsFrom({ STACKS_CORS_ORIGINS: value }, problems)).toEqual(expected);
    expect(problems).toEqual([]);
  });

  test.each(['opac.example.org', 'https://a.example/path', 'ftp://a.example', 'https://*.example.org'])(
    'when STACKS_CORS_ORIGINS holds %p, then a problem names it',
    (entry) => {
      const problems: string[] = [];

      corsOriginsFrom({ STACKS_CORS_ORIGINS: `https://ok.example,${entry}` }, problems);

      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(entry);
    },
  );

  test.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['1', 1],
    ['loopback, 10.0.0.0/8, ::1', ['loopback', '10.0.0.0/8', '::1']],
  ])('when STACKS_TRUST_PROXY is %p, then trust proxy is %p', (value, expected) => {
    const problems: string[] = [];

    expect(trustProxyFrom({ STACKS_TRUST_PROXY: value }, problems)).toEqual(expected);
    expect(problems).toEqual([]);
  });

  test('when both security variables are bad, then loadConfig names both at once', () => {
    const load = () =>
      loadConfig({ STACKS_CORS_ORIGINS: 'nonsense', STACKS_TRUST_PROXY: 'proxy.example, 10.0.0.0/99' });

    expect(load).toThrow(/STACKS_CORS_ORIGINS.*STACKS_TRUST_PROXY/);
  });

  test('when nothing is set, then CORS is * and no proxy is trusted', () => {
    expect(loadConfig({})).toMatchObject({ corsOrigins: '*', trustProxy: false });
  });

  test('when no rate variable is set, then every bucket has its default and the limiter gets the defaults', () => {
    const problems: string[] = [];

    const limits = rateLimitsFrom({}, problems);

    expect(problems).toEqual([]);
    expect(limits).toEqual({
      public: { capacity: 60, refillPerSecond: 2 },
      reader: { capacity: 1200, refillPerSecond: 40 },
      staff: { capacity: 600, refillPerSecond: 20 },
      admin: { capacity: 600, refillPerSecond: 20 },
      probe: { capacity: 60, refillPerSecond: 10 },
    });
    expect(rateLimiterOptions(limits)).toEqual({ ...DEFAULT_RATE_LIMITS });
  });

  test('when rate variables are set, then each names its own bucket; empty ones keep the default', () => {
    const limits = rateLimitsFrom(
      {
        STACKS_RATE_PUBLIC_BURST: '200',
        STACKS_RATE_PUBLIC_PER_SECOND: '0.5',
        STACKS_RATE_READER_BURST: '5000',
        STACKS_RATE_READER_PER_SECOND: '250',
        STACKS_RATE_STAFF_BURST: '',
        STACKS_RATE_ADMIN_PER_SECOND: '1',
        STACKS_RATE_PROBE_BURST: '10',
      },
      [],
    );

    expect(limits).toMatchObject({
      public: { capacity: 200, refillPerSecond: 0.5 },
      reader: { capacity: 5000, refillPerSecond: 250 },
      staff: { capacity: 600, refillPerSecond: 20 },
      admin: { capacity: 600, refillPerSecond: 1 },
      probe: { capacity: 10, refillPerSecond: 10 },
    });
  });

  test('when rate and shutdown variables are bad, then invalid_config names every one at once', () => {
    const bad = {
      STACKS_RATE_PUBLIC_BURST: '0',
      STACKS_RATE_READER_BURST: '1.5',
      STACKS_RATE_STAFF_PER_SECOND: '0',
      STACKS_RATE_ADMIN_PER_SECOND: 'fast',
      STACKS_RATE_PROBE_PER_SECOND: '-1',
      STACKS_SHUTDOWN_TIMEOUT_MS: '25s',
    };

    let error: unknown;
    try {
      loadConfig(bad);
    } catch (err) {
      error = err;
    }

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_config');
    const problems = (error as AppError).details.problems as string[];
    for (const [name, value] of Object.entries(bad)) {
      expect(problems.some((p) => p.includes(name) && p.includes(`"${value}"`))).toBe(true);
    }
  });

  test('when STACKS_SHUTDOWN_TIMEOUT_MS is unset or set, then the drain deadline is 25 s or that', () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(25_000);
    expect(loadConfig({ STACKS_SHUTDOWN_TIMEOUT_MS: '0' }).shutdownTimeoutMs).toBe(0);
    expect(loadConfig({ STACKS_SHUTDOWN_TIMEOUT_MS: '120000' }).shutdownTimeoutMs).toBe(120_000);
  });
});
