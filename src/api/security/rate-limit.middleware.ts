import type { RequestHandler } from 'express';
import { AppError } from '../../errors/app-error';
import { authOf } from './auth.middleware';
import type { Role } from './security.types';
import { createBucketStore, type BucketPolicy } from './token-bucket';

export type RateLimitPolicy = BucketPolicy;

export interface RateLimiterOptions extends RateLimitPolicy {
  /** Policies for callers of a given role; the top-level capacity/refill covers the rest. */
  byRole?: Partial<Record<Role, RateLimitPolicy>>;
  /** Buckets kept in memory at most (default 10,000); the least recently used goes first. */
  maxBuckets?: number;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
}

/**
 * Defaults sized for a public catalog: anonymous callers get a burst of 60 and 2 requests a
 * second sustained; keyed staff and admin clients (integrations, ingest tools) ten times that.
 */
export const DEFAULT_RATE_LIMITS: RateLimiterOptions = {
  capacity: 60,
  refillPerSecond: 2,
  byRole: {
    staff: { capacity: 600, refillPerSecond: 20 },
    admin: { capacity: 600, refillPerSecond: 20 },
  },
};

/**
 * Token-bucket rate limiting, mounted after `authenticate`. A request with a valid key is
 * charged to that key's bucket only, wherever it comes from: the key is the accountable
 * identity, and staff behind one NAT should not share a quota with anonymous users there. An
 * anonymous request is charged to its IP (req.ip, so Express's `trust proxy` decides which
 * X-Forwarded-For hop counts). Every response carries RateLimit-Policy and RateLimit
 * (draft-ietf-httpapi-ratelimit-headers); an empty bucket gives 429 with Retry-After.
 */
export function createRateLimiter(options: RateLimiterOptions): RequestHandler {
  const policies = policiesFrom(options);
  const buckets = createBucketStore({
    maxBuckets: options.maxBuckets ?? 10_000,
    now: options.now ?? Date.now,
  });

  return (req, res, next) => {
    const auth = authOf(res);
    const policy = policies[auth.role];
    const partition = auth.key
      ? `key:${auth.key.id}`
      : `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    const result = buckets.take(partition, policy);
    // The policy name says which quota applies, never whose: no key id or address in headers.
    res.setHeader('RateLimit-Policy', `"${auth.role}";q=${policy.capacity};w=${policy.window}`);
    res.setHeader('RateLimit', `"${auth.role}";r=${result.remaining};t=${result.resetSeconds}`);
    if (result.allowed) return next();
    const wait = result.retryAfterSeconds ?? 1;
    res.setHeader('Retry-After', String(wait));
    next(
      new AppError('rate_limited', `too many requests; retry in ${wait} s`, {
        retryAfterSeconds: wait,
        limit: policy.capacity,
      }),
    );
  };
}

type ResolvedPolicy = RateLimitPolicy & { window: number };

function policiesFrom(options: RateLimiterOptions): Record<Role, ResolvedPolicy> {
  const resolve = (role: Role): ResolvedPolicy => {
    const policy = options.byRole?.[role] ?? options;
    const { capacity, refillPerSecond } = policy;
    if (!Number.isInteger(capacity) || capacity < 1 || !(refillPerSecond > 0)) {
      throw new AppError(
        'invalid_config',
        `rate limit for ${role}: capacity must be a whole number ≥ 1 and refillPerSecond > 0 ` +
          `(got ${capacity}, ${refillPerSecond})`,
      );
    }
    // The window a client sees is the time an empty bucket takes to fill again.
    return { capacity, refillPerSecond, window: Math.ceil(capacity / refillPerSecond) };
  };
  return { public: resolve('public'), staff: resolve('staff'), admin: resolve('admin') };
}
