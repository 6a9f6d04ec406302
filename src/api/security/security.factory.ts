import type { RequestHandler } from 'express';
import type { Config } from '../../config';
import type { Logger } from '../../logging/logger';
import { requestLogging } from '../request-logging.middleware';
import { createAuth } from './auth.middleware';
import { corsFrom } from './cors.middleware';
import { createRateLimiter, DEFAULT_RATE_LIMITS, type RateLimiterOptions } from './rate-limit.middleware';
import { securityHeaders } from './security-headers.middleware';
import type { KeyStore, Role } from './security.types';

export interface SecurityDeps {
  config: Pick<Config, 'corsOrigins'>;
  keys: KeyStore;
  logger: Logger;
  /** Token-bucket policies (default DEFAULT_RATE_LIMITS); `false` turns rate limiting off. */
  rateLimits?: RateLimiterOptions | false;
}

export interface Security {
  /** Before authentication: request id and log line first (so every answer is logged), headers, CORS. */
  early: RequestHandler[];
  authenticate: RequestHandler;
  /** After authentication, since the limit depends on the caller: the rate limiter. */
  afterAuth: RequestHandler[];
  requireRole(role: Role): RequestHandler;
}

/**
 * Everything the API app mounts from this module, in order, as one value (the shape of the
 * app's `AppSecurity`). Preflights are answered by CORS before authentication and rate limits,
 * so a browser's OPTIONS never needs a key and never spends a token.
 */
export function createSecurity(deps: SecurityDeps): Security {
  const auth = createAuth(deps.keys);
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  return {
    early: [requestLogging(deps.logger), securityHeaders(), corsFrom(deps.config)],
    authenticate: auth.authenticate,
    afterAuth: limits === false ? [] : [createRateLimiter(limits)],
    requireRole: auth.requireRole,
  };
}
