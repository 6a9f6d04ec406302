/**
 * API keys and roles. Anonymous callers are `public`; reader keys read what the public reads,
 * under a quota of their own (front ends, integrations); staff keys add patron-facing and catalog
 * writes; admin keys add key management and configuration. A key is shown once when created and
 * stored only as a hash.
 */
import type { Role } from '../../config/security.config';

// Roles are configuration's vocabulary (each has its own rate-limit variables), so they live there.
export { ROLES, type Role } from '../../config/security.config';

export const ROLE_RANK: Readonly<Record<Role, number>> = { public: 0, reader: 1, staff: 2, admin: 3 };

/** The roles a key can have (public is the absence of one). */
export const KEY_ROLES: readonly ApiKey['role'][] = ['reader', 'staff', 'admin'];

export interface ApiKey {
  id: string;
  name: string;
  role: Exclude<Role, 'public'>;
  /** The first characters of the key, to recognise it in lists (never enough to use it). */
  prefix: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface KeyStore {
  /** Returns the new key's record and the secret, which is never retrievable again. */
  create(input: { name: string; role: ApiKey['role'] }): Promise<{ key: ApiKey; secret: string }>;
  list(): Promise<ApiKey[]>;
  revoke(idOrPrefix: string): Promise<ApiKey | undefined>;
  /** The live key for a presented secret, or undefined (unknown or revoked). */
  verify(secret: string): Promise<ApiKey | undefined>;
}

/** What the authentication middleware attaches to each request (res.locals.auth). */
export interface AuthContext {
  role: Role;
  key?: ApiKey;
}
