import { loadSpec, resolveRef, type SpecParameter } from '../../../src/api/openapi/openapi.spec';
import { createSchemaCompiler } from '../../../src/api/openapi/schema-compiler';
import { parseTagList } from '../../../src/api/presenters/record.presenter';
import { decodeCursor } from '../../../src/search/common/cursor';
import { LookupService, type LookupKind } from '../../../src/services/lookup.service';
import { openLocationDirectory } from '../../../src/api/location-directory';
import { dayFrom, newPatronFrom } from '../../../src/services/patron-input';

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

const ERIKA = {
  barcode: 'P1',
  name: 'Example, Erika',
  email: 'erika@example.org',
  patronType: 'adult',
  expiry: '2030-01-01',
};

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

  // Schemathesis sent `phone: "UÊ×þk"` to PATCH /patrons/{barcode} and met 422 `invalid_patron`.
  test.each([
    ['phone', '+49 30 0000 0000'],
    ['phone', ''],
    ['phone', 'UÊ×þk'],
    ['phone', 'call Erika'],
    ['phone', '--'],
    ['name', 'Doe, Jane'],
    ['name', '   '],
    ['name', 'Doe,\u0001 Jane'],
    ['name', 'Doe,\tJane'],
    ['address', 'Beispielweg 1\n10115 Berlin'],
    ['address', 'Beispielweg\u0000 1'],
    ['notes', 'Prefers large print'],
    ['notes', 'Prefers\u0085 large print'],
  ])(
    "when a registration's %s is %j, then the spec admits it only if the server takes it",
    (field, value) => {
      const body = { ...ERIKA, [field]: value };
      const server = (() => {
        try {
          newPatronFrom(body, { locations: openLocationDirectory() });
          return true;
        } catch {
          return false;
        }
      })();
      const admits = compiler.compile({ $ref: '#/components/schemas/NewPatron' })(body);
      if (admits) expect(server).toBe(true);
      if (!server) expect(admits).toBe(false);
    },
  );

  test.each(['', '   ', '\n'])(
    'when a block reason is %j, then the spec refuses it as the server does',
    (reason) => {
      expect(compiler.compile({ $ref: '#/components/schemas/PatronBlockBody' })({ reason })).toBe(false);
    },
  );

  test('when an empty ingest body is sent, then the spec already says it is not one', () => {
    const body = spec.operations.get('startIngest')!.requestBody!;
    expect(body.required).toBe(true);
    for (const media of Object.values(body.content)) expect(compiler.compile(media.schema!)('')).toBe(false);
  });
});
