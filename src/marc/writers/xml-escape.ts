/**
 * XML 1.0 escaping for the MARCXML writer.
 *
 * Characters XML 1.0 cannot carry at all (C0 controls other than TAB/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF) cannot be written even as character references, so a choice is forced. yaz
 * deletes C0 controls silently; we map each to its Unicode Control Picture (U+0000–U+001F →
 * U+2400–U+241F: \x1F becomes ␟) so the document stays well-formed, a cataloguer can still see
 * which control character the source held, and a later step could map it back. Lone surrogates and
 * the two non-characters have no such image and become U+FFFD.
 *
 * CR is written as `&#13;` (parsers would otherwise fold it into LF) and, in attributes, TAB and LF
 * as `&#9;` / `&#10;` (attribute-value normalisation would turn them into spaces): both lossless.
 * `"` and `'` are escaped in text too, as yaz does, so the output compares with yaz-marcdump's.
 */

// The tests run without the `u` flag (faster), so any surrogate sends a value down the slow path;
// there, with `u`, the surrogate range matches only unpaired surrogates and pairs pass through.
const TEXT_CLASS = '&<>"\'\\r\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uD800-\\uDFFF\\uFFFE\\uFFFF';
const TEXT_SPECIAL = new RegExp(`[${TEXT_CLASS}]`);
const TEXT_SPECIAL_ALL = new RegExp(`[${TEXT_CLASS}]`, 'gu');
const ATTR_SPECIAL = new RegExp(`[\\t\\n${TEXT_CLASS}]`);
const ATTR_SPECIAL_ALL = new RegExp(`[\\t\\n${TEXT_CLASS}]`, 'gu');

const NAMED: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function replacement(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code < 0x20 ? String.fromCharCode(0x2400 + code) : '\uFFFD';
}

/** Escapes element content; returns the same string when nothing needs escaping (the usual case). */
export function escapeXmlText(value: string): string {
  return TEXT_SPECIAL.test(value) ? value.replace(TEXT_SPECIAL_ALL, replacement) : value;
}

/** Escapes a double-quoted attribute value. */
export function escapeXmlAttr(value: string): string {
  return ATTR_SPECIAL.test(value) ? value.replace(ATTR_SPECIAL_ALL, replacement) : value;
}
