import { CQL_DIAGNOSTICS, CqlError } from './cql-error';

/**
 * A CQL term's words with their masks read: an unescaped trailing `*` makes a word a prefix, `^`
 * at either end anchors it; `\` makes the next character plain text. The query tree has only
 * trailing prefixes, so `?`, an inner `*` and (outside call numbers) anchors are diagnostics.
 */
export interface CqlWord {
  text: string;
  prefix: boolean;
  anchoredStart: boolean;
  anchoredEnd: boolean;
}

interface Char {
  ch: string;
  escaped: boolean;
}

export const MIN_PREFIX = 2;

/** The term split at unescaped whitespace. */
export function termWords(raw: string): CqlWord[] {
  const words: Char[][] = [[]];
  for (const c of chars(raw)) {
    if (!c.escaped && /\s/u.test(c.ch)) words.push([]);
    else words[words.length - 1]?.push(c);
  }
  return words.filter((w) => w.length > 0).map(readWord);
}

/** The whole term as one value (identifiers keep their spaces: `n 79-21834`). */
export function wholeTerm(raw: string): CqlWord | undefined {
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : readWord(chars(trimmed));
}

function chars(raw: string): Char[] {
  const out: Char[] = [];
  const list = [...raw];
  for (let i = 0; i < list.length; i++) {
    const ch = list[i] as string;
    if (ch === '\\' && i + 1 < list.length) out.push({ ch: list[++i] as string, escaped: true });
    else out.push({ ch, escaped: false });
  }
  return out;
}

function readWord(word: Char[]): CqlWord {
  let list = word;
  const anchoredStart = isMask(list[0], '^');
  if (anchoredStart) list = list.slice(1);
  const anchoredEnd = isMask(list[list.length - 1], '^');
  if (anchoredEnd) list = list.slice(0, -1);
  const prefix = isMask(list[list.length - 1], '*');
  if (prefix) list = list.slice(0, -1);
  const text = list.map((c) => c.ch).join('');
  for (const c of list) {
    if (c.escaped) continue;
    if (c.ch === '?') throw masking('?', `the single-character mask \`?\` is not supported (in \`${text}\`)`);
    if (c.ch === '*') throw masking('*', `\`*\` masks only at the end of a word (in \`${text}*\`)`);
    if (c.ch === '^') {
      throw new CqlError(
        CQL_DIAGNOSTICS.anchoringPosition,
        '^',
        `\`^\` anchors only at the start or end of a term (in \`${text}\`)`,
      );
    }
  }
  if (prefix && (text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) < MIN_PREFIX) {
    throw new CqlError(
      CQL_DIAGNOSTICS.maskedTooShort,
      String(MIN_PREFIX),
      `\`${text}*\` is too short a prefix: at least ${MIN_PREFIX} letters or digits go before *`,
    );
  }
  return { text, prefix, anchoredStart, anchoredEnd };
}

function isMask(c: Char | undefined, mask: string): boolean {
  return c !== undefined && !c.escaped && c.ch === mask;
}

function masking(detail: string, message: string): CqlError {
  return new CqlError(CQL_DIAGNOSTICS.masking, detail, message);
}
