// Reading what reached the screen: a screenshot (PNG from Chromium's compositor, so exactly
// the pixels a person sees) decoded here, the drawn trace's top and bottom edge found in
// each pixel column, and the same columns computed from a window's samples as the core
// stores them, filtered independently of the renderer's code. A trace is "the window's"
// when its drawn edges correlate with the data's column extremes.
import { inflateSync } from 'node:zlib';
import { designBandpass, designHighpass, designLowpass, ZeroPhaseFilter } from '../../core/common/dsp/index.js';

export interface Image {
  width: number;
  height: number;
  /** RGBA, row-major. */
  data: Uint8Array;
}

/** Decodes an 8-bit RGB or RGBA non-interlaced PNG (what Chromium's screenshots are). */
export function decodePng(png: Buffer): Image {
  let o = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat: Buffer[] = [];
  while (o < png.length) {
    const len = png.readUInt32BE(o);
    const type = png.toString('latin1', o + 4, o + 8);
    const body = png.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      colourType = body[9]!;
      if (body[8] !== 8 || body[12] !== 0 || (colourType !== 2 && colourType !== 6)) throw new Error(`unsupported PNG (depth ${body[8]}, colour ${colourType}, interlace ${body[12]})`);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    o += 12 + len;
  }
  const bpp = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(width * height * 4);
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      let v = line[i]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      out.set([cur[x * bpp]!, cur[x * bpp + 1]!, cur[x * bpp + 2]!, bpp === 4 ? cur[x * bpp + 3]! : 255], (y * width + x) * 4);
    }
    prev.set(cur);
  }
  return { width, height, data: out };
}

/** A pixel of the trace colour (near black, grey): not a pick line, the zero line or text in colour. */
const isTrace = (d: Uint8Array, i: number) => d[i]! < 110 && d[i + 1]! < 110 && d[i + 2]! < 110 && Math.abs(d[i]! - d[i + 2]!) < 40;

/** Drawn edges of the trace inside a box of the image: top and bottom trace pixel per column (-1: none). */
export function drawnEdges(img: Image, box: { x: number; y: number; width: number; height: number }): { top: number[]; bottom: number[]; mask: string } {
  const x0 = Math.round(box.x);
  const y0 = Math.round(box.y);
  const w = Math.round(box.width);
  const h = Math.round(box.height);
  const top: number[] = [];
  const bottom: number[] = [];
  let hash = 2166136261;
  for (let x = 0; x < w; x++) {
    let t = -1;
    let b = -1;
    for (let y = 0; y < h; y++) {
      const i = ((y0 + y) * img.width + x0 + x) * 4;
      if (isTrace(img.data, i)) {
        if (t < 0) t = y;
        b = y;
      }
    }
    top.push(t);
    bottom.push(b);
    hash = Math.imul(hash ^ (t + 1), 16777619) >>> 0;
    hash = Math.imul(hash ^ (b + 1), 16777619) >>> 0;
  }
  return { top, bottom, mask: hash.toString(16) };
}

export type TestFilter = { kind: 'off' } | { kind: 'band'; lo: number; hi: number } | { kind: 'highpass'; lo: number } | { kind: 'lowpass'; hi: number };

/** The toolbar's preset ids as filters (what the test expects to see drawn). */
export const PRESET_FILTERS: Record<string, TestFilter> = {
  off: { kind: 'off' },
  hp1: { kind: 'highpass', lo: 1 },
  '1-10': { kind: 'band', lo: 1, hi: 10 },
  '2-8': { kind: 'band', lo: 2, hi: 8 },
  lp5: { kind: 'lowpass', hi: 5 },
};

/** Demeaned and zero-phase filtered samples (order 4), unfiltered where a corner is at or above Nyquist. */
export function filtered(x: Float32Array, fs: number, f: TestFilter): Float64Array {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length || 1;
  const y = Float64Array.from(x, (v) => v - m);
  const corners = f.kind === 'band' ? [f.lo, f.hi] : f.kind === 'highpass' ? [f.lo] : f.kind === 'lowpass' ? [f.hi] : [];
  if (f.kind === 'off' || corners.some((c) => c >= fs / 2) || y.length < 2) return y;
  const sos = f.kind === 'band' ? designBandpass(4, f.lo, f.hi, fs) : f.kind === 'highpass' ? designHighpass(4, f.lo, fs) : designLowpass(4, f.hi, fs);
  return new ZeroPhaseFilter(sos).apply(y, y) as Float64Array;
}

/** Max and min of the samples over `width` equal columns. */
export function dataColumns(x: ArrayLike<number>, width: number): { max: number[]; min: number[] } {
  const n = x.length;
  const max: number[] = [];
  const min: number[] = [];
  for (let c = 0; c < width; c++) {
    const a = Math.floor((c * n) / width);
    const b = Math.max(a + 1, Math.floor(((c + 1) * n) / width));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = a; i < Math.min(n, b); i++) {
      lo = Math.min(lo, x[i]!);
      hi = Math.max(hi, x[i]!);
    }
    max.push(hi);
    min.push(lo);
  }
  return { max, min };
}

/** Pearson correlation of two equally long series (NaN-free pairs only). */
export function correlation(a: number[], b: number[]): number {
  const pairs = a.map((v, i) => [v, b[i]!] as const).filter(([p, q]) => Number.isFinite(p) && Number.isFinite(q));
  const n = pairs.length;
  if (n < 3) return NaN;
  const ma = pairs.reduce((s, [p]) => s + p, 0) / n;
  const mb = pairs.reduce((s, [, q]) => s + q, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (const [p, q] of pairs) {
    sab += (p - ma) * (q - mb);
    saa += (p - ma) ** 2;
    sbb += (q - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * How well a drawn trace matches samples: the correlation of the drawn top edge with the
 * columns' maxima and of the bottom edge with their minima (screen y grows downwards, so the
 * edges are negated), the lower of the two. Columns where nothing was drawn count as missing.
 */
export function matchScore(edges: { top: number[]; bottom: number[] }, samples: ArrayLike<number>): number {
  const cols = dataColumns(samples, edges.top.length);
  const t = edges.top.map((v) => (v < 0 ? NaN : -v));
  const b = edges.bottom.map((v) => (v < 0 ? NaN : -v));
  return Math.min(correlation(t, cols.max), correlation(b, cols.min));
}
