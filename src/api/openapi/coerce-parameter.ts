import { resolveRef, type JsonSchema, type SpecParameter } from './openapi.spec';

/**
 * Query, path and header values arrive as text (or arrays of text for repeated query keys).
 * They are converted by the parameter's schema type before validation, and left as they are
 * when they do not convert, so the schema rejects them naming the value the client sent.
 */
export function coerceParameter(
  given: unknown,
  param: SpecParameter,
  document: Record<string, unknown>,
): unknown {
  const schema = resolveRef(document, param.schema) as JsonSchema;
  if (schema.type === 'array') {
    const items = resolveRef(document, schema.items) as JsonSchema | undefined;
    const list = Array.isArray(given) ? given.map(String) : [String(given)];
    // form style without explode: `facets=a,b`; with explode: `filter=a&filter=b`.
    const values = param.explode === false ? list.flatMap((v) => (v === '' ? [] : v.split(','))) : list;
    return values.map((v) => coerceScalar(v, items?.type));
  }
  if (Array.isArray(given)) return given;
  return coerceScalar(String(given), schema.type);
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function coerceScalar(text: string, type: unknown): unknown {
  switch (type) {
    case 'integer':
    case 'number':
      return NUMBER.test(text) ? Number(text) : text;
    case 'boolean':
      if (text === 'true' || text === '1' || text === '') return true;
      if (text === 'false' || text === '0') return false;
      return text;
    default:
      return text;
  }
}
