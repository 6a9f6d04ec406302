import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy. JSON responses ignore it; it matters for the /docs page, which
 * serves Swagger UI from our own origin (swagger-ui-dist), so scripts, styles and the OpenAPI
 * document all come from 'self'. Swagger UI sets inline styles and draws icons as data: SVGs,
 * hence those two allowances; inline scripts stay forbidden, so the page must load its
 * initialiser from a file. No upgrade-insecure-requests: a plain-HTTP deployment on a LAN
 * address would have its own /docs assets rewritten to https and broken.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string[]>> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'worker-src': ["'self'", 'blob:'],
};

/**
 * Helmet's vetted set (nosniff, no referrer, HSTS — ignored by browsers over plain HTTP —, no
 * X-Powered-By …) with three choices of ours: the CSP above; X-Frame-Options DENY to match its
 * frame-ancestors 'none'; and a Cross-Origin-Resource-Policy of cross-origin, because this is a
 * public API meant to be read from other origins (CORS still decides what scripts may read).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    xFrameOptions: { action: 'deny' },
  });
}
