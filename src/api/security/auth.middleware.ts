import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../errors/app-error';
import { ROLE_RANK, type AuthContext, type KeyStore, type Role } from './security.types';

export interface Auth {
  /** Reads the key, if any, and sets res.locals.auth; a presented key that fails is a 401. */
  authenticate: RequestHandler;
  /** Lets the request through when its role is at least `role`: 401 when anonymous, 403 when too weak. */
  requireRole(role: Role): RequestHandler;
}

const ANONYMOUS: AuthContext = Object.freeze({ role: 'public' });
const CHALLENGE = 'Bearer realm="stacks"';

/**
 * API key authentication. No key means a public (anonymous) caller; a key that is presented but
 * unknown, revoked or malformed is refused rather than downgraded to public, so a client with a
 * mistyped key learns about it instead of silently seeing less.
 */
export function createAuth(keys: KeyStore): Auth {
  async function authenticate(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const presented = presentedKey(req);
      if (presented === undefined) {
        res.locals.auth = ANONYMOUS;
        return next();
      }
      const key = presented.ok ? await keys.verify(presented.secret) : undefined;
      if (!key) return next(invalidKey(res, presented.ok ? undefined : presented.problem));
      const auth: AuthContext = { role: key.role, key };
      res.locals.auth = auth;
      // A keyed response may hold staff-only data; no shared cache may keep it and hand it to
      // the public (X-API-Key, unlike Authorization, does not stop shared caches on its own).
      res.setHeader('Cache-Control', 'private, no-store');
      next();
    } catch (err) {
      next(err);
    }
  }

  return { authenticate, requireRole };
}

/** Lets the request through when its role is at least `role`: 401 when anonymous, 403 when too weak. */
export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    const auth = authOf(res);
    if (ROLE_RANK[auth.role] >= ROLE_RANK[role]) return next();
    if (auth.role === 'public') {
      res.setHeader('WWW-Authenticate', CHALLENGE);
      return next(
        new AppError('unauthorized', `this operation needs a ${role} API key (Authorization: Bearer <key>)`, {
          requiredRole: role,
        }),
      );
    }
    next(
      new AppError('forbidden', `this operation needs the ${role} role; the key presented has ${auth.role}`, {
        requiredRole: role,
        role: auth.role,
      }),
    );
  };
}

/** The caller's role and key for this request; public when authenticate has not set one. */
export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  return auth ?? ANONYMOUS;
}

type Presented = { ok: true; secret: string } | { ok: false; problem: string };

/** The key from `Authorization: Bearer …` or `X-API-Key`; undefined when neither is sent. */
function presentedKey(req: Request): Presented | undefined {
  const header = req.get('authorization');
  const apiKey = req.get('x-api-key');
  if (header === undefined && apiKey === undefined) return undefined;
  let bearer: string | undefined;
  if (header !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) return { ok: false, problem: 'the Authorization header must be "Bearer <key>"' };
    bearer = match[1]!;
  }
  const fromHeader = apiKey?.trim();
  if (fromHeader === '') return { ok: false, problem: 'the X-API-Key header is empty' };
  if (bearer !== undefined && fromHeader !== undefined && bearer !== fromHeader) {
    return { ok: false, problem: 'Authorization and X-API-Key carry different keys' };
  }
  return { ok: true, secret: (bearer ?? fromHeader)! };
}

/** The 401 for a presented key that is no good; the detail never repeats the key. */
function invalidKey(res: Response, problem?: string): AppError {
  res.setHeader('WWW-Authenticate', `${CHALLENGE}, error="invalid_token"`);
  return new AppError('unauthorized', problem ?? 'the API key is not valid: unknown, revoked or mistyped');
}
