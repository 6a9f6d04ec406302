import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../../errors/app-error';
import type { ErrorCode } from '../../errors/codes';
import { ERROR_CODES } from '../../errors/codes';
import {
  boundedValue,
  cutText,
  excerpt,
  MESSAGE_EXCERPT_CHARS,
  VALUE_EXCERPT_CHARS,
} from '../../errors/excerpt';
import { coerceParameter } from './coerce-parameter';
import {
  resolveRef,
  type JsonSchema,
  type OpenApiSpec,
  type SpecOperation,
  type SpecParameter,
} from './openapi.spec';
import { createSchemaCompiler, type SchemaCompiler } from './schema-compiler';

/**
 * Requests checked against openapi.yaml before a route sees them: parameters coerced from text
 * by their schema types, unknown query parameters refused, defaults filled in, and JSON bodies
 * validated. A failure is one problem naming every bad parameter and its value, with the
 * parameter's own code (`x-error-code`, e.g. `invalid_search_limit`) where it has one.
 */
export interface ValidatedInput {
  query: Record<string, unknown>;
  path: Record<string, unknown>;
  headers: Record<string, unknown>;
  body?: unknown;
}

export interface ProblemItem {
  code: ErrorCode;
  message: string;
  in: 'query' | 'path' | 'header' | 'body';
  parameter?: string;
  value?: unknown;
}

type Location = 'query' | 'path' | 'header';

interface CompiledOperation {
  operation: SpecOperation;
  byLocation: Record<Location, { params: SpecParameter[]; validate: ValidateFunction }>;
  body?: ValidateFunction;
  /** The body's own codes: a top-level property's `x-error-code` (`barcodes` → `invalid_shelf_barcodes`). */
  bodyCodes: Map<string, ErrorCode>;
}

export class RequestValidator {
  private readonly compiled = new Map<string, CompiledOperation>();
  private readonly bodyCodes: Map<string, ErrorCode>;

  constructor(private readonly spec: OpenApiSpec) {
    const compiler = createSchemaCompiler(spec.document);
    for (const op of spec.operations.values())
      this.compiled.set(op.operationId, compileOperation(op, compiler, spec.document));
    this.bodyCodes = parameterCodes(spec);
  }

  /** Middleware for one operation: sets res.locals.input, or fails with a 400 problem. */
  middleware(operationId: string): RequestHandler {
    const op = this.compiled.get(operationId);
    if (!op) throw new Error(`no operation ${operationId} in openapi.yaml`);
    return (req, res, next) => {
      res.locals.operation = op.operation;
      const mediaProblem = checkMediaType(op.operation, req);
      if (mediaProblem) return next(mediaProblem);
      const problems: ProblemItem[] = [];
      const input: ValidatedInput = {
        query: this.checkLocation(op, 'query', req.query as Record<string, unknown>, problems),
        path: this.checkLocation(op, 'path', req.params as Record<string, unknown>, problems),
        headers: this.checkLocation(op, 'header', req.headers as Record<string, unknown>, problems),
      };
      if (op.body && isParsedJson(req.body)) {
        if (!op.body(req.body)) problems.push(...this.bodyProblems(op, op.body.errors ?? []));
        input.body = req.body;
      }
      if (problems.length > 0)
        return next(validationError(op.operation.personalData ? problems.map(withoutValue) : problems));
      res.locals.input = input;
      next();
    };
  }

  /**
   * Form fields that stand for an operation's query parameters (a multipart upload's options):
   * coerced, defaulted and checked exactly as those, and named as form fields in the problem.
   */
  checkFields(operationId: string, raw: Record<string, unknown>): Record<string, unknown> {
    const op = this.compiled.get(operationId);
    if (!op) throw new Error(`no operation ${operationId} in openapi.yaml`);
    const problems: ProblemItem[] = [];
    const values = this.checkLocation(op, 'query', raw, problems);
    if (problems.length > 0) throw validationError(problems.map(asFormField));
    return values;
  }

  private checkLocation(
    op: CompiledOperation,
    where: Location,
    raw: Record<string, unknown>,
    problems: ProblemItem[],
  ): Record<string, unknown> {
    if (where === 'query' && op.operation.rawQuery) return { ...raw };
    const { params, validate } = op.byLocation[where];
    const values: Record<string, unknown> = {};
    for (const p of params) {
      const given = raw[where === 'header' ? p.name.toLowerCase() : p.name];
      if (given !== undefined) values[p.name] = coerceParameter(given, p, this.spec.document);
    }
    if (where === 'query') problems.push(...unknownParameters(params, raw));
    if (!validate(values))
      problems.push(...(validate.errors ?? []).map((e) => paramProblem(e, where, params, raw)));
    return values;
  }

  private bodyProblems(op: CompiledOperation, errors: ErrorObject[]): ProblemItem[] {
    return errors.map((e) => {
      const pointer = e.instancePath || '/';
      const top = pointer.split('/')[1] ?? '';
      const property = (e.params as { missingProperty?: string; additionalProperty?: string }) ?? {};
      const name = property.additionalProperty ?? property.missingProperty;
      const parameter = cutText(
        name ? `${pointer === '/' ? '' : pointer}/${name}` : pointer,
        MESSAGE_EXCERPT_CHARS * 2,
      );
      const code: ErrorCode = property.additionalProperty
        ? 'unknown_parameter'
        : (op.bodyCodes.get(top) ?? this.bodyCodes.get(top) ?? 'invalid_body');
      return {
        code,
        in: 'body',
        parameter,
        ...(e.instancePath ? { value: boundedValue(e.data) } : {}),
        message: `body ${parameter} ${ajvMessage(e)}`,
      };
    });
  }
}

function compileOperation(
  op: SpecOperation,
  compiler: SchemaCompiler,
  document: Record<string, unknown>,
): CompiledOperation {
  const compileFor = (where: Location) => {
    const params = op.parameters.filter((p) => p.in === where);
    const schema: JsonSchema = {
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
      required: params.filter((p) => p.required).map((p) => p.name),
    };
    return { params, validate: compiler.compile(schema) };
  };
  const json = op.requestBody?.content['application/json']?.schema;
  return {
    operation: op,
    byLocation: { query: compileFor('query'), path: compileFor('path'), header: compileFor('header') },
    body: json ? compiler.compile(json) : undefined,
    bodyCodes: propertyCodes(document, json),
  };
}

function propertyCodes(document: Record<string, unknown>, schema: unknown): Map<string, ErrorCode> {
  const properties = (resolveRef(document, schema) as { properties?: Record<string, unknown> } | undefined)
    ?.properties;
  const codes = new Map<string, ErrorCode>();
  for (const [name, property] of Object.entries(properties ?? {})) {
    const code = knownCode((property as { 'x-error-code'?: string } | null)?.['x-error-code']);
    if (code) codes.set(name, code);
  }
  return codes;
}

function paramProblem(
  e: ErrorObject,
  where: Location,
  params: SpecParameter[],
  raw: Record<string, unknown>,
): ProblemItem {
  const missing = (e.params as { missingProperty?: string }).missingProperty;
  const name = missing ?? decodePointer(e.instancePath.split('/')[1] ?? '');
  const param = params.find((p) => p.name === name);
  if (missing) {
    return {
      code: 'missing_parameter',
      in: where,
      parameter: name,
      message: `${where} parameter ${name} is required`,
    };
  }
  const value = raw[where === 'header' ? name.toLowerCase() : name];
  const rest = e.instancePath.split('/').slice(2).map(decodePointer);
  const place = rest.length > 0 ? `${name}[${rest.join('][')}]` : name;
  return {
    code: knownCode(param?.['x-error-code']) ?? 'invalid_parameter',
    in: where,
    parameter: name,
    value: boundedValue(value),
    message: `${where} parameter ${place} ${ajvMessage(e)}, not ${describeValue(value)}`,
  };
}

/** Values an enum message lists; beyond them it says how many more. */
const MAX_LISTED_VALUES = 20;

/**
 * Ajv's message, except that an enum names its values: "must be equal to one of the allowed
 * values" leaves a client guessing which (an item status, a sort, a format).
 */
function ajvMessage(e: ErrorObject): string {
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  if (e.keyword !== 'enum' || !Array.isArray(allowed)) return e.message ?? e.keyword;
  const shown = allowed.slice(0, MAX_LISTED_VALUES).map((v) => JSON.stringify(v));
  const more = allowed.length > shown.length ? ` … (${allowed.length - shown.length} more)` : '';
  return `must be one of ${shown.join(', ')}${more}`;
}

/** A short value quoted; a long one by excerpt and length, so the message never holds it whole. */
function describeValue(value: unknown): string {
  if (typeof value === 'string' && value.length > MESSAGE_EXCERPT_CHARS)
    return `${excerpt(value)} (${value.length} characters)`;
  return excerpt(value);
}

function unknownParameters(params: SpecParameter[], raw: Record<string, unknown>): ProblemItem[] {
  const known = new Set(params.map((p) => p.name));
  return Object.keys(raw)
    .filter((name) => !known.has(name))
    .map((name) => ({
      code: 'unknown_parameter' as const,
      in: 'query' as const,
      parameter: cutText(name, VALUE_EXCERPT_CHARS),
      value: boundedValue(raw[name]),
      message: `unknown query parameter ${cutText(name, MESSAGE_EXCERPT_CHARS)}${meant(name, known)}${known.size > 0 ? `; use ${[...known].join(', ')}` : ''}`,
    }));
}

/**
 * The known name a client most likely meant: the same but for case, `-`/`_` or a plural `s`
 * (`facet` for `facets`, `callNumberFrom` for `callnumberFrom`, as item JSON spells `callNumber`).
 */
function meant(name: string, known: ReadonlySet<string>): string {
  const fold = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const given = fold(name);
  const near = [...known].find((k) => [given, `${given}s`].includes(fold(k)) || `${fold(k)}s` === given);
  return near === undefined ? '' : ` (did you mean ${near}?)`;
}

/** Body properties that share a name with a component parameter share its error code. */
function parameterCodes(spec: OpenApiSpec): Map<string, ErrorCode> {
  const components = (spec.document.components ?? {}) as { parameters?: Record<string, unknown> };
  const codes = new Map<string, ErrorCode>();
  for (const value of Object.values(components.parameters ?? {})) {
    const p = resolveRef(spec.document, value) as SpecParameter;
    const code = knownCode(p['x-error-code']);
    if (code) codes.set(p.name, code);
  }
  return codes;
}

function knownCode(code: string | undefined): ErrorCode | undefined {
  return code !== undefined && code in ERROR_CODES ? (code as ErrorCode) : undefined;
}

/**
 * A problem with a person's data in it (x-personal-data operations): the value goes, and so does
 * the message's quote of it, so neither the client's logs nor ours ever hold it.
 */
function withoutValue(p: ProblemItem): ProblemItem {
  const { value, ...rest } = p;
  if (value === undefined) return p;
  return { ...rest, message: p.message.replace(/, not .*$/s, '') };
}

function asFormField(p: ProblemItem): ProblemItem {
  return { ...p, in: 'body', message: p.message.replace('query parameter', 'form field') };
}

function validationError(problems: ProblemItem[]): AppError {
  const first = problems[0] as ProblemItem;
  const detail =
    problems.length === 1
      ? first.message
      : `${problems.length} problems: ${problems.map((p) => p.message).join('; ')}`;
  return new AppError(first.code, detail, { errors: problems });
}

/**
 * The body's media type must be one the operation lists (415 otherwise); a body with no
 * Content-Type is taken as application/octet-stream (RFC 9110 8.3). A required body that is
 * missing is a 400.
 */
function checkMediaType(op: SpecOperation, req: Request): AppError | undefined {
  const body = op.requestBody;
  if (!body) return undefined;
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (!hasBody) {
    return body.required
      ? new AppError('invalid_body', `${req.method} ${op.path} needs a request body`)
      : undefined;
  }
  const type =
    (req.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim().toLowerCase() ?? '';
  const accepted = Object.keys(body.content);
  if (accepted.includes(type)) return undefined;
  return new AppError(
    'unsupported_media_type',
    `${op.path} does not take ${type}; send ${accepted.join(', ')}`,
    {
      contentType: type,
      accepted,
    },
  );
}

function isParsedJson(body: unknown): boolean {
  return body !== undefined && body !== null && typeof body === 'object' && !Buffer.isBuffer(body);
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
