import { isIP } from 'node:net';

/**
 * Parsers for the security variables of the one Config (src/config.ts calls them). Each pushes
 * a problem naming the variable and the bad value instead of throwing, so loadConfig can report
 * every bad variable at once. The vocabulary those variables speak — roles, rate-limit policies
 * and their defaults — lives here too, so config never imports from api/ (the layering rule,
 * docs/architecture.md); the api's security modules re-export it.
 */
type Env = Record<string, string | undefined>;

/**
 * Who calls the API. Anonymous callers are `public`; reader keys read what the public reads,
 * under a quota of their own; staff keys add writes; admin keys add key management.
 */
export type Role = 'public' | 'reader' | 'staff' | 'admin';

/** Every role, weakest first. */
export const ROLES: readonly Role[] = ['public', 'reader', 'staff', 'admin'];

/** One token bucket: a burst of `capacity` requests, refilled at `refillPerSecond`. */
export interface RateLimitPolicy {
  capacity: number;
  refillPerSecond: number;
}

/** The rate limiter's policies as configured: the top-level pair covers anonymous callers. */
export interface RateLimitSettings extends RateLimitPolicy {
  /** Policies for callers of a given role; the top-level capacity/refill covers the rest. */
  byRole?: Partial<Record<Role, RateLimitPolicy>>;
  /** /ready's own buckets, one per caller, apart from its searches (default DEFAULT_PROBE_POLICY). */
  probe?: RateLimitPolicy;
}

/**
 * A readiness probe every second from each of a few probers (a balancer, an orchestrator,
 * monitoring) is far below this; a flood of /ready, which queries the store and the index, is not.
 */
export const DEFAULT_PROBE_POLICY: RateLimitPolicy = { capacity: 60, refillPerSecond: 10 };

/**
 * Defaults sized for a public catalog: anonymous callers get a burst of 60 and 2 requests a
 * second sustained, per IP; keyed staff and admin clients (people's tools, ingest) ten times
 * that; a reader key, which speaks for a whole front end's patrons, twice staff's.
 */
export const DEFAULT_RATE_LIMITS = {
  capacity: 60,
  refillPerSecond: 2,
  byRole: {
    reader: { capacity: 1200, refillPerSecond: 40 },
    staff: { capacity: 600, refillPerSecond: 20 },
    admin: { capacity: 600, refillPerSecond: 20 },
  },
  probe: DEFAULT_PROBE_POLICY,
} as const satisfies RateLimitSettings;

/** `*` (any origin, never with credentials) or exact origins such as `https://opac.example.org`. */
export type CorsOrigins = '*' | string[];

/** What Express's `trust proxy` setting takes: off, every proxy, a hop count, or proxy addresses. */
export type TrustProxy = boolean | number | string[];

/**
 * STACKS_CORS_ORIGINS: unset or `*` lets any web page read the public API; `none` allows no
 * cross-origin reads; otherwise a comma-separated list of origins (scheme://host[:port]).
 */
export function corsOriginsFrom(env: Env, problems: string[]): CorsOrigins {
  const value = env.STACKS_CORS_ORIGINS?.trim();
  if (value === undefined || value === '' || value === '*') return '*';
  if (value.toLowerCase() === 'none') return [];
  const origins: string[] = [];
  for (const entry of value.split(',').map((e) => e.trim())) {
    const origin = originOf(entry);
    if (origin) origins.push(origin);
    else
      problems.push(
        `STACKS_CORS_ORIGINS entry "${entry}" is not an origin like https://opac.example.org (no path, no *)`,
      );
  }
  return origins;
}

function originOf(entry: string): string | undefined {
  // URL accepts `*` in a host name; a wildcard here would look allowed and match nothing.
  if (entry.includes('*')) return undefined;
  try {
    const url = new URL(entry);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    // An origin has no path, query or credentials; a trailing slash is forgiven.
    return entry.replace(/\/$/, '') === url.origin ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * STACKS_TRUST_PROXY decides which X-Forwarded-For hops Express believes when it computes
 * req.ip, and so which address the anonymous rate limit counts. Unset: none (req.ip is the
 * socket's peer). `true` believes every hop, which lets any client choose its own IP and dodge
 * the limit; prefer a hop count (`1` behind one reverse proxy) or the proxies' addresses.
 */
export function trustProxyFrom(env: Env, problems: string[]): TrustProxy {
  const value = env.STACKS_TRUST_PROXY?.trim();
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !PROXY_NAMES.includes(e) && !isAddressOrSubnet(e));
  if (bad.length > 0) {
    problems.push(
      `STACKS_TRUST_PROXY="${value}" is not true, false, a hop count, or addresses/subnets/` +
        `${PROXY_NAMES.join('/')} (bad: ${bad.join(', ')})`,
    );
    return false;
  }
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  if (rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** Every token-bucket policy, each from its pair of variables: the callers of each role, and /ready. */
export type RateLimits = Record<Role | 'probe', RateLimitPolicy>;

const MAX_BURST = 1_000_000_000;

const DEFAULTS: RateLimits = {
  public: { capacity: DEFAULT_RATE_LIMITS.capacity, refillPerSecond: DEFAULT_RATE_LIMITS.refillPerSecond },
  ...DEFAULT_RATE_LIMITS.byRole,
  probe: DEFAULT_RATE_LIMITS.probe,
};

/**
 * STACKS_RATE_<NAME>_BURST (a whole number ≥ 1: the bucket's capacity) and
 * STACKS_RATE_<NAME>_PER_SECOND (a number > 0: its refill) for PUBLIC (per IP), READER, STAFF,
 * ADMIN (per key) and PROBE (/ready, per caller). Unset or empty: DEFAULT_RATE_LIMITS. There is
 * no "off": a typo or an empty value can never leave a deployment unlimited.
 */
export function rateLimitsFrom(env: Env, problems: string[]): RateLimits {
  const limits = {} as RateLimits;
  for (const name of [...ROLES, 'probe'] as const) {
    const prefix = `STACKS_RATE_${name.toUpperCase()}`;
    limits[name] = {
      capacity: numberFrom(env, `${prefix}_BURST`, DEFAULTS[name].capacity, 'burst', problems),
      refillPerSecond: numberFrom(
        env,
        `${prefix}_PER_SECOND`,
        DEFAULTS[name].refillPerSecond,
        'rate',
        problems,
      ),
    };
  }
  return limits;
}

/** The limiter's options for these policies. */
export function rateLimiterOptions(limits: RateLimits): RateLimitSettings {
  const { public: anonymous, probe, ...byRole } = limits;
  return { ...anonymous, byRole, probe };
}

function numberFrom(
  env: Env,
  name: string,
  fallback: number,
  kind: 'burst' | 'rate',
  problems: string[],
): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  const ok =
    kind === 'burst'
      ? /^\d+$/.test(value) && n >= 1 && n <= MAX_BURST
      : /^\d+(\.\d+)?$/.test(value) && n > 0 && n <= MAX_BURST;
  if (ok) return n;
  problems.push(
    kind === 'burst'
      ? `${name}="${value}" is not a whole number of requests from 1 to ${MAX_BURST}`
      : `${name}="${value}" is not a number of requests per second above 0 (e.g. 2 or 0.5)`,
  );
  return fallback;
}
