import type { RequestHandler } from 'express';
import type { Config } from '../../config';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'Authorization, X-API-Key, Content-Type, If-Match, If-None-Match, X-Request-Id';
/** Response headers a browser script may read beyond the CORS-safelisted ones. */
const EXPOSED_HEADERS =
  'ETag, Location, Retry-After, RateLimit, RateLimit-Policy, X-Request-Id, Stacks-Index-Pending, Stacks-Warnings, X-DAIA-Version, Stacks-Export-Total, Content-Disposition';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS from STACKS_CORS_ORIGINS. Keys travel in request headers, never in cookies, so the API
 * needs no credentialed CORS at all: Access-Control-Allow-Credentials is never sent, which is
 * what makes `*` safe (a page elsewhere can only use a key its own code holds). With a list,
 * the matching origin is echoed and `Vary: Origin` keeps caches from mixing the answers; an
 * origin not on the list gets no CORS headers and its browser withholds the response.
 */
export function corsFrom(config: Pick<Config, 'corsOrigins'>): RequestHandler {
  const allowed = config.corsOrigins === '*' ? '*' : new Set(config.corsOrigins);
  return (req, res, next) => {
    if (allowed !== '*') res.vary('Origin');
    const origin = req.get('origin');
    const allowOrigin =
      origin === undefined ? undefined : allowed === '*' ? '*' : allowed.has(origin) ? origin : undefined;
    const preflight = req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
    if (allowOrigin === undefined) {
      if (preflight) return void res.status(204).end();
      return next();
    }
    res.setHeader('Access-Control-Allow-Origin', allowOrigin);
    if (!preflight) {
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      return next();
    }
    res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
    res.status(204).end();
  };
}
