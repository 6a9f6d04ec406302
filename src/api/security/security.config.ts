import { isIP } from 'node:net';

/**
 * Parsers for the security variables of the one Config (src/config.ts calls them). Each pushes
 * a problem naming the variable and the bad value instead of throwing, so loadConfig can report
 * every bad variable at once.
 */
type Env = Record<string, string | undefined>;

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
