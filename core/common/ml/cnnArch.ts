// Pure description of the 1-D waveform CNN shared by every engine (hand-written JS engine,
// tfjs backends): layer shapes, the canonical parameter layout used in saved models, and
// the input preparation (resampling, per-window normalisation). No platform imports.
import { mulberry32 } from './rng.js';

/** One convolution block: conv (stride 1, 'same' zero padding) → ReLU → max-pool. */
export interface ConvBlock {
  filters: number;
  kernel: number;
  /** Max-pool size and stride; 1 = no pooling. Pooling floors (trailing samples dropped). */
  pool: number;
}

/** Architecture of the CNN: conv blocks → global average pool → dropout → dense → softmax. */
export interface CnnArch {
  channels: number;
  /** Input length in samples after resampling. */
  length: number;
  classes: number;
  blocks: ConvBlock[];
  /** Dropout rate applied to the pooled features during training only. */
  dropout: number;
}

/** Default blocks: 2.4 M multiply-adds per 3 × 1250 window, 18 k parameters (2 classes). */
export const defaultBlocks: readonly ConvBlock[] = [
  { filters: 16, kernel: 7, pool: 4 },
  { filters: 32, kernel: 7, pool: 4 },
  { filters: 32, kernel: 7, pool: 2 },
  { filters: 32, kernel: 7, pool: 1 },
];

/** Shape of one layer's activations as [channels, length]. */
export interface LayerShape {
  cin: number;
  tin: number;
  cout: number;
  /** Length after the convolution (equals tin: 'same' padding). */
  tconv: number;
  /** Length after pooling. */
  tout: number;
}

/** Input/output shapes of every conv block of an architecture. */
export function layerShapes(arch: CnnArch): LayerShape[] {
  const out: LayerShape[] = [];
  let c = arch.channels;
  let t = arch.length;
  for (const b of arch.blocks) {
    if (b.kernel % 2 !== 1) throw new Error(`kernel ${b.kernel}: odd kernels only ('same' padding)`);
    const tout = Math.floor(t / b.pool);
    if (tout < 1) throw new Error(`input length ${arch.length} too short for the pooling`);
    out.push({ cin: c, tin: t, cout: b.filters, tconv: t, tout });
    c = b.filters;
    t = tout;
  }
  return out;
}

/** Width of the embedding (the globally pooled activations of the last block). */
export const embeddingSize = (arch: CnnArch): number => arch.blocks[arch.blocks.length - 1]!.filters;

/**
 * Canonical parameter list: per block conv weight [cout, cin, k] then bias [cout]; then the
 * dense weight [classes, D] and bias [classes]. Saved models use this layout whatever engine
 * trained them, so a model trained in JS loads into tfjs and vice versa.
 */
export function paramShapes(arch: CnnArch): number[][] {
  const shapes: number[][] = [];
  for (const s of layerShapes(arch)) {
    const k = arch.blocks[shapes.length / 2]!.kernel;
    shapes.push([s.cout, s.cin, k], [s.cout]);
  }
  shapes.push([arch.classes, embeddingSize(arch)], [arch.classes]);
  return shapes;
}

/** Multiply-adds of one forward pass over one window. */
export function forwardMacs(arch: CnnArch): number {
  let macs = 0;
  layerShapes(arch).forEach((s, i) => (macs += s.tconv * s.cout * s.cin * arch.blocks[i]!.kernel));
  return macs + embeddingSize(arch) * arch.classes;
}

/** Small, fast seeded generator (mulberry32); returns floats in [0, 1). */
export const seededRandom = mulberry32;

/** Seeded initial parameters: He-uniform conv/dense weights (ReLU nets), zero biases. */
export function initParams(arch: CnnArch, seed: number): Float32Array[] {
  const rnd = seededRandom(seed);
  return paramShapes(arch).map((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const p = new Float32Array(n);
    if (shape.length === 1) return p;
    const fanIn = n / shape[0]!;
    const limit = Math.sqrt(6 / fanIn);
    for (let i = 0; i < n; i++) p[i] = (rnd() * 2 - 1) * limit;
    return p;
  });
}

/**
 * Resamples one [channels, tsrc] window to [channels, tout] by averaging each output bin's
 * source interval (area resampling). When shrinking, the averaging is a crude low-pass that
 * keeps plain decimation from aliasing high-frequency noise into the 1–20 Hz event band;
 * when stretching it degrades to nearest-sample interpolation, which is enough for the
 * small factors between common sampling rates.
 */
export function resampleWindow(src: Float32Array, channels: number, tout: number): Float32Array {
  const tsrc = src.length / channels;
  if (!Number.isInteger(tsrc)) throw new Error(`window of ${src.length} samples is not ${channels} channels`);
  if (tsrc === tout) return src.slice();
  const out = new Float32Array(channels * tout);
  const step = tsrc / tout;
  for (let c = 0; c < channels; c++) {
    const base = c * tsrc;
    for (let j = 0; j < tout; j++) {
      const a = j * step;
      const b = a + step;
      let sum = 0;
      let w = 0;
      for (let i = Math.floor(a); i < Math.min(Math.ceil(b), tsrc); i++) {
        const overlap = Math.min(b, i + 1) - Math.max(a, i);
        sum += src[base + i]! * overlap;
        w += overlap;
      }
      out[c * tout + j] = w > 0 ? sum / w : 0;
    }
  }
  return out;
}

/**
 * Per-window normalisation, in place: remove each channel's mean, then divide every channel
 * by the largest absolute value over all channels. One scale for all channels keeps the
 * relative amplitude of Z vs N/E (P is strongest on Z, S on the horizontals), and dividing by
 * the max rather than the std keeps noise windows at unit peak too, so the model cannot
 * separate classes by overall gain (stations differ by orders of magnitude). Zero-filled
 * (absent) channels stay zero.
 */
export function normalizeWindow(x: Float32Array, channels: number): Float32Array {
  const t = x.length / channels;
  let peak = 0;
  for (let c = 0; c < channels; c++) {
    let mean = 0;
    for (let i = 0; i < t; i++) mean += x[c * t + i]!;
    mean /= t;
    for (let i = 0; i < t; i++) {
      const v = x[c * t + i]! - mean;
      x[c * t + i] = v;
      if (Math.abs(v) > peak) peak = Math.abs(v);
    }
  }
  if (peak > 0) for (let i = 0; i < x.length; i++) x[i] = x[i]! / peak;
  return x;
}

/** Resample a raw window to the model's length and normalise it (a new array). */
export function prepareWindow(raw: Float32Array, arch: Pick<CnnArch, 'channels' | 'length'>): Float32Array {
  return normalizeWindow(resampleWindow(raw, arch.channels, arch.length), arch.channels);
}
