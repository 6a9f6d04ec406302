import type { Request } from 'express';
import request from 'supertest';
import { createApp } from '../../../src/api/app';
import { coerceParameter } from '../../../src/api/openapi/coerce-parameter';
import { expressPath, loadSpec, type SpecParameter } from '../../../src/api/openapi/openapi.spec';
import { createSchemaCompiler } from '../../../src/api/openapi/schema-compiler';
import { problemFor } from '../../../src/api/problem';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { AppError } from '../../../src/errors/app-error';
import { ERROR_CODES } from '../../../src/errors/codes';

const spec = loadSpec();
const fakeReq = { originalUrl: '/search?q=x', method: 'GET' } as Request;

describe('openapi.yaml', () => {
  test('when every component schema is compiled strictly, then none has an unknown keyword or bad type', () => {
    const compiler = createSchemaCompiler(spec.document);
    const schemas = (spec.document.components as { schemas: Record<string, unknown> }).schemas;
    for (const name of Object.keys(schemas)) {
      expect(() => compiler.compile({ $ref: `#/components/schemas/${name}` })).not.toThrow();
    }
  });

  test('when parameters name an x-error-code, then it is a registered code', () => {
    for (const op of spec.operations.values()) {
      for (const p of op.parameters) {
        if (p['x-error-code'] !== undefined) expect(Object.keys(ERROR_CODES)).toContain(p['x-error-code']);
      }
    }
  });

  test('when the app is built, then every operation is mounted (no route_not_found or 405)', async () => {
    const backends = openSqliteBackends(':memory:');
    const app = createApp({ backends, onUnexpected: () => undefined });
    for (const op of spec.operations.values()) {
      const url = op.path.replace('{index}', 'title').replace('{id}', 'x');
      const res = await request(app)[op.method](url);
      expect([op.operationId, res.body.code]).not.toEqual([op.operationId, 'route_not_found']);
      expect([op.operationId, res.status]).not.toEqual([op.operationId, 405]);
    }
    await backends.close();
  });

  test('when a template has parameters, then the Express path names them', () => {
    expect(expressPath('/browse/{index}')).toBe('/browse/:index');
  });
});

describe('coerceParameter', () => {
  const param = (schema: Record<string, unknown>, explode?: boolean): SpecParameter => ({
    name: 'p',
    in: 'query',
    schema,
    ...(explode === undefined ? {} : { explode }),
  });

  test.each([
    [{ type: 'integer' }, '42', 42],
    [{ type: 'integer' }, '4x', '4x'],
    [{ type: 'boolean' }, '', true],
    [{ type: 'boolean' }, 'false', false],
    [{ type: 'boolean' }, 'maybe', 'maybe'],
    [{ type: 'string' }, '007', '007'],
  ])('when the schema is %j and the text %j, then the value is %j', (schema, text, expected) => {
    expect(coerceParameter(text, param(schema), spec.document)).toEqual(expected);
  });

  test('when a form list is not exploded, then it is split on commas', () => {
    const p = param({ type: 'array', items: { type: 'string' } }, false);
    expect(coerceParameter('a,b', p, spec.document)).toEqual(['a', 'b']);
  });

  test('when an exploded list is repeated, then each value is one item', () => {
    const p = param({ type: 'array', items: { type: 'integer' } }, true);
    expect(coerceParameter(['1', '2'], p, spec.document)).toEqual([1, 2]);
  });

  test('when a scalar parameter is repeated, then the array is left for the schema to refuse', () => {
    expect(coerceParameter(['1', '2'], param({ type: 'integer' }), spec.document)).toEqual(['1', '2']);
  });
});

describe('problemFor', () => {
  test('when an AppError is a client error, then its message is the detail and its code the type', () => {
    const p = problemFor(
      new AppError('invalid_search_limit', 'limit must be … not 500', { limit: 500 }),
      fakeReq,
      'r1',
    );
    expect(p).toMatchObject({
      type: 'urn:stacks:problem:invalid_search_limit',
      status: 400,
      instance: '/search',
      detail: 'limit must be … not 500',
      requestId: 'r1',
      errors: [{ code: 'invalid_search_limit', message: 'limit must be … not 500', limit: 500 }],
    });
  });

  test('when an AppError is a server error, then its message (paths, hosts) is not shown', () => {
    const p = problemFor(new AppError('store_unavailable', 'cannot open /srv/db/stacks.db'), fakeReq, 'r2');
    expect(p.status).toBe(503);
    expect(JSON.stringify(p)).not.toContain('/srv/db');
    expect(p.detail).toContain('r2');
  });

  test('when a body parser fails, then its error gets a registered code', () => {
    expect(problemFor({ type: 'entity.parse.failed', status: 400 }, fakeReq, undefined).code).toBe(
      'invalid_body',
    );
    expect(problemFor({ type: 'entity.too.large', status: 413, limit: 10 }, fakeReq, undefined).code).toBe(
      'payload_too_large',
    );
  });

  test('when anything else is thrown, then 500 internal_error with a generic detail', () => {
    const p = problemFor(new TypeError('x is undefined'), fakeReq, 'r3');
    expect(p).toMatchObject({ status: 500, code: 'internal_error', requestId: 'r3' });
    expect(p.detail).not.toContain('undefined');
  });

  test('when details hold raw bytes, then they stay out of errors[]', () => {
    const p = problemFor(
      new AppError('marc_unknown_format', 'not MARC', { head: 'abc', raw: new Uint8Array(3) }),
      fakeReq,
      undefined,
    );
    expect(p.errors).toEqual([{ code: 'marc_unknown_format', message: 'not MARC' }]);
  });
});
