// Analytic signal and envelope via the FFT (scipy.signal.hilbert): keep DC (and Nyquist for
// even lengths), double the positive frequencies, drop the negative ones, transform back.

import { getFftPlan } from './fft.js';

/** Reusable analytic-signal computer for a fixed FFT length (no allocation per call). */
export class AnalyticSignal {
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  constructor(readonly nfft: number) {
    this.re = new Float64Array(nfft);
    this.im = new Float64Array(nfft);
  }

  /** Real part → outRe, Hilbert transform → outIm, for the first x.length samples (x zero-padded to nfft). */
  compute(x: ArrayLike<number>, outRe: Float64Array | null, outIm: Float64Array | null): void {
    const n = this.nfft;
    if (x.length > n) throw new Error(`signal of ${x.length} samples is longer than the FFT length ${n}`);
    const re = this.re;
    const im = this.im;
    for (let i = 0; i < n; i++) {
      re[i] = i < x.length ? x[i] : 0;
      im[i] = 0;
    }
    const plan = getFftPlan(n);
    plan.transform(re, im, false);
    const half = Math.floor(n / 2);
    for (let k = 1; k < n; k++) {
      const positive = k < half || (k === half && n % 2 === 1);
      const g = positive ? 2 : k === half ? 1 : 0;
      re[k] *= g;
      im[k] *= g;
    }
    plan.transform(re, im, true);
    for (let i = 0; i < x.length; i++) {
      if (outRe) outRe[i] = re[i];
      if (outIm) outIm[i] = im[i];
    }
  }

  /** |analytic signal| of x into out (length x.length). */
  envelope(x: ArrayLike<number>, out: Float64Array | Float32Array = new Float64Array(x.length)): Float64Array | Float32Array {
    this.compute(x, null, null);
    for (let i = 0; i < x.length; i++) out[i] = Math.hypot(this.re[i], this.im[i]);
    return out;
  }
}

/** Analytic signal of x as {re, im}; nfft defaults to x.length (exactly scipy.signal.hilbert). */
export function analyticSignal(x: ArrayLike<number>, nfft = x.length): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(x.length);
  const im = new Float64Array(x.length);
  new AnalyticSignal(nfft).compute(x, re, im);
  return { re, im };
}

/** Envelope |x + i·H(x)|; pass a larger nfft (e.g. a power of two) to trade exactness at the ends for speed. */
export function envelope(x: ArrayLike<number>, nfft = x.length): Float64Array {
  return new AnalyticSignal(nfft).envelope(x) as Float64Array;
}
