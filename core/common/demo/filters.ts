// Second-order IIR sections (the audio-EQ "cookbook" designs) used to shape white noise
// into the bands where each kind of seismic signal lives. Causal filtering is fine here:
// we synthesise signals, we do not need to preserve the phase of a recording.

import type { DemoRandom } from './random.js';

/** Normalised biquad coefficients (a0 = 1). */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

// Keep every design safely below Nyquist whatever sampling rate the caller chose.
const clampHz = (hz: number, fs: number): number => Math.min(Math.max(hz, 1e-3), 0.45 * fs);

function design(kind: 'lp' | 'hp' | 'bp', hz: number, q: number, fs: number): Biquad {
  const w0 = (2 * Math.PI * clampHz(hz, fs)) / fs;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  let b0: number, b1: number, b2: number;
  if (kind === 'lp') {
    b0 = (1 - cos) / 2;
    b1 = 1 - cos;
    b2 = b0;
  } else if (kind === 'hp') {
    b0 = (1 + cos) / 2;
    b1 = -(1 + cos);
    b2 = b0;
  } else {
    // Constant 0 dB peak gain band-pass.
    b0 = alpha;
    b1 = 0;
    b2 = -alpha;
  }
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

const BUTTERWORTH_Q = Math.SQRT1_2;

/** Second-order Butterworth low-pass section. */
export const lowPass = (hz: number, fs: number): Biquad => design('lp', hz, BUTTERWORTH_Q, fs);

/** Second-order Butterworth high-pass section. */
export const highPass = (hz: number, fs: number): Biquad => design('hp', hz, BUTTERWORTH_Q, fs);

/** Resonant band-pass section centred on hz; larger q means a narrower band. */
export const resonator = (hz: number, q: number, fs: number): Biquad => design('bp', hz, q, fs);

/** A band from lowHz to highHz: `order` high-pass and low-pass sections in cascade. */
export function bandPass(lowHz: number, highHz: number, fs: number, order = 2): Biquad[] {
  const chain: Biquad[] = [];
  for (let i = 0; i < order; i++) chain.push(highPass(lowHz, fs), lowPass(highHz, fs));
  return chain;
}

/** Runs x through the sections in order, in place (transposed direct form II). */
export function filterInPlace(x: Float64Array, chain: readonly Biquad[]): Float64Array {
  for (const s of chain) {
    let z1 = 0;
    let z2 = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const y = s.b0 * v + z1;
      z1 = s.b1 * v - s.a1 * y + z2;
      z2 = s.b2 * v - s.a2 * y;
      x[i] = y;
    }
  }
  return x;
}

/** Root mean square of x (0 for an empty array). */
export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return to > from ? Math.sqrt(s / (to - from)) : 0;
}

/**
 * n samples of white noise shaped by `chain` and scaled to unit rms. `warmup` extra
 * samples are filtered first and dropped, so the output starts in the filter's steady
 * state rather than with a start-up transient an analyst would take for an event.
 */
export function shapedNoise(random: DemoRandom, n: number, chain: readonly Biquad[], warmup: number): Float64Array {
  const buf = new Float64Array(n + warmup);
  // Uniform input is several times cheaper than Gaussian, and the filter's weighted sum
  // of many samples makes the output Gaussian anyway (central limit theorem).
  for (let i = 0; i < buf.length; i++) buf[i] = random.white();
  filterInPlace(buf, chain);
  const out = buf.subarray(warmup);
  const r = rms(out);
  if (r > 0) for (let i = 0; i < out.length; i++) out[i] /= r;
  return out;
}

/**
 * Upsamples x by an integer factor to n samples with Catmull–Rom cubic interpolation.
 * Slow processes (the microseism) are synthesised at a low rate and brought up this way,
 * which is much cheaper than filtering at the full rate.
 */
export function upsampleCubic(x: Float64Array, factor: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const last = x.length - 1;
  const at = (k: number): number => x[k < 0 ? 0 : k > last ? last : k];
  for (let i = 0; i < n; i++) {
    const pos = i / factor;
    const k = Math.floor(pos);
    const t = pos - k;
    const p0 = at(k - 1);
    const p1 = at(k);
    const p2 = at(k + 1);
    const p3 = at(k + 2);
    out[i] = p1 + 0.5 * t * (p2 - p0 + t * (2 * p0 - 5 * p1 + 4 * p2 - p3 + t * (3 * (p1 - p2) + p3 - p0)));
  }
  return out;
}
