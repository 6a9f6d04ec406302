import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Compose Specification's JSON schema (compose-spec/compose-spec, schema/compose-spec.json)
 * as the npm package `dclint` ships it (schemas/compose.schema.json, pinned in package.json):
 * a maintained package that takes the file verbatim from the spec's repository, so CI reads the
 * schema from the npm registry and never from the network at large.
 */
export const SCHEMA_PACKAGE = 'dclint';

export interface ComposeSchema {
  /** Where the schema came from: package@version and the file inside it. */
  source: string;
  validate(document: unknown): string[];
}

export function loadComposeSchema(): ComposeSchema {
  const manifest = require.resolve(`${SCHEMA_PACKAGE}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const file = path.join(path.dirname(manifest), 'schemas', 'compose.schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const validate = compileDraft07(schema, file);
  return {
    source: `${SCHEMA_PACKAGE}@${version} schemas/compose.schema.json (${String(schema.title)})`,
    validate: (document) => (validate(document) ? [] : (validate.errors ?? []).map(describe)),
  };
}

function compileDraft07(schema: Record<string, unknown>, file: string): ValidateFunction {
  // The spec declares draft-07 by its https URL, which Ajv does not know by that name; Ajv's
  // default dialect is draft-07, so the declaration is checked here and then left out.
  const declared = String(schema.$schema ?? '');
  if (!/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/.test(declared)) {
    throw new Error(`${file} declares ${declared || 'no $schema'}; this validator expects draft-07`);
  }
  const { $schema: _dialect, ...rest } = schema;
  // Unknown keywords still fail (strictSchema); the spec is not written to Ajv's stricter
  // type-annotation style (strictTypes), which changes no result.
  const ajv = new Ajv({ allErrors: true, strictSchema: true, strictTypes: false, allowUnionTypes: true });
  return ajv.compile(rest);
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(top level)';
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty: string }).additionalProperty)})`
      : error.keyword === 'enum'
        ? ` (${JSON.stringify((error.params as { allowedValues: unknown }).allowedValues)})`
        : '';
  return `${where}: ${error.message ?? error.keyword}${extra}`;
}
