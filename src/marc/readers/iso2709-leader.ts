import type { Warning } from '../read-item';

/** The leader's structural numbers, with MARC 21's values assumed where the leader is damaged. */
export interface LeaderLayout {
  leader: string;
  indicatorCount: number;
  baseAddress: number;
  lengthOfLength: number;
  lengthOfStart: number;
}

const PRINTABLE_MIN = 0x20;
const PRINTABLE_MAX = 0x7e;

function digit(code: number): number {
  return code >= 0x30 && code <= 0x39 ? code - 0x30 : -1;
}

/**
 * Reads the 24-byte leader at `start`. Non-printable bytes become blanks; positions 10, 11 and
 * 20–22 must be digits, else MARC 21's 2, 2, 4, 5, 0 are assumed and written back (as yaz does),
 * each with a warning. Leader/09 becomes `a`: the model is always Unicode.
 */
export function readLeader(buf: Uint8Array, start: number, warnings: Warning[]): LeaderLayout {
  const chars: string[] = [];
  let unprintable = 0;
  for (let i = 0; i < 24; i++) {
    const b = buf[start + i] as number;
    if (b < PRINTABLE_MIN || b > PRINTABLE_MAX) unprintable++;
    chars.push(b < PRINTABLE_MIN || b > PRINTABLE_MAX ? ' ' : String.fromCharCode(b));
  }
  if (unprintable > 0) warn(warnings, `${unprintable} unprintable byte(s) in the leader replaced by blanks`);
  const indicatorCount = assumeDigit(chars, 10, 2, 'indicator count', warnings);
  assumeDigit(chars, 11, 2, 'subfield code length', warnings);
  const lengthOfLength = assumeDigit(chars, 20, 4, 'length-of-field length', warnings);
  const lengthOfStart = assumeDigit(chars, 21, 5, 'starting-position length', warnings);
  assumeDigit(chars, 22, 0, 'implementation-defined length', warnings);
  chars[9] = 'a';
  let baseAddress = 0;
  for (let i = 12; i < 17; i++) {
    const d = digit(chars[i]!.charCodeAt(0));
    baseAddress = d < 0 || baseAddress < 0 ? -1 : baseAddress * 10 + d;
  }
  return { leader: chars.join(''), indicatorCount, baseAddress, lengthOfLength, lengthOfStart };
}

function assumeDigit(chars: string[], at: number, assumed: number, what: string, warnings: Warning[]): number {
  const d = digit(chars[at]!.charCodeAt(0));
  if (d >= 0 && (at !== 20 || d > 0) && (at !== 21 || d > 0)) return d;
  warn(warnings, `leader/${at} (${what}) is "${chars[at]}"; assumed ${assumed}`);
  chars[at] = String(assumed);
  return assumed;
}

function warn(warnings: Warning[], message: string): void {
  warnings.push({ code: 'leader_repaired', message });
}
