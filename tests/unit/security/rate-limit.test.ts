import type { Express } from 'express';
import request from 'supertest';
import { createRateLimiter, type RateLimiterOptions } from '../../../src/api/security/rate-limit.middleware';
import type { AuthContext } from '../../../src/api/security/security.types';
import { createBucketStore } from '../../../src/api/security/token-bucket';
import { testApp } from './security-test-app';

/** A test app where the caller's identity comes from test headers instead of real keys. */
function limitedApp(options: Omit<RateLimiterOptions, 'now'>, now: () => number): Express {
  return testApp((app) => {
    app.set('trust proxy', true); // so each test request can claim its IP via X-Forwarded-For
    app.use((req, res, next) => {
      const keyId = req.get('x-test-key');
      const auth: AuthContext = keyId
        ? {
            role: 'staff',
            key: { id: keyId, name: keyId, role: 'staff', prefix: 'stk_xxxxxxxx', createdAt: '' },
          }
        : { role: 'public' };
      res.locals.auth = auth;
      next();
    });
    app.use(createRateLimiter({ ...options, now }));
    for (const path of ['/', '/health', '/ready']) app.get(path, (_req, res) => res.json({ ok: true }));
  });
}

function manualClock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('token buckets', () => {
  test('when a bucket is emptied, then it refills at the policy rate up to its capacity', () => {
    const clock = manualClock();
    const buckets = createBucketStore({ maxBuckets: 10, now: clock.now });
    const policy = { capacity: 3, refillPerSecond: 0.5 };

    const burst = [1, 2, 3, 4].map(() => buckets.take('a', policy).allowed);
    clock.advance(1_999);
    const tooSoon = buckets.take('a', policy).allowed;
    clock.advance(1);
    const afterTwoSeconds = buckets.take('a', policy);
    clock.advance(3_600_000);
    const afterAnHour = buckets.take('a', policy);

    expect(burst).toEqual([true, true, true, false]);
    expect(tooSoon).toBe(false);
    expect(afterTwoSeconds.allowed).toBe(true);
    expect(afterAnHour.remaining).toBe(2);
  });

  test('when a bucket is empty, then retry-after is the wait for one token', () => {
    const clock = manualClock();
    const buckets = createBucketStore({ maxBuckets: 10, now: clock.now });
    const policy = { capacity: 1, refillPerSecond: 0.25 };
    buckets.take('a', policy);
    clock.advance(1_000);

    const denied = buckets.take('a', policy);

    expect(denied).toEqual({ allowed: false, remaining: 0, resetSeconds: 3, retryAfterSeconds: 3 });
  });

  test('when more partitions arrive than maxBuckets, then the least recently used bucket is dropped', () => {
    const clock = manualClock();
    const buckets = createBucketStore({ maxBuckets: 100, now: clock.now });
    const policy = { capacity: 1, refillPerSecond: 1 };

    for (let i = 0; i < 10_000; i++) buckets.take(`ip:${i}`, policy);

    expect(buckets.size()).toBe(100);
  });

  test('when a partition is used again, then it becomes the most recent and survives eviction', () => {
    const clock = manualClock();
    const buckets = createBucketStore({ maxBuckets: 2, now: clock.now });
    const policy = { capacity: 1, refillPerSecond: 0.001 };
    buckets.take('a', policy);
    buckets.take('b', policy);

    buckets.take('a', policy); // a is now newer than b
    buckets.take('c', policy); // evicts b

    expect(buckets.take('a', policy).allowed).toBe(false);
    expect(buckets.take('b', policy).allowed).toBe(true);
  });
});

describe('rate limiting middleware', () => {
  const options = {
    capacity: 2,
    refillPerSecond: 1,
    byRole: { staff: { capacity: 5, refillPerSecond: 5 } },
  };

  test('when a request passes, then RateLimit-Policy and RateLimit describe the quota and what is left', async () => {
    const app = limitedApp(options, manualClock().now);

    const res = await request(app).get('/').set('X-Forwarded-For', '203.0.113.1');

    expect(res.status).toBe(200);
    expect(res.headers['ratelimit-policy']).toBe('"public";q=2;w=2');
    expect(res.headers['ratelimit']).toBe('"public";r=1;t=1');
  });

  test('when an anonymous IP runs out, then it gets 429 with Retry-After and r=0', async () => {
    const clock = manualClock();
    const app = limitedApp(options, clock.now);
    const from = (ip: string) => request(app).get('/').set('X-Forwarded-For', ip);
    await from('203.0.113.1');
    await from('203.0.113.1');

    const res = await from('203.0.113.1');

    expect(res.status).toBe(429);
    expect(res.body.code).toBe('rate_limited');
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['ratelimit']).toBe('"public";r=0;t=1');
  });

  test('when time passes after a 429, then the same IP is served again', async () => {
    const clock = manualClock();
    const app = limitedApp(options, clock.now);
    const from = () => request(app).get('/').set('X-Forwarded-For', '203.0.113.1');
    await from();
    await from();
    expect((await from()).status).toBe(429);

    clock.advance(1_000);

    expect((await from()).status).toBe(200);
  });

  test('when one IP is exhausted, then another IP still has its own bucket', async () => {
    const app = limitedApp(options, manualClock().now);
    for (let i = 0; i < 3; i++) await request(app).get('/').set('X-Forwarded-For', '203.0.113.1');

    const other = await request(app).get('/').set('X-Forwarded-For', '203.0.113.2');

    expect(other.status).toBe(200);
  });

  test('when keyed requests come from an exhausted IP, then they draw on the key bucket with its role policy', async () => {
    const app = limitedApp(options, manualClock().now);
    for (let i = 0; i < 3; i++) await request(app).get('/').set('X-Forwarded-For', '203.0.113.1');

    const keyed = await request(app).get('/').set('X-Forwarded-For', '203.0.113.1').set('X-Test-Key', 'k1');

    expect(keyed.status).toBe(200);
    expect(keyed.headers['ratelimit-policy']).toBe('"staff";q=5;w=1');
    expect(keyed.headers['ratelimit']).toBe('"staff";r=4;t=1');
  });

  test('when two keys share an IP, then each key has its own bucket', async () => {
    const app = limitedApp(options, manualClock().now);
    const as = (key: string) =>
      request(app).get('/').set('X-Forwarded-For', '203.0.113.9').set('X-Test-Key', key);
    for (let i = 0; i < 5; i++) await as('k1');

    const exhausted = await as('k1');
    const other = await as('k2');

    expect(exhausted.status).toBe(429);
    expect(other.status).toBe(200);
  });

  test('when a policy is nonsense, then creating the limiter fails naming the role', () => {
    expect(() => createRateLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(/public/);
    expect(() =>
      createRateLimiter({
        capacity: 1,
        refillPerSecond: 1,
        byRole: { admin: { capacity: 1, refillPerSecond: 0 } },
      }),
    ).toThrow(/admin/);
  });

  test('when one IP floods the public bucket, then its /health and /ready probes are still answered', async () => {
    const app = limitedApp({ ...options, probe: { capacity: 3, refillPerSecond: 1 } }, manualClock().now);
    const from = (path: string) => request(app).get(path).set('X-Forwarded-For', '203.0.113.7');
    for (let i = 0; i < 10; i++) await from('/');
    expect((await from('/')).status).toBe(429);

    const health = await Promise.all([1, 2, 3, 4, 5].map(() => from('/health')));
    const ready = await from('/ready');

    expect(health.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(health[0]!.headers['ratelimit']).toBeUndefined();
    expect(ready.status).toBe(200);
    expect(ready.headers['ratelimit-policy']).toBe('"probe";q=3;w=3');
  });

  test('when /ready itself is flooded, then its probe bucket runs out without touching the searches', async () => {
    const app = limitedApp({ ...options, probe: { capacity: 3, refillPerSecond: 1 } }, manualClock().now);
    const from = (path: string) => request(app).get(path).set('X-Forwarded-For', '203.0.113.8');
    for (let i = 0; i < 3; i++) await from('/ready/');

    const refused = await from('/READY');
    const search = await from('/');

    expect(refused.status).toBe(429);
    expect(search.status).toBe(200);
    expect(search.headers['ratelimit']).toBe('"public";r=1;t=1');
  });
});
