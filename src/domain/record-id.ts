/**
 * The one rule for record ids: an id the catalog stores must be one a client can send back, in a
 * URL path (`/records/{id}`), in `/lookup?id=`, and that every backend can key a document by. A
 * record whose id breaks it would be stored and then unreachable, so every write refuses it
 * (ingest rejects the record, the API answers 422 `invalid_record_id`), and the API's id
 * parameters carry the same rule (openapi.yaml, `RecordId`), so a read of such an id is a 400
 * while no such record can exist.
 */

/** The longest id a request path takes, in characters (code points, as JSON Schema counts). */
export const RECORD_ID_MAX_CHARACTERS = 500;

/**
 * Elasticsearch and OpenSearch refuse a document `_id` over 512 bytes: a longer id would be stored
 * and never indexed. Only ids of mostly non-ASCII characters reach it before the character limit.
 */
export const RECORD_ID_MAX_BYTES = 512;

/**
 * openapi.yaml's pattern for ids, verbatim: not only white space, not `.` or `..` (URL clients
 * resolve those path segments away, so `/records/..` never reaches the server), and no control
 * character (C0, DEL, C1: NUL ends strings in drivers, and the rest cannot be typed, shown or
 * logged faithfully). Lookaheads and one character class, so its cost stays linear in the length.
 */
export const RECORD_ID_PATTERN = '^(?!\\s*$)(?!\\.\\.?$)[^\\u0000-\\u001f\\u007f-\\u009f]*$';

const PATTERN = new RegExp(RECORD_ID_PATTERN, 'u');
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** Without the u flag, so it sees UTF-16 code units: a high surrogate alone, or a low one alone. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `id` cannot be a record id, or undefined when it can. */
export function recordIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'the id is empty';
  if (LONE_SURROGATE.test(id)) return 'the id holds a lone UTF-16 surrogate, which no URL can carry';
  const characters = [...id].length;
  if (characters > RECORD_ID_MAX_CHARACTERS)
    return `the id is ${characters} characters long; at most ${RECORD_ID_MAX_CHARACTERS} can be addressed`;
  const bytes = Buffer.byteLength(id, 'utf8');
  if (bytes > RECORD_ID_MAX_BYTES)
    return `the id is ${bytes} bytes long in UTF-8; search engines take at most ${RECORD_ID_MAX_BYTES}`;
  if (PATTERN.test(id)) return undefined;
  const control = CONTROL.exec(id);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `the id holds the control character U+${code} at position ${control.index + 1}`;
  }
  return id.trim() === '' ? 'the id is only white space' : `the id ${JSON.stringify(id)} is a dot segment`;
}

/** The id cut after 60 characters, for messages and problem details (a refused id can be huge). */
export function clippedId(id: string): string {
  const chars = [...id];
  return chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : id;
}
