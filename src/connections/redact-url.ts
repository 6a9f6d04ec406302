/**
 * A server URL fit for logs, errors and `/ready`: user and password become `***`, and the query
 * string is hidden, since drivers take secrets there too (tlsCertificateKeyFilePassword, tokens).
 * Deliberately blunt: everything from `//` to the last `@` goes, so a password with an unescaped
 * `@` or `/` cannot leave a piece behind. `mongodb://u:p@h:27017/db?x=1` → `mongodb://***@h:27017/db?***`.
 */
export function redactUrl(url: string): string {
  return url.replace(/\/\/.*@/s, '//***@').replace(/\?.*$/s, '?***');
}

/** The same for free text that may quote a URL (a driver's error message). */
export function redactUrlsIn(text: string): string {
  return text.replace(/\/\/[^\s"'`]*@/g, '//***@');
}
