import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Role } from '../security/security.types';

/**
 * openapi.yaml, loaded once: the routes' validation, the role table and /openapi.json all read
 * this one document, so what the API does cannot drift from what it documents.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';
const METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'delete', 'patch'];

export type JsonSchema = Record<string, unknown>;

export interface SpecParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema: JsonSchema;
  'x-error-code'?: string;
}

export interface SpecOperation {
  operationId: string;
  method: HttpMethod;
  /** The path template as the spec writes it: `/records/{id}`. */
  path: string;
  minRole: Role;
  /**
   * `x-raw-query`: the handler reads the query itself (a protocol such as SRU that must answer any
   * parameter in its own terms); the validator passes it through unchecked.
   */
  rawQuery: boolean;
  parameters: SpecParameter[];
  /** Media type → schema, when the operation takes a body. */
  requestBody?: { required: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, unknown>;
  /**
   * `x-personal-data`: the operation's parameters and body are a person's data (patrons), so a
   * refusal names what is wrong and never repeats the value, and logs show the route template.
   */
  personalData: boolean;
}

export interface OpenApiSpec {
  document: Record<string, unknown>;
  operations: Map<string, SpecOperation>;
}

let cached: OpenApiSpec | undefined;

/** The spec beside package.json (cached), or another file (tests). */
export function loadSpec(file?: string): OpenApiSpec {
  if (file) return readSpec(file);
  cached ??= readSpec(findSpecFile());
  return cached;
}

function readSpec(file: string): OpenApiSpec {
  const document = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return { document, operations: indexOperations(document) };
}

/** Found by walking up, so it works from src/ (tests, ts-jest) and from dist/ (npm start). */
export function findSpecFile(start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'openapi.yaml');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`openapi.yaml not found above ${start}`);
  }
}

function indexOperations(document: Record<string, unknown>): Map<string, SpecOperation> {
  const operations = new Map<string, SpecOperation>();
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const [template, item] of Object.entries(paths)) {
    const shared = (item.parameters ?? []) as unknown[];
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const operationId = String(op.operationId);
      operations.set(operationId, {
        operationId,
        method,
        path: template,
        minRole: (op['x-min-role'] as Role | undefined) ?? 'public',
        rawQuery: op['x-raw-query'] === true,
        parameters: [...shared, ...((op.parameters ?? []) as unknown[])].map(
          (p) => resolveRef(document, p) as SpecParameter,
        ),
        requestBody: op.requestBody
          ? (resolveRef(document, op.requestBody) as SpecOperation['requestBody'])
          : undefined,
        responses: (op.responses ?? {}) as Record<string, unknown>,
        personalData: op['x-personal-data'] === true,
      });
    }
  }
  return operations;
}

/** Follows a local `$ref` (`#/components/…`) to what it names; anything else as it is. */
export function resolveRef(document: Record<string, unknown>, value: unknown): unknown {
  let current = value;
  for (let hops = 0; hops < 10; hops++) {
    const ref = (current as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return current;
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key.replace(/~1/g, '/')], document);
  }
  return current;
}

/** The Express path for a spec template: `/records/{id}` → `/records/:id`. */
export function expressPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}
