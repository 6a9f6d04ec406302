/**
 * API keys and roles. Anonymous callers are `public`; staff keys add patron-facing and catalog
 * writes; admin keys add key management and configuration. A key is shown once when created and
 * stored only as a hash.
 */
export type Role = 'public' | 'staff' | 'admin';

export const ROLE_RANK: Readonly<Record<Role, number>> = { public: 0, staff: 1, admin: 2 };

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
