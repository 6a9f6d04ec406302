/**
 * A form body (the raw parser left a Buffer) as the query parser would give it: repeats as
 * arrays, so a protocol sees a POST exactly as the same GET (SRU, OAI-PMH).
 */
export function formFields(body: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (!Buffer.isBuffer(body)) return fields;
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return fields;
}
