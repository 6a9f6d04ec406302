/**
 * The deepest nesting a JSON request body may have. Search bodies need 3 levels and MARC-in-JSON
 * 6; anything recursive that meets a body (the schema validator, error reports, the MARC reader)
 * overflows the stack somewhere past a few thousand, so the limit is checked on the raw bytes,
 * before anything parses them.
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the text nests objects and arrays deeper than `max`. One pass, no recursion and no
 * parsing: brackets inside strings do not count, and malformed text is left to JSON.parse.
 */
export function nestsDeeperThan(bytes: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return false;
}
