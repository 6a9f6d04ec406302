import type { Request, RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AuthContext } from './security/security.types';
import type { Logger } from '../logging/logger';
import { maskPersonalSegments } from './personal-paths';

/** Incoming ids we accept: tracing-friendly characters only (no spaces or newlines to forge log lines). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:+/=-]{1,128}$/;
const PATH_MAX = 200;
/** Path segments that look like identifiers (barcodes, patron numbers, emails, encoded text). */
const IDENTIFIER_LIKE = /\d.*\d.*\d|[@%]/;

/**
 * One log line per request: request id, method, route, status, duration, role and key id. The
 * request id is the caller's X-Request-Id when it is sane, else a fresh UUID; it is echoed in the
 * response header and kept in res.locals (requestIdOf, requestLoggerOf) so handlers and the
 * error handler log under the same id.
 *
 * What is left out is deliberate: no headers (keys), no query string or body (searches and
 * patron data), no client IP or user agent (they identify patrons). The route is the matched
 * template (`/patrons/:id`), not the path; an unmatched path is logged with every segment that
 * looks like an identifier masked (three or more digits, `@`, `%`, or over 32 characters), so
 * `/v1/catalog/2100012345` becomes `/v1/catalog/:masked`; and the segment after `patrons`, a card
 * barcode, is masked whatever it looks like (personal-paths.ts).
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    const reqId = incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', reqId);
    res.locals.requestId = reqId;
    res.locals.log = logger.child({ reqId });

    const routeSeen = watchRoute(req);
    let logged = false;
    const done = (finished: boolean): void => {
      if (logged) return;
      logged = true;
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const line = { ...describe(req, res, routeSeen()), durationMs, ...(finished ? {} : { aborted: true }) };
      const log = requestLoggerOf(res);
      // A client that hangs up is the client's business, not a fault to page anyone about.
      if (!finished) log.info(line, 'request aborted');
      else if (res.statusCode >= 500) log.error(line, 'request failed');
      else log.info(line, 'request');
    };
    res.once('finish', () => done(true));
    res.once('close', () => done(res.writableFinished));
    next();
  };
}

/** This request's id (set by requestLogging). */
export function requestIdOf(res: Response): string | undefined {
  return res.locals.requestId as string | undefined;
}

/** A logger bound to this request's id; handlers log through it so lines can be correlated. */
export function requestLoggerOf(res: Response): Logger {
  return res.locals.log as Logger;
}

function describe(req: Request, res: Response, route: string | undefined): Record<string, unknown> {
  const auth = res.locals.auth as AuthContext | undefined;
  return {
    method: req.method,
    ...(route ? { route } : { path: maskedPath(req.originalUrl) }),
    status: res.statusCode,
    ...(auth ? { role: auth.role } : {}),
    ...(auth?.key ? { keyId: auth.key.id } : {}),
  };
}

/**
 * Records the full route template (mount path + route path) when the router matches a route.
 * By the time the response finishes, a router that passed an error on has already restored
 * req.baseUrl, so reading req.route then would log `/:id` instead of `/v1/records/:id`; the
 * router assigns req.route at match time, when baseUrl is still right, so we listen there.
 */
function watchRoute(req: Request): () => string | undefined {
  let route: unknown;
  let template: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: unknown) {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') template = req.baseUrl + path;
    },
  });
  return () => template;
}

function maskedPath(url: string): string {
  const path = (url.split('?')[0] ?? '').slice(0, 4 * PATH_MAX);
  return maskPersonalSegments(path, ':masked')
    .split('/')
    .map((segment) => (segment.length > 32 || IDENTIFIER_LIKE.test(segment) ? ':masked' : segment))
    .join('/')
    .slice(0, PATH_MAX);
}
