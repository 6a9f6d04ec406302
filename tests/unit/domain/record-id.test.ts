import { loadSpec, resolveRef, type JsonSchema } from '../../../src/api/openapi/openapi.spec';
import { createSchemaCompiler } from '../../../src/api/openapi/schema-compiler';
import {
  RECORD_ID_MAX_BYTES,
  RECORD_ID_MAX_CHARACTERS,
  RECORD_ID_PATTERN,
  recordIdProblem,
} from '../../../src/domain/record-id';

const spec = loadSpec();
const components = (spec.document.components ?? {}) as {
  schemas: Record<string, JsonSchema>;
  parameters: Record<string, { schema: unknown }>;
};
const schema = components.schemas.RecordId!;

const GOOD = [
  '(OCoLC)12345',
  'syn0000001',
  'sha1-0123456789abcdef0123',
  'a b',
  'a/b?c#d',
  '.x',
  '...',
  '東京',
];
const BAD = ['', ' ', '\t\n', '.', '..', 'a\u0000b', 'a\u001fb', 'a\u007fb', 'a\u0085b', 'x'.repeat(501)];

/** A short test title for an id that may be long or unprintable. */
function labelled(id: string): [string, string] {
  const shown = JSON.stringify(id);
  return [shown.length > 24 ? `${shown.slice(0, 20)}… (${id.length})` : shown, id];
}

describe('the record id rule', () => {
  test.each(GOOD)('when the id is %j, then it can be stored', (id) => {
    expect(recordIdProblem(id)).toBeUndefined();
  });

  test.each(BAD.map(labelled))('when the id is %s, then it is refused with a reason', (_, id) => {
    expect(recordIdProblem(id)).toEqual(expect.any(String));
  });

  test('when an id has 500 characters, then it can be stored; astral characters count once', () => {
    expect(recordIdProblem('x'.repeat(RECORD_ID_MAX_CHARACTERS))).toBeUndefined();
    expect(recordIdProblem('𝔸'.repeat(100))).toBeUndefined();
  });

  test('when an id is over 512 bytes in UTF-8 though under 500 characters, then the search engines could not key it', () => {
    expect(recordIdProblem('é'.repeat(RECORD_ID_MAX_BYTES / 2))).toBeUndefined();
    expect(recordIdProblem('é'.repeat(RECORD_ID_MAX_BYTES / 2 + 1))).toMatch(/514 bytes long/);
  });

  test('when an id holds a lone surrogate, then no URL could carry it', () => {
    expect(recordIdProblem('a\ud800b')).toMatch(/surrogate/);
  });
});

describe('openapi.yaml states the same rule', () => {
  test('when the spec is read, then RecordId has the rule’s length and pattern, and the path and look-up ids use it', () => {
    expect(schema).toMatchObject({ maxLength: RECORD_ID_MAX_CHARACTERS, pattern: RECORD_ID_PATTERN });
    expect(resolveRef(spec.document, components.parameters.recordId!.schema)).toBe(schema);
    const lookupId = spec.operations.get('lookup')!.parameters.find((p) => p.name === 'id')!;
    expect(resolveRef(spec.document, lookupId.schema)).toBe(schema);
  });

  const validate = createSchemaCompiler(spec.document).compile(schema);

  test.each([...GOOD, ...BAD].map(labelled))(
    'when the id is %s, then the schema and the rule agree',
    (_, id) => {
      expect(validate(id)).toBe(recordIdProblem(id) === undefined);
    },
  );
});
