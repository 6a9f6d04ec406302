import type { Response } from 'supertest';
import {
  loadSpec,
  resolveRef,
  type JsonSchema,
  type SpecOperation,
} from '../../../src/api/openapi/openapi.spec';
import { createSchemaCompiler, describeErrors } from '../../../src/api/openapi/schema-compiler';

/**
 * Checks a supertest response against openapi.yaml: the status is documented for the operation
 * (or `default` covers it), the media type is one the spec lists, the body validates against
 * its schema, and documented headers match: required ones (ETag, Location) must be present, optional
 * ones (Stacks-Index-Pending) are checked when sent.
 */
const spec = loadSpec();
const compiler = createSchemaCompiler(spec.document);
const compiled = new Map<JsonSchema, ReturnType<typeof compiler.compile>>();

export function expectMatchesSpec(res: Response): void {
  const req = (res as unknown as { req: { method: string; path: string } }).req;
  const op = operationFor(req.method.toLowerCase(), req.path.split('?')[0] ?? '/');
  if (!op) return expectProblem(res);
  const declared = (op.responses[String(res.status)] ?? op.responses.default) as unknown;
  if (!declared)
    throw new Error(`${op.operationId}: status ${res.status} is not documented (${res.text.slice(0, 300)})`);
  const response = resolveRef(spec.document, declared) as {
    content?: Record<string, { schema?: JsonSchema }>;
    headers?: Record<string, unknown>;
  };
  checkHeaders(op, res, response.headers ?? {});
  if (!response.content) return;
  const type =
    String(res.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim() ?? '';
  const media = response.content[type];
  if (!media) {
    throw new Error(
      `${op.operationId} ${res.status}: content type ${type} is not one of ${Object.keys(response.content).join(', ')}`,
    );
  }
  if (!media.schema) return;
  const body = type.includes('json') && !type.includes('ndjson') ? (res.body as unknown) : res.text;
  if (isBinary(media.schema)) return;
  const validate = compiled.get(media.schema) ?? compiler.compile(media.schema);
  compiled.set(media.schema, validate);
  if (!validate(body)) {
    throw new Error(
      `${op.operationId} ${res.status} body does not match the spec: ${describeErrors(validate.errors)}\n${res.text.slice(0, 500)}`,
    );
  }
}

/** Paths or methods the spec has no operation for (404, 405) still answer with a Problem. */
function expectProblem(res: Response): void {
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json'))
    throw new Error(`${res.status} without an operation is not a problem: ${type}`);
  const validate = compiler.compile({ $ref: '#/components/schemas/Problem' });
  if (!validate(res.body)) throw new Error(`not a Problem: ${describeErrors(validate.errors)}`);
}

function operationFor(method: string, path: string): SpecOperation | undefined {
  const matches = [...spec.operations.values()].filter(
    (op) => op.method === method && templateRegex(op.path).test(path),
  );
  // A literal path (/search) wins over a template that also matches it.
  matches.sort((a, b) => a.path.split('{').length - b.path.split('{').length);
  return matches[0];
}

function templateRegex(template: string): RegExp {
  const parts = template.split(/\{[^}]+\}/).map((p) => p.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}$`);
}

function checkHeaders(op: SpecOperation, res: Response, headers: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(headers)) {
    const header = resolveRef(spec.document, value) as { schema?: JsonSchema; required?: boolean };
    const actual = res.headers[name.toLowerCase()] as string | undefined;
    if (actual === undefined && !header.required) continue;
    if (actual === undefined) throw new Error(`${op.operationId} ${res.status}: header ${name} missing`);
    if (header.schema) {
      const validate = compiler.compile(header.schema);
      if (!validate(actual))
        throw new Error(`${op.operationId}: header ${name}: ${actual} ${describeErrors(validate.errors)}`);
    }
  }
}

function isBinary(schema: JsonSchema): boolean {
  return schema.type === 'string' && schema.format === 'binary';
}
