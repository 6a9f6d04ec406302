import type { RequestHandler, Response, Router } from 'express';
import { AppError } from '../../errors/app-error';
import type { operations } from '../openapi.generated';
import { expressPath, type OpenApiSpec, type SpecOperation } from '../openapi/openapi.spec';
import type { RequestValidator, ValidatedInput } from '../openapi/request-validator';
import type { Role } from '../security/security.types';

/**
 * How routes are mounted: by operationId, so the method, the path, the minimum role (the
 * operation's `x-min-role`) and the request validation all come from openapi.yaml. A route
 * file names the operation and supplies its handler; it cannot forget the role check.
 */
export interface RouteKit {
  /** `parseBody` runs before validation (so JSON bodies are checked against the spec). */
  add(operationId: keyof operations, handler: RequestHandler, parseBody?: RequestHandler): void;
  /** Checks form fields as operation K's query parameters (a multipart upload's options). */
  checkFields<K extends keyof operations>(operationId: K, raw: Record<string, unknown>): QueryOf<K>;
}

export type Guard = (role: Role) => RequestHandler;

export function createRouteKit(
  router: Router,
  spec: OpenApiSpec,
  validator: RequestValidator,
  guard: Guard,
): RouteKit {
  return {
    add(operationId, handler, parseBody) {
      const op = spec.operations.get(operationId);
      if (!op) throw new Error(`no operation ${operationId} in openapi.yaml`);
      const markOperation: RequestHandler = (_req, res, next) => {
        res.locals.operation = op;
        next();
      };
      const chain = [
        markOperation,
        guard(op.minRole),
        ...(parseBody ? [parseBody] : []),
        validator.middleware(operationId),
        handler,
      ];
      router[op.method](expressPath(op.path), ...chain);
    },
    checkFields(operationId, raw) {
      return validator.checkFields(operationId, raw) as never;
    },
  };
}

/** Spec paths answer 405 (with Allow) for methods the spec does not define on them. */
export function mountMethodNotAllowed(router: Router, spec: OpenApiSpec): void {
  const byPath = new Map<string, SpecOperation[]>();
  for (const op of spec.operations.values()) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  for (const [template, ops] of byPath) {
    const allow = ops.map((o) => o.method.toUpperCase()).join(', ');
    router.all(expressPath(template), (req, res, next) => {
      res.locals.operation = { path: template };
      next(
        new AppError('method_not_allowed', `${req.method} is not allowed on ${template}; use ${allow}`, {
          allow,
        }),
      );
    });
  }
}

type QueryOf<K extends keyof operations> = operations[K]['parameters'] extends { query?: infer Q }
  ? NonNullable<Q>
  : never;
type PathOf<K extends keyof operations> = operations[K]['parameters'] extends { path: infer P } ? P : never;

/** The validated query of operation K (defaults filled in), typed from the generated spec types. */
export function queryOf<K extends keyof operations>(res: Response, _operation: K): QueryOf<K> {
  return (res.locals.input as ValidatedInput).query as QueryOf<K>;
}

export function pathOf<K extends keyof operations>(res: Response, _operation: K): PathOf<K> {
  return (res.locals.input as ValidatedInput).path as PathOf<K>;
}

export function headersOf(res: Response): Record<string, string | undefined> {
  return (res.locals.input as ValidatedInput).headers as Record<string, string | undefined>;
}

export function bodyOf<T>(res: Response): T {
  return (res.locals.input as ValidatedInput).body as T;
}
