// SAC binary reader and writer (header layout: SAC User Manual, "SAC Data File Format").
// 70 float32 words, 40 int32 words, then 8/16-character strings: 632 bytes, followed by
// npts float32 samples; version 7 adds a footer of 22 float64 time values after the data.
import { InputError, type ParsedRecording, type PhasePick, type Trace } from '../types.js';
import { checkCode, checkTime, MAX_RATE_HZ, MIN_RATE_HZ, show } from './plausible.js';

const HEADER_BYTES = 632;
const UNDEF = -12345;
const FOOTER_V7_BYTES = 22 * 8;

// Word indices (float block 0-69, int block 70-109).
const W = {
  delta: 0,
  depmin: 1,
  depmax: 2,
  b: 5,
  e: 6,
  a: 8,
  t0: 10,
  depmen: 56,
  nzyear: 70,
  nzjday: 71,
  nzhour: 72,
  nzmin: 73,
  nzsec: 74,
  nzmsec: 75,
  nvhdr: 76,
  npts: 79,
  iftype: 85,
  leven: 105,
} as const;

// Byte offsets of the strings (kevnm is the only 16-character one).
const K = { kstnm: 440, khole: 464, ka: 480, kt0: 488, kcmpnm: 600, knetwk: 608 } as const;
const ITIME = 1;
const IXY = 4;

const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Byte order of a SAC header from its version word, or null when neither order gives 6 or 7. */
export function sacByteOrder(bytes: Uint8Array): 'le' | 'be' | null {
  if (bytes.length < HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const le = view.getInt32(W.nvhdr * 4, true);
  if (le === 6 || le === 7) return 'le';
  const be = view.getInt32(W.nvhdr * 4, false);
  if (be === 6 || be === 7) return 'be';
  return null;
}

const readString = (bytes: Uint8Array, offset: number, length: number): string => {
  let s = '';
  for (let i = offset; i < offset + length; i++) {
    const c = bytes[i]!;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  s = s.trim();
  return s === '-12345' ? '' : s;
};

/** 1/delta, snapped to the short decimal rate the writer meant when delta is a rounded float32 (0.01 -> 100 Hz, not 99.99999776). */
function rateFromDelta(delta: number): number {
  const raw = 1 / delta;
  const nice = Number(raw.toPrecision(7));
  return Math.fround(1 / nice) === Math.fround(delta) ? nice : raw;
}

/** Parses a SAC binary file (either byte order, header version 6 or 7) into one Trace. */
export function parseSac(bytes: Uint8Array, fileName: string): ParsedRecording {
  if (bytes.length === 0) throw new InputError(fileName, 'empty file (0 bytes)');
  if (bytes.length < HEADER_BYTES) {
    throw new InputError(fileName, `truncated at byte ${bytes.length} of ${HEADER_BYTES}: a SAC header alone is ${HEADER_BYTES} bytes`);
  }
  const order = sacByteOrder(bytes);
  if (order === null) throw new InputError(fileName, 'not SAC binary: header version (word 76) is neither 6 nor 7 in either byte order');
  const le = order === 'le';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const f = (word: number): number => view.getFloat32(word * 4, le);
  const i = (word: number): number => view.getInt32(word * 4, le);
  const warnings: string[] = [];

  const npts = i(W.npts);
  if (npts < 0) throw new InputError(fileName, `corrupt header: npts = ${npts}`);
  const iftype = i(W.iftype);
  if (iftype !== ITIME && iftype !== IXY && iftype !== UNDEF) {
    throw new InputError(fileName, `holds spectral or x-y-z data (iftype ${iftype}), not a time series`);
  }
  if (i(W.leven) === 0) throw new InputError(fileName, 'unevenly sampled data (leven = false) is not supported');
  const dataEnd = HEADER_BYTES + npts * 4;
  if (bytes.length < dataEnd) {
    throw new InputError(fileName, `truncated at byte ${bytes.length} of ${dataEnd}: header npts = ${npts} samples needs ${dataEnd} bytes`);
  }

  // Version 7 keeps the time values as float64 in a footer; prefer them (no float32 rounding).
  const v7 = i(W.nvhdr) === 7 && bytes.length >= dataEnd + FOOTER_V7_BYTES;
  if (i(W.nvhdr) === 7 && !v7) warnings.push('version 7 header without its float64 footer; using float32 header times');
  const time = (word: number, footerIndex: number): number =>
    v7 ? view.getFloat64(dataEnd + footerIndex * 8, le) : f(word);
  const defined = (x: number): boolean => Number.isFinite(x) && x !== UNDEF;

  const delta = time(W.delta, 0);
  if (!defined(delta) || delta <= 0) throw new InputError(fileName, `corrupt header: sample interval delta = ${show(delta)}`);
  if (delta < 1 / MAX_RATE_HZ || delta > 1 / MIN_RATE_HZ) {
    throw new InputError(fileName, `implausible sample interval: delta = ${show(delta)} s, i.e. ${show(1 / delta)} Hz (expected ${show(1 / MAX_RATE_HZ)} … ${show(1 / MIN_RATE_HZ)} s)`);
  }
  const b = time(W.b, 1);
  if (!Number.isFinite(b)) throw new InputError(fileName, `corrupt header: begin time b = ${show(b)}`);

  const nz = [W.nzyear, W.nzjday, W.nzhour, W.nzmin, W.nzsec, W.nzmsec].map(i);
  const [year, jday, hour, min, sec, msec] = nz as [number, number, number, number, number, number];
  const hasReference = !nz.some((x) => x === UNDEF);
  if (hasReference) checkReference(fileName, nz);
  const reference = hasReference ? Date.UTC(year, 0, jday, hour, min, sec, msec) : NaN;
  const startTime = defined(b) ? reference + b * 1000 : NaN;
  // A start time that is partly there is said to be dropped, never dropped silently.
  const missing = NZ_RANGES.filter((_, k) => nz[k] === UNDEF).map(([field]) => field);
  if (missing.length > 0 && missing.length < nz.length) warnings.push(`reference time incomplete (${missing.join(', ')} undefined): imported without an absolute time`);
  if (hasReference && !defined(b)) warnings.push('begin time b undefined: imported without an absolute time');
  checkTime(fileName, 'start time (nz* reference + b)', startTime);
  const origin = defined(b) ? b : 0;

  const picks: PhasePick[] = [];
  const a = time(W.a, 4);
  const phase = (offset: number, field: string, fallback: string): string => {
    const v = readString(bytes, offset, 8);
    checkCode(fileName, field, v);
    return v || fallback;
  };
  if (defined(a)) picks.push({ phase: phase(K.ka, 'ka', 'P'), offsetSeconds: a - origin });
  for (let k = 0; k < 10; k++) {
    const t = time(W.t0 + k, 5 + k);
    if (defined(t)) picks.push({ phase: phase(K.kt0 + 8 * k, `kt${k}`, `t${k}`), offsetSeconds: t - origin });
  }

  let samples: Float32Array;
  if (le === hostLittleEndian) {
    samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset + HEADER_BYTES, bytes.byteOffset + dataEnd));
  } else {
    samples = new Float32Array(npts);
    for (let s = 0; s < npts; s++) samples[s] = view.getFloat32(HEADER_BYTES + 4 * s, le);
  }

  const code = (field: keyof typeof K): string => {
    const v = readString(bytes, K[field], 8);
    checkCode(fileName, field, v);
    return v;
  };
  const trace: Trace = {
    network: code('knetwk'),
    station: code('kstnm'),
    location: code('khole'),
    channel: code('kcmpnm'),
    samplingRate: rateFromDelta(delta),
    startTime,
    samples,
    picks,
  };
  return { format: 'sac', traces: [trace], discontinuities: [], warnings };
}

// Each reference-time field has its calendar range; a value outside it is a damaged header.
const NZ_RANGES: [string, number, number][] = [['nzyear', 1900, 2100], ['nzjday', 1, 366], ['nzhour', 0, 23], ['nzmin', 0, 59], ['nzsec', 0, 60], ['nzmsec', 0, 999]];

function checkReference(fileName: string, nz: number[]): void {
  NZ_RANGES.forEach(([field, lo, hi], k) => {
    const v = nz[k]!;
    if (v < lo || v > hi) throw new InputError(fileName, `implausible reference time: ${field} = ${v} (expected ${lo} … ${hi})`);
  });
}

/**
 * Writes one trace as little-endian SAC v6: reference time from startTime (undefined when
 * NaN), b = sub-millisecond rest, picks as `a` (first 'P') and t0..t9 with their labels.
 */
export function writeSac(trace: Trace): Uint8Array {
  const n = trace.samples.length;
  const out = new Uint8Array(HEADER_BYTES + 4 * n);
  const view = new DataView(out.buffer);
  for (let w = 0; w < 70; w++) view.setFloat32(w * 4, UNDEF, true);
  for (let w = 70; w < 110; w++) view.setInt32(w * 4, UNDEF, true);
  const setString = (offset: number, length: number, value: string, field: string): void => {
    if (value.length > length) throw new RangeError(`SAC ${field} holds ${length} characters, got "${value}"`);
    const padded = (value === '' ? '-12345' : value).padEnd(length, ' ');
    for (let c = 0; c < length; c++) out[offset + c] = padded.charCodeAt(c) & 0x7f;
  };
  for (let s = 440; s < HEADER_BYTES; s += 8) setString(s, 8, '', 'string');

  const delta = 1 / trace.samplingRate;
  let b = 0;
  if (Number.isFinite(trace.startTime)) {
    const whole = Math.floor(trace.startTime);
    b = (trace.startTime - whole) / 1000;
    const d = new Date(whole);
    const jday = Math.floor((whole - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
    const fields = [d.getUTCFullYear(), jday, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
    fields.forEach((v, k) => view.setInt32((W.nzyear + k) * 4, v, true));
  }
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let s = 0; s < n; s++) {
    const v = trace.samples[s]!;
    view.setFloat32(HEADER_BYTES + 4 * s, v, true);
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  view.setFloat32(W.delta * 4, delta, true);
  view.setFloat32(W.b * 4, b, true);
  view.setFloat32(W.e * 4, b + (n - 1) * delta, true);
  if (n > 0) {
    view.setFloat32(W.depmin * 4, min, true);
    view.setFloat32(W.depmax * 4, max, true);
    view.setFloat32(W.depmen * 4, sum / n, true);
  }
  view.setInt32(W.nvhdr * 4, 6, true);
  view.setInt32(W.npts * 4, n, true);
  view.setInt32(W.iftype * 4, ITIME, true);
  view.setInt32(W.leven * 4, 1, true);
  setString(K.kstnm, 8, trace.station, 'kstnm');
  setString(K.khole, 8, trace.location, 'khole');
  setString(K.kcmpnm, 8, trace.channel, 'kcmpnm');
  setString(K.knetwk, 8, trace.network, 'knetwk');

  const p = trace.picks.findIndex((pick) => pick.phase === 'P');
  if (p >= 0) {
    view.setFloat32(W.a * 4, b + trace.picks[p]!.offsetSeconds, true);
    setString(K.ka, 8, 'P', 'ka');
  }
  const others = trace.picks.filter((_, k) => k !== p);
  if (others.length > 10) throw new RangeError(`SAC holds at most 10 picks besides P (t0..t9), trace has ${others.length}`);
  others.forEach((pick, k) => {
    view.setFloat32((W.t0 + k) * 4, b + pick.offsetSeconds, true);
    setString(K.kt0 + 8 * k, 8, pick.phase, `kt${k}`);
  });
  return out;
}
