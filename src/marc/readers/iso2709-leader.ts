import type { Warning } from '../read-item';

/** The leader's structural numbers, with MARC 21's values assumed where the leader is damaged. */
export interface LeaderLayout {
  leader: string;
  indicatorCount: number;
  baseAddress: number;
  lengthOfLength: number;
  lengthOfStart: number;
}

const UNPRINTABLE = /[^\x20-\x7e]/g;

function digit(code: number): number {
  return code >= 0x30 && code <= 0x39 ? code - 0x30 : -1;
}

/**
 * Reads the leader from the first 24 chars of the record's Latin-1 view. Non-printable bytes
 * become blanks; positions 10, 11 and 20–22 must be digits, else MARC 21's 2, 2, 4, 5, 0 are
 * assumed and written back (as yaz does), each with a warning. Leader/09 becomes `a`: the model
 * is always Unicode.
 */
export function readLeader(bytes: string, warnings: Warning[]): LeaderLayout {
  let leader = bytes.slice(0, 24);
  if (UNPRINTABLE.test(leader)) {
    UNPRINTABLE.lastIndex = 0;
    leader = leader.replace(UNPRINTABLE, ' ');
    warn(warnings, 'unprintable bytes in the leader replaced by blanks');
  }
  const indicatorCount = digit(leader.charCodeAt(10));
  const fine =
    indicatorCount >= 0 &&
    leader.charCodeAt(11) === 0x32 &&
    leader.charCodeAt(20) === 0x34 &&
    leader.charCodeAt(21) === 0x35 &&
    digit(leader.charCodeAt(22)) >= 0;
  if (fine) {
    const fixed = leader.charCodeAt(9) === 0x61 ? leader : leader.slice(0, 9) + 'a' + leader.slice(10);
    return {
      leader: fixed,
      indicatorCount,
      baseAddress: number5(leader, 12),
      lengthOfLength: 4,
      lengthOfStart: 5,
    };
  }
  return repair(leader, warnings);
}

function repair(leader: string, warnings: Warning[]): LeaderLayout {
  const chars = leader.split('');
  const indicatorCount = assumeDigit(chars, 10, 2, 'indicator count', warnings);
  assumeDigit(chars, 11, 2, 'subfield code length', warnings);
  const lengthOfLength = assumeDigit(chars, 20, 4, 'length-of-field length', warnings);
  const lengthOfStart = assumeDigit(chars, 21, 5, 'starting-position length', warnings);
  assumeDigit(chars, 22, 0, 'implementation-defined length', warnings);
  chars[9] = 'a';
  return {
    leader: chars.join(''),
    indicatorCount,
    baseAddress: number5(leader, 12),
    lengthOfLength,
    lengthOfStart,
  };
}

function number5(s: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 5; i++) {
    const d = digit(s.charCodeAt(i));
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

function assumeDigit(
  chars: string[],
  at: number,
  assumed: number,
  what: string,
  warnings: Warning[],
): number {
  const d = digit(chars[at]!.charCodeAt(0));
  if (d > 0 || (d === 0 && at !== 20 && at !== 21)) return d;
  warn(warnings, `leader/${at} (${what}) is "${chars[at]}"; assumed ${assumed}`);
  chars[at] = String(assumed);
  return assumed;
}

function warn(warnings: Warning[], message: string): void {
  warnings.push({ code: 'leader_repaired', message });
}
