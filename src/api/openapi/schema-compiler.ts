import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './openapi.spec';

/**
 * One Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) holding the spec's component schemas,
 * so request validation and the tests' response checks compile from the same definitions.
 * `#/components/schemas/X` references are rewritten to the registered document's `$defs`.
 */
const COMPONENTS_ID = 'urn:stacks:openapi';
const LOCAL_PREFIX = '#/components/schemas/';

export interface SchemaCompiler {
  compile(schema: JsonSchema): ValidateFunction;
}

export function createSchemaCompiler(document: Record<string, unknown>): SchemaCompiler {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    useDefaults: true,
    verbose: true,
  });
  addFormats(ajv);
  // OpenAPI's own annotations inside schemas; they constrain nothing.
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  const components = (document.components ?? {}) as { schemas?: Record<string, unknown> };
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(components.schemas ?? {}) });
  return { compile: (schema) => ajv.compile(rewriteRefs(schema) as JsonSchema) };
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('x-')) continue;
    out[key] =
      key === '$ref' && typeof inner === 'string' && inner.startsWith(LOCAL_PREFIX)
        ? `${COMPONENTS_ID}#/$defs/${inner.slice(LOCAL_PREFIX.length)}`
        : rewriteRefs(inner);
  }
  return out;
}

/** Ajv's message with the offending location, for test failures and logs. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}`).join('; ');
}
