import { loadSpec, resolveRef, type SpecParameter } from '../../../src/api/openapi/openapi.spec';
import { createSchemaCompiler } from '../../../src/api/openapi/schema-compiler';
import { parseTagList } from '../../../src/api/presenters/record.presenter';
import { decodeCursor } from '../../../src/search/common/cursor';
import { LookupService, type LookupKind } from '../../../src/services/lookup.service';
import { dayFrom } from '../../../src/services/patron-input';

/**
 * What openapi.yaml admits, the server must accept, and what the server refuses for its form,
 * the spec must not admit: a client reading the document (or schemathesis) cannot tell otherwise.
 * Each case is checked both ways against the server's own parser for that value.
 */
const spec = loadSpec();
const compiler = createSchemaCompiler(spec.document);

function specAdmits(operationId: string, name: string, value: string): boolean {
  const op = spec.operations.get(operationId)!;
  const param = op.parameters.find((p) => p.name === name) as SpecParameter;
  return compiler.compile(resolveRef(spec.document, param.schema) as Record<string, unknown>)(value);
}

const lookups = new LookupService({ findIds: async () => new Map(), getMany: async () => [] });

async function serverLooksUp(kind: LookupKind, value: string): Promise<boolean> {
  return lookups.lookup(kind, value).then(
    () => true,
    () => false,
  );
}

describe('openapi.yaml agrees with the server', () => {
  test.each(['"v3"', 'W/"v3-marc", "v4"', '*', '"v1","v2"', '0', 'v3', '"v3', '"v3"x', ''])(
    'when If-Match is %j, then the spec admits it exactly when the server reads it',
    (value) => {
      const server = parseTagList(value) !== undefined;
      if (specAdmits('deleteRecord', 'If-Match', value)) expect(server).toBe(true);
      if (!server) expect(specAdmits('deleteRecord', 'If-Match', value)).toBe(false);
    },
  );

  test.each([
    ['oclc', '0'],
    ['oclc', '000'],
    ['oclc', 'ocm00123'],
    ['oclc', '(OCoLC)123'],
    ['oclc', 'abc'],
    ['issn', '1234-5679'],
    ['issn', '12345679'],
    ['issn', '1234'],
    ['issn', '123456789'],
    ['lccn', '/'],
    ['lccn', '-'],
    ['lccn', 'n78-890351'],
    ['isbn', 'abc'],
    ['isbn', '0-14-044913-2'],
    ['id', ' '],
    ['id', '(OCoLC)1'],
  ] as const)(
    'when %s is %j, then the spec admits it only if the server looks it up',
    async (kind, value) => {
      const server = await serverLooksUp(kind, value);
      if (specAdmits('lookup', kind, value)) expect(server).toBe(true);
    },
  );

  test.each(['0', 'A'.repeat(15), 'not-a-cursor'])(
    'when the cursor is %j, then the spec refuses it as the server does',
    (value) => {
      expect(() => decodeCursor(value, 'relevance')).toThrow();
      expect(specAdmits('searchGet', 'cursor', value)).toBe(false);
    },
  );

  // Schemathesis sent `expiry: "0340-07-03"` (format: date) and met 422 `invalid_patron`.
  test.each(['2031-06-30', '1900-01-01', '1899-12-31', '0340-07-03', '0001-01-01', '2030-02-30'])(
    'when a card expiry is %j, then the spec admits it exactly when the server takes it',
    (value) => {
      const server = (() => {
        try {
          return dayFrom(value, 'expiry') === value;
        } catch {
          return false;
        }
      })();
      expect(compiler.compile({ $ref: '#/components/schemas/CardExpiry' })(value)).toBe(server);
    },
  );

  test('when an empty ingest body is sent, then the spec already says it is not one', () => {
    const body = spec.operations.get('startIngest')!.requestBody!;
    expect(body.required).toBe(true);
    for (const media of Object.values(body.content)) expect(compiler.compile(media.schema!)('')).toBe(false);
  });
});
