// The windowed-array exchange format of the development data (shared/data/README.md):
// windows.f32 = little-endian float32 in C order [N, C, T], windows.json = shape, dtype,
// sampling rate, windows.csv = one row per window (label, picks, channel codes, ...).
import { InputError, type PhasePick } from '../types.js';
import { parseCsv } from './csv.js';
import { checkCode, checkRate, checkTime, show } from './plausible.js';

/** Inputs of parseWindowSet: the three files' contents and the set's name for messages. */
export interface WindowSetFiles {
  json: string;
  csv: string;
  f32: Uint8Array;
  name: string;
  /** Channel codes when neither the CSV nor the JSON states them. */
  defaultChannels?: string[];
}

/** A parsed window set; windowData(i) returns one view per channel. */
export interface WindowSet {
  shape: [number, number, number];
  samplingRate: number;
  columns: string[];
  rows: Array<Record<string, string>>;
  /** Label per window; null for 'unlabeled' or empty. */
  labels: Array<string | null>;
  picks: PhasePick[][];
  /** Channel codes per window, in array order ('' = channel absent, zero-filled). */
  channels: string[][];
  warnings: string[];
  windowData(i: number): Float32Array[];
}

const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Splits a `channels` cell such as "||EHZ" or "HHE|HHN|HHZ (order assumed E,N,Z ...)". */
function channelCodes(cell: string): string[] {
  return cell.replace(/\s*\(.*\)\s*$/, '').split('|').map((s) => s.trim());
}

/** Float32 view over the array bytes without copying when alignment and host byte order allow. */
function floatView(f32: Uint8Array): Float32Array {
  const count = f32.byteLength / 4;
  if (hostLittleEndian && f32.byteOffset % 4 === 0) return new Float32Array(f32.buffer, f32.byteOffset, count);
  const out = new Float32Array(count);
  const view = new DataView(f32.buffer, f32.byteOffset, f32.byteLength);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/** Parses and validates a window set (sizes, row count, row indices, sampling rates). */
export function parseWindowSet(files: WindowSetFiles): WindowSet {
  const { name } = files;
  const jsonName = `${name}/windows.json`;
  const csvName = `${name}/windows.csv`;
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(files.json) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(jsonName, `not valid JSON (${(e as Error).message})`);
  }
  const shape = meta.shape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new InputError(jsonName, `"shape" must be three positive integers [N, C, T], got ${JSON.stringify(shape)}`);
  }
  const [N, C, T] = shape as [number, number, number];
  if (T < 2) throw new InputError(jsonName, `"shape" [${N}, ${C}, ${T}] gives windows of ${T} sample (at least 2 needed)`);
  if (meta.dtype !== undefined && meta.dtype !== 'float32') throw new InputError(jsonName, `dtype ${String(meta.dtype)} is not float32`);
  if (meta.byte_order !== undefined && meta.byte_order !== 'little') {
    throw new InputError(jsonName, `byte_order ${String(meta.byte_order)} is not little`);
  }
  const rates = Array.isArray(meta.sampling_rate_hz) ? meta.sampling_rate_hz : [meta.sampling_rate_hz];
  const samplingRate = Number(rates[0]);
  if (rates.length !== 1 || !(samplingRate > 0)) {
    throw new InputError(jsonName, `sampling_rate_hz must be one positive rate, got ${JSON.stringify(meta.sampling_rate_hz)}`);
  }
  checkRate(jsonName, 'sampling_rate_hz', samplingRate);
  const expectedBytes = N * C * T * 4;
  if (files.f32.byteLength !== expectedBytes) {
    throw new InputError(
      `${name}/windows.f32`,
      `size mismatch: ${files.f32.byteLength} bytes, shape [${N}, ${C}, ${T}] needs ${expectedBytes}`,
    );
  }

  const { columns, rows } = parseCsv(files.csv, csvName);
  if (rows.length !== N) throw new InputError(csvName, `${rows.length} rows, shape says ${N} windows`);
  const warnings: string[] = [];
  const jsonChannels = Array.isArray(meta.channels)
    ? (meta.channels as unknown[]).map(String)
    : typeof meta.channels === 'string'
      ? channelCodes(meta.channels)
      : undefined;
  let fallback = jsonChannels ?? files.defaultChannels;
  if (fallback === undefined && !columns.includes('channels')) {
    // PhaseNet/EQTransformer arrays are E, N, Z; say so instead of guessing silently.
    fallback = C === 3 ? ['E', 'N', 'Z'] : Array.from({ length: C }, (_, c) => `CH${c + 1}`);
    warnings.push(`channel order not stated; assuming ${fallback.join('|')}`);
  }

  const labels: Array<string | null> = [];
  const picks: PhasePick[][] = [];
  const channels: string[][] = [];
  rows.forEach((row, i) => {
    if (row.index !== undefined && Number(row.index) !== i) throw new InputError(csvName, `row ${i + 1} has index ${row.index}, expected ${i}`);
    const rowRate = row.sampling_rate_hz;
    if (rowRate !== undefined && rowRate !== '' && Number(rowRate) !== samplingRate) {
      throw new InputError(csvName, `row ${i} has sampling rate ${rowRate} Hz, the array is ${samplingRate} Hz`);
    }
    const label = (row.label ?? '').trim();
    labels.push(label === '' || label === 'unlabeled' ? null : label);

    const p: PhasePick[] = [];
    const add = (phase: string, cell: string | undefined): void => {
      const s = Number(cell);
      if (cell === undefined || cell === '' || s < 0) return;
      if (!Number.isFinite(s)) throw new InputError(csvName, `row ${i}: pick sample "${cell}" is not a number`);
      p.push({ phase, offsetSeconds: s / samplingRate });
    };
    add('P', row.p_sample);
    add('S', row.s_sample);
    add(label, row.pick_sample); // phases/: the class names the phase (P or S); noise has -1
    picks.push(p);

    const codes = row.channels !== undefined ? channelCodes(row.channels) : fallback!;
    if (codes.length !== C) throw new InputError(csvName, `row ${i} names ${codes.length} channels, the array has ${C}`);
    for (const c of codes) checkCode(csvName, `row ${i} channel code`, c);
    checkCode(csvName, `row ${i} network`, row.network ?? '');
    checkCode(csvName, `row ${i} station`, row.station ?? '');
    if (row.window_start_utc) {
      const t = Date.parse(row.window_start_utc);
      if (Number.isNaN(t)) throw new InputError(csvName, `row ${i}: window_start_utc = ${show(row.window_start_utc)} is not a time`);
      checkTime(csvName, `row ${i} window_start_utc`, t);
    }
    channels.push(codes);
  });

  const all = floatView(files.f32);
  for (let k = 0; k < all.length; k++) {
    const v = all[k]!;
    if (v - v !== 0) {
      const row = Math.floor(k / (C * T));
      throw new InputError(`${name}/windows.f32`, `window ${row}, channel ${Math.floor(k / T) % C}, sample ${k % T} is ${show(v)} (not a finite number)`);
    }
  }
  return {
    shape: [N, C, T],
    samplingRate,
    columns,
    rows,
    labels,
    picks,
    channels,
    warnings,
    windowData(i: number): Float32Array[] {
      if (!Number.isInteger(i) || i < 0 || i >= N) throw new RangeError(`window ${i} is outside 0..${N - 1}`);
      return Array.from({ length: C }, (_, c) => all.subarray((i * C + c) * T, (i * C + c + 1) * T));
    },
  };
}
