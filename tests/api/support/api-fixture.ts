import type { Express, RequestHandler } from 'express';
import type { Response, Test } from 'supertest';
import { createApp, type AppDeps, type AppSecurity } from '../../../src/api/app';
import { ROLE_RANK, type Role } from '../../../src/api/security/security.types';
import type Database from 'better-sqlite3';
import type { Backends } from '../../../src/backends/backends';
import { AppError } from '../../../src/errors/app-error';
import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import type { MarcRecord } from '../../../src/marc/record';
import { sampleBooks } from '../../support/books';
import { syntheticRecord } from '../../support/synthetic';
import type { CatalogTarget } from './api-backends';
import { expectMatchesSpec } from './spec-response';

export interface ApiFixture {
  app: Express;
  backends: Backends;
  /** The local SQLite state beside the catalog (API keys, jobs). */
  db: Database.Database;
  close(): Promise<void>;
}

/** The hand-made books and `synthetic` synthetic records, mapped and written to both ports. */
export async function loadCatalog(backends: Backends, synthetic = 40): Promise<void> {
  const map = createDefaultMapper();
  const records: MarcRecord[] = [...sampleBooks()];
  for (let n = 1; n <= synthetic; n++) records.push(syntheticRecord(n));
  const inputs = records.map((record) => ({ record, document: map(record) }));
  await backends.atomically(async () => {
    const outcomes = await backends.store.upsertMany(inputs);
    await backends.index.upsert(inputs.map((i) => i.document));
    // Confirmed as the ingest confirms, so a scale-out catalog starts with no index lag.
    await backends.store.markIndexed(outcomes.map((o) => ({ id: o.id, version: o.version })));
  });
}

/**
 * Test stand-in for the security module until a test wants the real one: the role comes from
 * an `X-Test-Role` header, and requireRole answers 401/403 as the real middleware does.
 */
export function headerRoleSecurity(): AppSecurity {
  const authenticate: RequestHandler = (req, res, next) => {
    res.locals.auth = { role: (req.get('x-test-role') as Role | undefined) ?? 'public' };
    next();
  };
  return {
    authenticate,
    requireRole: (role) => (_req, res, next) => {
      const have = (res.locals.auth as { role: Role }).role;
      if (ROLE_RANK[have] >= ROLE_RANK[role]) return next();
      next(new AppError(have === 'public' ? 'unauthorized' : 'forbidden', `needs ${role}`));
    },
  };
}

/** A fresh catalog on `target` with the test books and synthetic records behind createApp. */
export async function apiFixture(
  target: CatalogTarget,
  overrides: Partial<AppDeps> = {},
  synthetic = 40,
): Promise<ApiFixture> {
  const { backends, db, close } = await target.open();
  await loadCatalog(backends, synthetic);
  const app = createApp({
    backends,
    security: headerRoleSecurity(),
    onUnexpected: () => undefined,
    ...overrides,
  });
  return { app, backends, db, close };
}

/** Sends a request and checks the response against openapi.yaml before the test looks at it. */
export async function checked(test: Test): Promise<Response> {
  const res = await test;
  expectMatchesSpec(res);
  return res;
}
