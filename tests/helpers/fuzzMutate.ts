// Seeded mutations of real seismic files for the import fuzz suite: bit flips, truncations,
// and header fields set to the values that broke imports before (delta 1e6/1e30/0/NaN, npts
// huge, rate factor -32768, years 1800/3000, control characters in codes, ...). Each mutator
// knows where the fields of its format live; `name` says what was done, for failure messages.
import { headerByteOrder } from '../../core/common/formats/mseedRecord.js';
import type { Rng } from '../../core/common/ml/rng.js';

export type Kind = 'mseed' | 'sac' | 'wav';
export interface Mutation { name: string; bytes: Uint8Array }
type Mutator = (b: Uint8Array, r: Rng) => string;

const pick = <T>(r: Rng, list: readonly T[]): T => list[r.int(list.length)]!;
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const controlChar = (r: Rng): number => pick(r, [1, 7, 9, 10, 13, 27, 31, 127, 128, 200, 255]);

const generic: Record<string, Mutator> = {
  bitflips(b, r) {
    const n = 1 + r.int(8);
    // Half of the flips land in the first 700 bytes, where every format keeps its header.
    for (let k = 0; k < n; k++) {
      const at = r.random() < 0.5 ? r.int(Math.min(700, b.length)) : r.int(b.length);
      b[at]! ^= 1 << r.int(8);
    }
    return `${n} bit flip(s)`;
  },
  zeroRange(b, r) {
    const at = r.int(b.length);
    const len = 1 + r.int(64);
    b.fill(0, at, at + len);
    return `zeros at ${at}+${len}`;
  },
  randomBytes(b, r) {
    const at = r.int(b.length);
    for (let k = 0; k < 16 && at + k < b.length; k++) b[at + k] = r.int(256);
    return `random bytes at ${at}`;
  },
};

/** Offsets and byte order of the miniSEED 2 records of a file (128-byte steps, like libmseed's scan). */
function records(b: Uint8Array): { at: number; le: boolean }[] {
  const out: { at: number; le: boolean }[] = [];
  for (let at = 0; at + 48 <= b.length; at += 128) {
    const o = headerByteOrder(b, at);
    if (o) out.push({ at, le: o === 'le' });
  }
  return out;
}

const mseed: Record<string, Mutator> = {
  header(b, r) {
    const recs = records(b);
    if (!recs.length) return generic.bitflips!(b, r);
    const { at, le } = pick(r, recs);
    const v = view(b);
    const field = r.int(13);
    switch (field) {
      case 0: { const x = pick(r, [-32768, 32767, 0, -1, 1, 10000]); v.setInt16(at + 32, x, le); return `rate factor ${x} @${at}`; }
      case 1: { const x = pick(r, [-32768, 0, 32767, -1]); v.setInt16(at + 34, x, le); return `rate multiplier ${x} @${at}`; }
      case 2: { const x = pick(r, [0, 1, 65535, 7000]); v.setUint16(at + 30, x, le); return `numSamples ${x} @${at}`; }
      case 3: { const x = pick(r, [1800, 3000, 1899, 2100, 2101]); v.setUint16(at + 20, x, le); return `year ${x} @${at}`; }
      case 4: { const x = pick(r, [0, 366, 367, 65535]); v.setUint16(at + 22, x, le); return `day ${x} @${at}`; }
      case 5: { const off = pick(r, [8, 9, 12, 13, 15, 17, 18, 19]); b[at + off] = controlChar(r); return `control char in code byte ${off} @${at}`; }
      case 6: { const x = r.int(65536); v.setUint16(at + 46, x, le); return `blockette offset ${x} @${at}`; }
      case 7: { const x = r.int(65536); v.setUint16(at + 44, x, le); return `data offset ${x} @${at}`; }
      case 8: { const x = r.int(256); b[at + 39] = x; return `blockette count ${x} @${at}`; }
      case 9: { const x = pick(r, [2 ** 31 - 1, -(2 ** 31), 864000000]); v.setInt32(at + 40, x, le); b[at + 36] = 0; return `time correction ${x} @${at}`; }
      case 10: { const x = pick(r, [9999, 10000, 65535]); v.setUint16(at + 28, x, le); return `fraction ${x} @${at}`; }
      case 11: return blockette1000(b, at, le, r);
      default: { const x = pick(r, [1e30, NaN, Infinity, 1e-10, -5, 1e7]); return blockette100Rate(b, at, le, x); }
    }
  },
  duplicateRecord(b, r) {
    const recs = records(b);
    if (recs.length < 2) return generic.randomBytes!(b, r);
    const len = recs[1]!.at - recs[0]!.at;
    const { at } = pick(r, recs.slice(0, -1));
    b.copyWithin(at + len, at, at + len);
    return `record @${at} repeated (overlap)`;
  },
};

function blockette1000(b: Uint8Array, at: number, le: boolean, r: Rng): string {
  const v = view(b);
  const first = v.getUint16(at + 46, le);
  if (first < 48 || at + first + 8 > b.length) return 'no blockette 1000 to damage';
  const which = r.int(3);
  const x = which === 0 ? r.int(256) : which === 1 ? r.int(2) : pick(r, [0, 6, 7, 21, 31, 255]);
  b[at + first + 4 + which] = x;
  return `blockette 1000 ${['encoding', 'word order', 'record length exponent'][which]} ${x} @${at}`;
}

/** Turns the first blockette into a blockette 100 (actual sample rate) with rate x. */
function blockette100Rate(b: Uint8Array, at: number, le: boolean, x: number): string {
  const v = view(b);
  const first = v.getUint16(at + 46, le);
  if (first < 48 || at + first + 12 > b.length) return 'no blockette to turn into 100';
  // Keep the chain: blockette 100 points on to where the original one did not; lose 1000 only when it was first.
  v.setUint16(at + first, 100, le);
  v.setFloat32(at + first + 4, x, le);
  return `blockette 100 rate ${x} @${at}`;
}

const SAC_FLOAT = { delta: 0, b: 5, e: 6, a: 8 } as const;
const SAC_INT = { nzyear: 70, nzjday: 71, nzhour: 72, nzsec: 74, nzmsec: 75, nvhdr: 76, npts: 79, iftype: 85, leven: 105 } as const;

const sac: Record<string, Mutator> = {
  header(b, r) {
    if (b.length < 632) return generic.bitflips!(b, r);
    const v = view(b);
    const le = v.getInt32(76 * 4, true) === 6 || v.getInt32(76 * 4, true) === 7;
    const kind = r.int(3);
    if (kind === 0) {
      const [field, word] = pick(r, Object.entries(SAC_FLOAT));
      const x = field === 'delta' ? pick(r, [1e6, 1e30, 0, NaN, -0.01, 1e-30, Infinity, 1000, 1e-7]) : pick(r, [1e30, NaN, -1e30, 3e9, -12345]);
      v.setFloat32(word * 4, x, le);
      return `${field} ${x}`;
    }
    if (kind === 1) {
      const [field, word] = pick(r, Object.entries(SAC_INT));
      const values: Record<string, number[]> = {
        nzyear: [1800, 3000, 1899, 2101, -12345], nzjday: [0, 367, 9999], nzhour: [24, -1, 99], nzsec: [61, -5], nzmsec: [1000, -1],
        nvhdr: [7, 6, 5], npts: [2 ** 31 - 1, 0, -1, 2 ** 28, 1], iftype: [2, 3, 99], leven: [0, 2],
      };
      const x = pick(r, values[field]!);
      v.setInt32(word * 4, x, le);
      return `${field} ${x}`;
    }
    const [field, offset] = pick(r, [['kstnm', 440], ['khole', 464], ['kcmpnm', 600], ['knetwk', 608], ['ka', 480]] as const);
    b[offset + r.int(3)] = controlChar(r);
    return `control char in ${field}`;
  },
  samples(b, r) {
    if (b.length < 640) return generic.bitflips!(b, r);
    const at = 632 + 4 * r.int(Math.floor((b.length - 632) / 4));
    const x = pick(r, [NaN, Infinity, -Infinity]);
    view(b).setFloat32(at, x, true);
    return `sample ${(at - 632) / 4} = ${x}`;
  },
};

const wav: Record<string, Mutator> = {
  header(b, r) {
    const v = view(b);
    const field = r.int(7);
    switch (field) {
      case 0: { const x = pick(r, [0, 1, 4e9, 1e6 + 1, 2 ** 32 - 1]); v.setUint32(24, x, true); return `rate ${x}`; }
      case 1: { const x = pick(r, [0, 65535, 300, 2]); v.setUint16(22, x, true); return `channels ${x}`; }
      case 2: { const x = pick(r, [0, 12, 64, 65535]); v.setUint16(34, x, true); return `bits ${x}`; }
      case 3: { const x = pick(r, [0, 7, 65535]); v.setUint16(32, x, true); return `block align ${x}`; }
      case 4: { const x = pick(r, [0, 2 ** 32 - 1, 3]); v.setUint32(40, x, true); return `data size ${x}`; }
      case 5: { const x = pick(r, [0, 15, 2 ** 32 - 1]); v.setUint32(16, x, true); return `fmt size ${x}`; }
      default: { const at = 44 + 4 * r.int(Math.max(1, Math.floor((b.length - 44) / 4))); const x = pick(r, [NaN, Infinity]); if (at + 4 <= b.length) v.setFloat32(at, x, true); return `sample = ${x}`; }
    }
  },
};

const byKind: Record<Kind, Record<string, Mutator>> = { mseed, sac, wav };

/** One seeded mutation of `original` (never modified): a format field, bit flips, or a truncation. */
export function mutate(original: Uint8Array, kind: Kind, r: Rng): Mutation {
  const b = original.slice();
  const roll = r.random();
  if (roll < 0.2) {
    // Cut anywhere, or just past a header / inside the last few bytes.
    const len = r.random() < 0.5 ? r.int(b.length) : Math.max(0, b.length - 1 - r.int(600));
    return { name: `truncated to ${len} of ${b.length}`, bytes: b.subarray(0, len) };
  }
  const own = byKind[kind];
  const all = roll < 0.75 ? own : generic;
  const [what, fn] = pick(r, Object.entries(all));
  const detail = fn(b, r);
  return { name: `${what}: ${detail}`, bytes: r.random() < 0.1 ? b.subarray(0, b.length - 1 - r.int(32)) : b };
}
