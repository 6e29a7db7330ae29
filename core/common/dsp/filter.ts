// Applying SOS filters: causal (sosfilt) and zero-phase forward-backward (sosfiltfilt),
// plus integer-factor decimation. Zero-phase filtering follows scipy.signal.sosfiltfilt:
// odd extension of 3 × ntaps samples at both ends, each pass started from the steady state
// of its first sample, so a trace does not begin with a filter transient.

import { designLowpass, type SosFilter } from './butterworth.js';

type NumArray = Float64Array | Float32Array;

/** Steady-state section states for a unit constant input (scipy sosfilt_zi). */
function unitSteadyState(f: SosFilter): Float64Array {
  const zi = new Float64Array(2 * f.sectionCount);
  let scale = 1;
  for (let s = 0; s < f.sectionCount; s++) {
    const [b0, b1, b2, , a1, a2] = f.sections.subarray(6 * s, 6 * s + 6);
    // Transposed direct form II at rest under constant input: y = G·x.
    const g = (b0 + b1 + b2) / (1 + a1 + a2);
    zi[2 * s] = scale * (b1 + b2 - (a1 + a2) * g);
    zi[2 * s + 1] = scale * (b2 - a2 * g);
    scale *= g;
  }
  return zi;
}

const ziCache = new WeakMap<SosFilter, Float64Array>();
function steadyState(f: SosFilter): Float64Array {
  let zi = ziCache.get(f);
  if (!zi) {
    zi = unitSteadyState(f);
    ziCache.set(f, zi);
  }
  return zi;
}

// Runs every section over w[from..to] (inclusive, either direction) in place, each starting
// from state zi·x0 (zi = null: from rest).
function runCascade(f: SosFilter, w: Float64Array, from: number, to: number, zi: Float64Array | null, x0: number): void {
  const step = to >= from ? 1 : -1;
  const end = to + step;
  const sos = f.sections;
  for (let s = 0; s < f.sectionCount; s++) {
    const o = 6 * s;
    const b0 = sos[o];
    const b1 = sos[o + 1];
    const b2 = sos[o + 2];
    const a1 = sos[o + 4];
    const a2 = sos[o + 5];
    let z1 = zi ? zi[2 * s] * x0 : 0;
    let z2 = zi ? zi[2 * s + 1] * x0 : 0;
    for (let i = from; i !== end; i += step) {
      const xi = w[i];
      const yi = b0 * xi + z1;
      z1 = b1 * xi - a1 * yi + z2;
      z2 = b2 * xi - a2 * yi;
      w[i] = yi;
    }
  }
}

/** Causal filtering from rest (scipy sosfilt without zi). */
export function sosfilt<T extends NumArray = Float64Array>(f: SosFilter, x: ArrayLike<number>, out?: T): T | Float64Array {
  const w = Float64Array.from(x);
  if (w.length > 0) runCascade(f, w, 0, w.length - 1, null, 0);
  const y = out ?? w;
  if (y !== w) y.set(w);
  return y;
}

/**
 * Reusable zero-phase filter: holds the design and a scratch buffer, so applying it to many
 * traces allocates nothing after the first call.
 */
export class ZeroPhaseFilter {
  private work = new Float64Array(0);
  constructor(readonly design: SosFilter) {}

  /** Edge padding used for a trace of length n: 3·ntaps as scipy, shortened to n−1 for short traces. */
  padLength(n: number): number {
    return Math.max(0, Math.min(3 * this.design.ntaps, n - 1));
  }

  /** Forward-backward filtered copy of x (scipy sosfiltfilt, padtype='odd'); out may alias x. */
  apply<T extends NumArray = Float64Array>(x: ArrayLike<number>, out?: T): T | Float64Array {
    const n = x.length;
    const y = out ?? new Float64Array(n);
    if (y.length < n) throw new Error(`output buffer too short: ${y.length} < ${n}`);
    if (n === 0) return y;
    const edge = this.padLength(n);
    const len = n + 2 * edge;
    if (this.work.length < len) this.work = new Float64Array(len);
    const w = this.work;
    const first = x[0];
    const last = x[n - 1];
    for (let j = 0; j < edge; j++) w[j] = 2 * first - x[edge - j];
    for (let i = 0; i < n; i++) w[edge + i] = x[i];
    for (let j = 0; j < edge; j++) w[edge + n + j] = 2 * last - x[n - 2 - j];
    const zi = steadyState(this.design);
    runCascade(this.design, w, 0, len - 1, zi, w[0]);
    runCascade(this.design, w, len - 1, 0, zi, w[len - 1]);
    for (let i = 0; i < n; i++) y[i] = w[edge + i];
    return y;
  }
}

/** Zero-phase filtering of one trace (allocates a scratch buffer; use ZeroPhaseFilter for many). */
export function sosfiltfilt<T extends NumArray = Float64Array>(f: SosFilter, x: ArrayLike<number>, out?: T): T | Float64Array {
  return new ZeroPhaseFilter(f).apply(x, out);
}

const decimators = new Map<number, ZeroPhaseFilter>();

/** Anti-alias filter used by decimate: order-8 zero-phase Butterworth low-pass at 0.8 × the new Nyquist. */
export function decimationFilter(factor: number): ZeroPhaseFilter {
  let z = decimators.get(factor);
  if (!z) {
    // Normalised sampling rate 2 (Nyquist 1): the design only depends on the factor.
    z = new ZeroPhaseFilter(designLowpass(8, 0.8 / factor, 2));
    decimators.set(factor, z);
  }
  return z;
}

/** Keeps every factor-th sample after a zero-phase anti-alias low-pass; output length ceil(n/factor). */
export function decimate<T extends NumArray = Float64Array>(x: ArrayLike<number>, factor: number, out?: T): T | Float64Array {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`decimation factor must be a positive integer, got ${factor}`);
  const m = Math.ceil(x.length / factor);
  const y = out ?? new Float64Array(m);
  if (y.length < m) throw new Error(`output buffer too short: ${y.length} < ${m}`);
  if (factor === 1) {
    for (let i = 0; i < x.length; i++) y[i] = x[i];
    return y;
  }
  const filtered = decimationFilter(factor).apply(x);
  for (let i = 0; i < m; i++) y[i] = filtered[i * factor];
  return y;
}
