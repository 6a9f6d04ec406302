import { MarcError, type InputPosition } from '../errors';
import type { Warning } from '../read-item';
import type { LeaderLayout } from './iso2709-leader';

// Local copies: a constant imported from another module is a property load in every loop turn.
const FT = 0x1e;

/** Where each field's data lies: [start, end) without its terminator. */
export interface Directory {
  tags: string[];
  starts: number[];
  ends: number[];
}

interface RawEntry {
  tag: string;
  length: number;
  offset: number;
}

/**
 * Reads the directory of the record whose Latin-1 view is `bytes` (starting at `origin` in `buf`).
 * Trusts it while every entry lands on a field terminator. Otherwise, when the terminators split
 * the data area into exactly as many fields as there are entries, the lengths were counted wrongly
 * (characters for bytes, usually) and the terminators win; failing that, each field is read up to
 * its own terminator, best effort. Every repair is a warning.
 */
export function readDirectory(
  buf: Buffer,
  bytes: string,
  origin: number,
  dataEnd: number,
  layout: LeaderLayout,
  warnings: Warning[],
  position: InputPosition,
): Directory {
  const { entries, closedAt } = readEntries(bytes, dataEnd - origin, layout, warnings);
  if (closedAt < 0 && entries.length === 0)
    throw new MarcError('marc_bad_directory', 'no readable directory', position);
  // With neither a numeric base address nor a closed directory, the first terminator is the best
  // guess at the directory's end; a base of -1 would read bytes before the record.
  const found =
    closedAt >= 0 ? closedAt + 1 : layout.baseAddress < 0 ? firstTerminator(bytes, dataEnd - origin) : -1;
  const base = origin + chooseBase(layout.baseAddress, found, warnings);
  const dir: Directory = { tags: [], starts: [], ends: [] };
  let consistent = true;
  for (const e of entries) {
    const end = base + e.offset + e.length;
    if (e.length === 0 || end > dataEnd || buf[end - 1] !== FT) {
      consistent = false;
      break;
    }
    dir.tags.push(e.tag);
    dir.starts.push(base + e.offset);
    dir.ends.push(end - 1);
  }
  return consistent ? dir : recover(buf, base, dataEnd, entries, warnings);
}

function readEntries(
  bytes: string,
  dataEnd: number,
  layout: LeaderLayout,
  warnings: Warning[],
): { entries: RawEntry[]; closedAt: number } {
  const size = 3 + layout.lengthOfLength + layout.lengthOfStart;
  const entries: RawEntry[] = [];
  let p = 24;
  while (p < dataEnd && bytes.charCodeAt(p) !== FT) {
    if (p + size > dataEnd) break;
    const length = readNumber(bytes, p + 3, layout.lengthOfLength);
    const offset = readNumber(bytes, p + 3 + layout.lengthOfLength, layout.lengthOfStart);
    if (length < 0 || offset < 0) {
      warnings.push({ code: 'directory_recovered', message: `directory entry at byte ${p} is not numeric` });
      break;
    }
    entries.push({ tag: tagAt(bytes, p), length, offset });
    p += size;
  }
  return { entries, closedAt: bytes.charCodeAt(p) === FT ? p : -1 };
}

/** Just past the first field terminator after the leader, or the record's end when there is none. */
function firstTerminator(bytes: string, dataEnd: number): number {
  const at = bytes.indexOf('\x1e', 24);
  return at < 0 || at >= dataEnd ? dataEnd : at + 1;
}

function chooseBase(declared: number, found: number, warnings: Warning[]): number {
  if (found < 0) return declared;
  if (declared !== found) {
    const said = declared < 0 ? 'is not a number' : `${declared}`;
    warnings.push({
      code: 'directory_recovered',
      message: `leader base address ${said} but the directory ends at ${found - 1}; using ${found}`,
    });
  }
  return found;
}

function readNumber(bytes: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const b = bytes.charCodeAt(i);
    if (b < 0x30 || b > 0x39) return -1;
    v = v * 10 + (b - 0x30);
  }
  return v;
}

const NUMERIC_TAGS: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Tags repeat across millions of records: numeric ones share one string each instead of one per field. */
function tagAt(bytes: string, at: number): string {
  const a = bytes.charCodeAt(at) - 0x30;
  const b = bytes.charCodeAt(at + 1) - 0x30;
  const c = bytes.charCodeAt(at + 2) - 0x30;
  if (a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9) return NUMERIC_TAGS[a * 100 + b * 10 + c]!;
  return bytes.substr(at, 3);
}

function recover(
  buf: Buffer,
  base: number,
  dataEnd: number,
  entries: RawEntry[],
  warnings: Warning[],
): Directory {
  const segments = splitAtTerminators(buf, base, dataEnd);
  if (segments.length === entries.length) {
    warnings.push({
      code: 'field_recovered',
      message: 'directory lengths do not match the data; fields split at terminators',
    });
    return {
      tags: entries.map((e) => e.tag),
      starts: segments.map((s) => s[0]),
      ends: segments.map((s) => s[1]),
    };
  }
  const dir: Directory = { tags: [], starts: [], ends: [] };
  for (const e of entries) {
    const s = base + e.offset;
    if (e.length === 0 || s >= dataEnd) {
      warnings.push({ code: 'field_recovered', message: `field ${e.tag} lies outside the record; dropped` });
      continue;
    }
    let end = buf.indexOf(FT, s);
    if (end < 0 || end > Math.min(dataEnd, s + e.length)) {
      end = Math.min(dataEnd, s + e.length);
      warnings.push({ code: 'field_recovered', message: `field ${e.tag} has no field terminator` });
    }
    dir.tags.push(e.tag);
    dir.starts.push(s);
    dir.ends.push(end);
  }
  return dir;
}

function splitAtTerminators(buf: Buffer, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let s = from;
  while (s < to) {
    let e = buf.indexOf(FT, s);
    if (e < 0 || e > to) e = to;
    out.push([s, e]);
    s = e + 1;
  }
  return out;
}
