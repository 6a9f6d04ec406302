/** The security middlewares and key store the API app wires in (see docs/security.md). */
export { authOf, createAuth, requireRole, type Auth } from './auth.middleware';
export {
  INGEST_BODY_LIMIT_BYTES,
  JSON_BODY_LIMIT_BYTES,
  byteLimit,
  declaredLengthLimit,
  jsonBody,
  limitedBody,
  rawBody,
} from './body-limits.middleware';
export { corsFrom } from './cors.middleware';
export {
  DEFAULT_RATE_LIMITS,
  createRateLimiter,
  type RateLimitPolicy,
  type RateLimiterOptions,
} from './rate-limit.middleware';
export { CSP_DIRECTIVES, securityHeaders } from './security-headers.middleware';
export { createKeyStore, openKeyStore, type KeyStoreOptions } from './sqlite.key-store';
export { ROLE_RANK, type ApiKey, type AuthContext, type KeyStore, type Role } from './security.types';
export { createSecurity, type Security, type SecurityDeps } from './security.factory';
