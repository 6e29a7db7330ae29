// miniSEED writers: one trace as miniSEED 2 (SEED 2.4: 48-byte fixed header, blockettes 1000
// and 1001, big-endian) or miniSEED 3 (FDSN 2023: 40-byte header, FDSN source identifier,
// CRC-32C, nanosecond start). Written here rather than taken from a library: no maintained
// JavaScript miniSEED writer exists (seisplotjs reads only; libmseed would need a native or
// wasm build), and the readers beside this file check every field it writes.
//
// Encoding "as fits the data": samples that are all integers (counts) go as Steim-2, or as
// int32 when a difference exceeds Steim-2's 30 bits; anything else as float32, which holds
// the project's float32 samples exactly.
import type { Trace } from '../types.js';
import { ENCODING } from './mseedRecord.js';
import { crc32c } from './mseed3Record.js';

export type MseedEncoding = 'steim2' | 'int32' | 'float32';

/** What a writer needs of a trace: the stream, its rate and start (epoch ms, fractions allowed) and samples. */
export type WritableTrace = Pick<Trace, 'network' | 'station' | 'location' | 'channel' | 'samplingRate' | 'startTime' | 'samples'> & {
  /** Start in epoch nanoseconds where known exactly (a float of ms keeps only ~0.2 µs); miniSEED 3 writes it. */
  startNs?: bigint;
};

const STEIM2_LIMIT = 2 ** 29;

/** The encoding that stores these samples exactly and most compactly. */
export function chooseEncoding(samples: Float32Array): MseedEncoding {
  let prev = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) return 'float32';
    if (i > 0 && Math.abs(v - prev) >= STEIM2_LIMIT) return 'int32';
    prev = v;
  }
  return 'steim2';
}

const CODE = { steim2: ENCODING.steim2, int32: ENCODING.int32, float32: ENCODING.float32 } as const;

// Steim-2 word layouts, most differences per word first: [count, bits, w0 nibble, dnib].
const STEIM2_WORDS: readonly [number, number, number, number][] = [
  [7, 4, 3, 2], [6, 5, 3, 1], [5, 6, 3, 0], [4, 8, 1, -1], [3, 10, 2, 3], [2, 15, 2, 2], [1, 30, 2, 1],
];

/**
 * Packs differences into Steim-2 frames (SEED manual, appendix B) of `frames` × 64 bytes at
 * `out[at…]`, big-endian; the first frame's words 1 and 2 hold the first and last sample.
 * Returns how many samples of `x[from…]` it holds. A record's first difference is taken
 * from the previous record's last sample (0 in the first record), as libmseed does; readers
 * start from word 1 and ignore it.
 */
function packSteim2(x: Int32Array, need: Uint8Array, from: number, view: DataView, at: number, frames: number): number {
  const diff = (j: number) => (j === 0 ? 0 : x[j]! - x[j - 1]!);
  const widest = new Uint8Array(8);
  let i = from;
  for (let f = 0; f < frames && i < x.length; f++) {
    const base = at + 64 * f;
    let nibbles = 0;
    let w = f === 0 ? 3 : 1;
    for (; w < 16 && i < x.length; w++) {
      // The layout with most differences whose widest difference fits its bits.
      // widest[k]: the most bits any of the next k differences needs.
      const ahead = Math.min(7, x.length - i);
      for (let k = 0; k < ahead; k++) widest[k + 1] = Math.max(widest[k]!, need[i + k]!);
      let chosen = STEIM2_WORDS[STEIM2_WORDS.length - 1]!;
      for (const layout of STEIM2_WORDS) {
        const [count, bits] = layout;
        if (count <= ahead && widest[count]! <= bits) {
          chosen = layout;
          break;
        }
      }
      const [count, bits, nib, dnib] = chosen;
      let word = dnib >= 0 ? dnib << 30 : 0;
      for (let k = 0; k < count; k++) word |= (diff(i + k) & ((1 << bits) - 1)) << (bits * (count - 1 - k));
      view.setInt32(base + 4 * w, word, false);
      nibbles |= nib << (2 * (15 - w));
      i += count;
    }
    view.setUint32(base, nibbles >>> 0, false);
  }
  if (i > from) {
    view.setInt32(at + 4, x[from]!, false);
    view.setInt32(at + 8, x[i - 1]!, false);
  }
  return i - from;
}

/**
 * Bits each difference needs as a signed number (the first is 0, see packSteim2): computed
 * once per trace, so choosing a word's layout compares small numbers instead of recomputing
 * differences for every candidate layout.
 */
function bitsNeeded(x: Int32Array): Uint8Array {
  const need = new Uint8Array(x.length);
  for (let j = 1; j < x.length; j++) {
    const d = x[j]! - x[j - 1]!;
    const m = d < 0 ? -d - 1 : d;
    need[j] = m === 0 ? 1 : 33 - Math.clz32(m);
  }
  return need;
}

/** Splits samples into records: calls `record(from, count)` with how many fit, until all are written. */
function records(n: number, write: (from: number) => number): void {
  for (let from = 0; from < n; ) from += write(from);
}

/** Epoch microseconds of sample `i` (rounded: miniSEED 2 keeps microseconds). */
const microsAt = (t: WritableTrace, i: number) => Math.round(t.startTime * 1000 + (i * 1e6) / t.samplingRate);

function btime(view: DataView, at: number, micros: number): number {
  const ms = Math.floor(micros / 1000);
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const day = Math.floor((ms - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  const tenth = Math.floor((micros - Math.floor(micros / 1e6) * 1e6) / 100);
  view.setUint16(at, year, false);
  view.setUint16(at + 2, day, false);
  view.setUint8(at + 4, d.getUTCHours());
  view.setUint8(at + 5, d.getUTCMinutes());
  view.setUint8(at + 6, d.getUTCSeconds());
  view.setUint16(at + 8, tenth, false);
  // What 0.1 ms cannot say goes to blockette 1001 (0–99 µs).
  return micros - Math.floor(micros / 100) * 100;
}

/** SEED's rate factor and multiplier, and whether they state the rate exactly (else blockette 100 does). */
function rateFields(rate: number): { factor: number; multiplier: number; exact: boolean } {
  if (Number.isInteger(rate) && rate <= 32767) return { factor: rate, multiplier: 1, exact: true };
  const period = 1 / rate;
  if (Math.abs(period - Math.round(period)) < 1e-9 && period <= 32767) return { factor: -Math.round(period), multiplier: 1, exact: true };
  // Rate = factor / |multiplier| with the smallest error.
  let best = { factor: Math.max(1, Math.round(rate)), multiplier: 1, err: Infinity };
  for (let m = 1; m <= 10000; m++) {
    const f = Math.round(rate * m);
    if (f < 1 || f > 32767) continue;
    const err = Math.abs(f / m - rate);
    if (err < best.err) best = { factor: f, multiplier: m, err };
    if (err === 0) break;
  }
  return { factor: best.factor, multiplier: -best.multiplier, exact: best.err === 0 };
}

function ascii(out: Uint8Array, at: number, len: number, value: string, field: string): void {
  if (value.length > len || !/^[\x20-\x7e]*$/.test(value)) throw new RangeError(`miniSEED ${field} holds ${len} printable characters, got "${value}"`);
  const padded = value.padEnd(len, ' ');
  for (let k = 0; k < len; k++) out[at + k] = padded.charCodeAt(k);
}

const asInt32 = (s: Float32Array) => Int32Array.from(s);

/** One trace as miniSEED 2 records of `recordLength` bytes (a power of two, 256–8192). */
export function writeMiniSeed2(t: WritableTrace, opts: { recordLength?: number; encoding?: MseedEncoding; sequenceStart?: number } = {}): Uint8Array {
  const L = opts.recordLength ?? 4096;
  const exp = Math.log2(L);
  if (!Number.isInteger(exp) || exp < 8 || exp > 13) throw new RangeError(`record length ${L} is not a power of two from 256 to 8192`);
  const enc = opts.encoding ?? chooseEncoding(t.samples);
  const rate = rateFields(t.samplingRate);
  const dataOffset = rate.exact ? 64 : 128;
  const perRecord = enc === 'steim2' ? 0 : (L - dataOffset) / 4;
  const ints = enc === 'float32' ? null : asInt32(t.samples);
  const need = enc === 'steim2' ? bitsNeeded(ints!) : null;
  const chunks: Uint8Array[] = [];
  let seq = opts.sequenceStart ?? 1;
  records(t.samples.length, (from) => {
    const rec = new Uint8Array(L);
    const view = new DataView(rec.buffer);
    ascii(rec, 0, 6, String(seq++ % 1_000_000).padStart(6, '0'), 'sequence number');
    rec[6] = 0x44; // 'D'
    rec[7] = 0x20;
    ascii(rec, 8, 5, t.station, 'station code');
    ascii(rec, 13, 2, t.location, 'location code');
    ascii(rec, 15, 3, t.channel, 'channel code');
    ascii(rec, 18, 2, t.network, 'network code');
    const micro = btime(view, 20, microsAt(t, from));
    view.setInt16(32, rate.factor, false);
    view.setInt16(34, rate.multiplier, false);
    rec[39] = rate.exact ? 2 : 3;
    view.setUint16(44, dataOffset, false);
    view.setUint16(46, 48, false);
    // Blockette 1000: encoding, big-endian word order, record length.
    view.setUint16(48, 1000, false);
    view.setUint16(50, 56, false);
    rec[52] = CODE[enc];
    rec[53] = 1;
    rec[54] = exp;
    // Blockette 1001: microseconds beyond the 0.1 ms of the fixed header.
    view.setUint16(56, 1001, false);
    view.setUint16(58, rate.exact ? 0 : 64, false);
    view.setInt8(61, micro);
    if (!rate.exact) {
      view.setUint16(64, 100, false);
      view.setUint16(66, 0, false);
      view.setFloat32(68, t.samplingRate, false);
    }
    let n: number;
    if (enc === 'steim2') {
      const frames = (L - dataOffset) / 64;
      n = packSteim2(ints!, need!, from, view, dataOffset, frames);
      rec[63] = frames;
    } else {
      n = Math.min(perRecord, t.samples.length - from);
      for (let k = 0; k < n; k++) {
        if (ints) view.setInt32(dataOffset + 4 * k, ints[from + k]!, false);
        else view.setFloat32(dataOffset + 4 * k, t.samples[from + k]!, false);
      }
    }
    view.setUint16(30, n, false);
    chunks.push(rec);
    return n;
  });
  return concat(chunks);
}

/** FDSN source identifier of a SEED stream: a three-letter channel splits into band, source and subsource. */
export function sourceId(t: Pick<WritableTrace, 'network' | 'station' | 'location' | 'channel'>): string {
  const c = t.channel;
  const parts = c.length === 3 ? [c[0], c[1], c[2]] : c.split('_');
  if (parts.length !== 3) throw new RangeError(`channel "${c}" is neither three letters nor BAND_SOURCE_SUBSOURCE`);
  return `FDSN:${t.network}_${t.station}_${t.location}_${parts.join('_')}`;
}

/** Epoch nanoseconds of sample `i`. */
const nanosAt = (t: WritableTrace, i: number): bigint => (t.startNs ?? epochNs(t.startTime)) + BigInt(Math.round((i * 1e9) / t.samplingRate));

/**
 * Epoch ms → ns, whole seconds apart from the fraction: ms × 1e6 exceeds 2^53 and would lose
 * ~0.2 µs, while this way the reader's seconds + ns / 1e6 gives back the same float of ms.
 */
function epochNs(ms: number): bigint {
  const secs = Math.floor(ms / 1000);
  return BigInt(secs) * 1_000_000_000n + BigInt(Math.round((ms - secs * 1000) * 1e6));
}

/** One trace as miniSEED 3 records of at most `maxRecordLength` bytes (libmseed's default 4096). */
export function writeMiniSeed3(t: WritableTrace, opts: { maxRecordLength?: number; encoding?: MseedEncoding } = {}): Uint8Array {
  const max = opts.maxRecordLength ?? 4096;
  const enc = opts.encoding ?? chooseEncoding(t.samples);
  const sid = new TextEncoder().encode(sourceId(t));
  if (sid.length > 255) throw new RangeError(`source identifier of ${sid.length} bytes (at most 255)`);
  const head = 40 + sid.length;
  const room = max - head;
  if (room < 64) throw new RangeError(`record length ${max} leaves no room for data`);
  const ints = enc === 'float32' ? null : asInt32(t.samples);
  const need = enc === 'steim2' ? bitsNeeded(ints!) : null;
  const chunks: Uint8Array[] = [];
  records(t.samples.length, (from) => {
    const data = new Uint8Array(enc === 'steim2' ? Math.floor(room / 64) * 64 : Math.min(Math.floor(room / 4), t.samples.length - from) * 4);
    const dv = new DataView(data.buffer);
    let n: number;
    if (enc === 'steim2') n = packSteim2(ints!, need!, from, dv, 0, data.length / 64);
    else {
      n = data.length / 4;
      // miniSEED 3 stores integers and floats little-endian (Steim frames stay big-endian).
      for (let k = 0; k < n; k++) {
        if (ints) dv.setInt32(4 * k, ints[from + k]!, true);
        else dv.setFloat32(4 * k, t.samples[from + k]!, true);
      }
    }
    // Steim frames past the last sample are dropped: a miniSEED 3 record is as long as its data.
    const used = enc === 'steim2' ? data.subarray(0, usedFrames(dv, data.length / 64) * 64) : data;
    const rec = new Uint8Array(head + used.length);
    const view = new DataView(rec.buffer);
    rec[0] = 0x4d;
    rec[1] = 0x53;
    rec[2] = 3;
    const ns = nanosAt(t, from);
    const secs = ns / 1_000_000_000n - (ns < 0n && ns % 1_000_000_000n !== 0n ? 1n : 0n);
    const d = new Date(Number(secs) * 1000);
    const year = d.getUTCFullYear();
    view.setUint32(4, Number(ns - secs * 1_000_000_000n), true);
    view.setUint16(8, year, true);
    view.setUint16(10, Math.floor((Number(secs) * 1000 - Date.UTC(year, 0, 1)) / 86_400_000) + 1, true);
    rec[12] = d.getUTCHours();
    rec[13] = d.getUTCMinutes();
    rec[14] = d.getUTCSeconds();
    rec[15] = CODE[enc];
    view.setFloat64(16, t.samplingRate, true);
    view.setUint32(24, n, true);
    rec[32] = 1; // publication version
    rec[33] = sid.length;
    view.setUint16(34, 0, true);
    view.setUint32(36, used.length, true);
    rec.set(sid, 40);
    rec.set(used, head);
    view.setUint32(28, crc32c(rec), true);
    chunks.push(rec);
    return n;
  });
  return concat(chunks);
}

/** Frames holding data: a frame whose control word is zero holds none. */
function usedFrames(view: DataView, frames: number): number {
  let f = 0;
  while (f < frames && view.getUint32(64 * f, false) !== 0) f++;
  return Math.max(1, f);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
