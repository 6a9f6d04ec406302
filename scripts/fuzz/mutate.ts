/**
 * Seeded mutations of real input for fuzzing the readers: byte flips, MARC delimiters and XML/JSON
 * punctuation dropped in, spans deleted, duplicated or truncated. Deterministic for a seed, so a
 * failure is reproducible from the seed alone.
 */
export type Random = () => number;

export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [
  0x1d, 0x1e, 0x1f, 0x1b, 0x00, 0x0a, 0x3c, 0x3e, 0x26, 0x22, 0x7b, 0x7d, 0x5b, 0x5d, 0x24, 0x3d, 0x80, 0xc3,
  0xe2, 0xff, 0x30, 0x39,
];

type Mutation = (b: Buffer, r: Random) => Buffer;

const at = (b: Buffer, r: Random): number => Math.floor(r() * Math.max(1, b.length));

const MUTATIONS: Mutation[] = [
  (b, r) => {
    const c = Buffer.from(b);
    if (c.length > 0) c[at(c, r)] = Math.floor(r() * 256);
    return c;
  },
  (b, r) => {
    const c = Buffer.from(b);
    if (c.length > 0) c[at(c, r)] = INTERESTING[Math.floor(r() * INTERESTING.length)]!;
    return c;
  },
  (b, r) => {
    const i = at(b, r);
    return Buffer.concat([b.subarray(0, i), b.subarray(Math.min(b.length, i + 1 + Math.floor(r() * 64)))]);
  },
  (b, r) => {
    const i = at(b, r);
    const span = b.subarray(i, i + Math.floor(r() * 200));
    return Buffer.concat([b.subarray(0, i), span, b.subarray(i)]);
  },
  (b, r) => b.subarray(0, at(b, r)),
  (b, r) => {
    const i = at(b, r);
    const digits = Buffer.from(String(Math.floor(r() * 100000)).padStart(5, '0'));
    return Buffer.concat([b.subarray(0, i), digits, b.subarray(i + digits.length)]);
  },
];

/** One to four mutations stacked on a copy of the input. */
export function mutate(input: Buffer, r: Random): Buffer {
  let out = input;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) out = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!(out, r);
  return out;
}
