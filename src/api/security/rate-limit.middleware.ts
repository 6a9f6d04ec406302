import type { Request, RequestHandler } from 'express';
import {
  DEFAULT_PROBE_POLICY,
  DEFAULT_RATE_LIMITS,
  type RateLimitPolicy,
  type RateLimitSettings,
} from '../../config/security.config';
import { AppError } from '../../errors/app-error';
import { authOf } from './auth.middleware';
import { ROLES, type AuthContext, type Role } from './security.types';
import { createBucketStore } from './token-bucket';

export { DEFAULT_PROBE_POLICY, DEFAULT_RATE_LIMITS, type RateLimitPolicy };

export interface RateLimiterOptions extends RateLimitSettings {
  /** Buckets kept in memory at most (default 10,000); the least recently used goes first. */
  maxBuckets?: number;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
}

/**
 * Never charged: /health answers from memory without any I/O, so refusing it would cost as much
 * as answering it, and a liveness probe refused under load gets a busy but healthy server
 * restarted by its orchestrator. Matched as Express routes match (any case, trailing slash).
 */
const EXEMPT_PATHS = new Set(['/health']);
/** Charged to the caller's probe bucket, never to the bucket its searches spend. */
const PROBE_PATHS = new Set(['/ready']);

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
    const path = routePath(req);
    if (EXEMPT_PATHS.has(path)) return next();
    const auth = authOf(res);
    const name = PROBE_PATHS.has(path) ? 'probe' : auth.role;
    const policy = policies[name];
    const result = buckets.take(`${name === 'probe' ? 'probe:' : ''}${partitionOf(req, auth)}`, policy);
    // The policy name says which quota applies, never whose: no key id or address in headers.
    res.setHeader('RateLimit-Policy', `"${name}";q=${policy.capacity};w=${policy.window}`);
    res.setHeader('RateLimit', `"${name}";r=${result.remaining};t=${result.resetSeconds}`);
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

function partitionOf(req: Request, auth: AuthContext): string {
  return auth.key ? `key:${auth.key.id}` : `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

function routePath(req: Request): string {
  const path = req.path.toLowerCase();
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

type PolicyName = Role | 'probe';
type ResolvedPolicy = RateLimitPolicy & { window: number };

function policiesFrom(options: RateLimiterOptions): Record<PolicyName, ResolvedPolicy> {
  const resolve = (name: PolicyName, policy: RateLimitPolicy): ResolvedPolicy => {
    const { capacity, refillPerSecond } = policy;
    if (!Number.isInteger(capacity) || capacity < 1 || !(refillPerSecond > 0)) {
      throw new AppError(
        'invalid_config',
        `rate limit for ${name}: capacity must be a whole number ≥ 1 and refillPerSecond > 0 ` +
          `(got ${capacity}, ${refillPerSecond})`,
      );
    }
    // The window a client sees is the time an empty bucket takes to fill again.
    return { capacity, refillPerSecond, window: Math.ceil(capacity / refillPerSecond) };
  };
  const byRole = Object.fromEntries(
    ROLES.map((role) => [role, resolve(role, options.byRole?.[role] ?? options)]),
  ) as Record<Role, ResolvedPolicy>;
  return { ...byRole, probe: resolve('probe', options.probe ?? DEFAULT_PROBE_POLICY) };
}
