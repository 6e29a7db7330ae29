// Discrete Fourier transforms with precomputed plans. Power-of-two sizes use an iterative
// radix-2 transform; other sizes use Bluestein's chirp-z algorithm on top of a power-of-two
// plan, so every length is O(n log n). Plans own their tables and scratch space: build one
// per size and reuse it (getFftPlan / getRealFftPlan keep a small cache for convenience).

/** Smallest power of two ≥ n (n ≥ 1). */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** True when n is a positive power of two. */
export function isPow2(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** In-place complex FFT of a fixed length (any n ≥ 1). */
export class FftPlan {
  readonly n: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly rev: Uint32Array;
  // Bluestein state (only for non-power-of-two n).
  private readonly inner: FftPlan | null = null;
  private readonly chirpRe: Float64Array | null = null;
  private readonly chirpIm: Float64Array | null = null;
  private readonly kernelRe: Float64Array | null = null;
  private readonly kernelIm: Float64Array | null = null;
  private readonly workRe: Float64Array | null = null;
  private readonly workIm: Float64Array | null = null;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`FFT length must be a positive integer, got ${n}`);
    this.n = n;
    if (isPow2(n)) {
      // Stage twiddles stored contiguously: entry half+j = exp(−2πi·j/(2·half)).
      this.cos = new Float64Array(Math.max(n, 1));
      this.sin = new Float64Array(Math.max(n, 1));
      for (let half = 1; half < n; half <<= 1) {
        for (let j = 0; j < half; j++) {
          this.cos[half + j] = Math.cos((Math.PI * j) / half);
          this.sin[half + j] = -Math.sin((Math.PI * j) / half);
        }
      }
      this.rev = new Uint32Array(n);
      const bits = Math.round(Math.log2(n));
      for (let i = 0; i < n; i++) {
        let r = 0;
        for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
        this.rev[i] = r;
      }
      return;
    }
    this.cos = new Float64Array(0);
    this.sin = new Float64Array(0);
    this.rev = new Uint32Array(0);
    const m = nextPow2(2 * n - 1);
    this.inner = new FftPlan(m);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    this.kernelRe = new Float64Array(m);
    this.kernelIm = new Float64Array(m);
    this.workRe = new Float64Array(m);
    this.workIm = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      // k² mod 2n keeps the chirp angle small, so it stays exact for long transforms.
      const k2 = (k * k) % (2 * n);
      const ang = (Math.PI * k2) / n;
      this.chirpRe[k] = Math.cos(ang);
      this.chirpIm[k] = -Math.sin(ang);
    }
    this.kernelRe[0] = 1;
    for (let k = 1; k < n; k++) {
      this.kernelRe[k] = this.kernelRe[m - k] = this.chirpRe[k];
      this.kernelIm[k] = this.kernelIm[m - k] = -this.chirpIm[k];
    }
    this.inner.transform(this.kernelRe, this.kernelIm, false);
  }

  /** Transforms re/im in place; the inverse is scaled by 1/n (like numpy.fft.ifft). */
  transform(re: Float64Array, im: Float64Array, inverse = false): void {
    if (this.inner) this.bluestein(re, im, inverse);
    else this.radix2(re, im, inverse);
    if (inverse) {
      const s = 1 / this.n;
      for (let i = 0; i < this.n; i++) {
        re[i] *= s;
        im[i] *= s;
      }
    }
  }

  // Iterative decimation-in-time, two radix-2 stages per pass (radix-2²: half the memory
  // traffic). The inverse swaps re and im (conj(FFT(conj x)) up to the 1/n scale), so only
  // forward twiddles are needed.
  private radix2(re0: Float64Array, im0: Float64Array, inverse: boolean): void {
    const re = inverse ? im0 : re0;
    const im = inverse ? re0 : im0;
    const n = this.n;
    const rev = this.rev;
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        const tr = re[i];
        re[i] = re[j];
        re[j] = tr;
        const ti = im[i];
        im[i] = im[j];
        im[j] = ti;
      }
    }
    let L = 1;
    if (Math.round(Math.log2(n)) % 2 === 1) {
      for (let i = 0; i < n; i += 2) {
        const ar = re[i];
        const ai = im[i];
        const br = re[i + 1];
        const bi = im[i + 1];
        re[i] = ar + br;
        im[i] = ai + bi;
        re[i + 1] = ar - br;
        im[i + 1] = ai - bi;
      }
      L = 2;
    }
    const twr = this.cos;
    const twi = this.sin;
    // Pass merging the stages of block size 2L (half L) and 4L (half 2L).
    for (; 4 * L <= n; L *= 4) {
      const h = L;
      const L2 = 2 * L;
      for (let j = 0; j < h; j++) {
        const w1r = twr[h + j];
        const w1i = twi[h + j];
        const w2r = twr[L2 + j];
        const w2i = twi[L2 + j];
        // W_{4L}^{j+L} = W_{4L}^j · (−i)
        const w3r = w2i;
        const w3i = -w2r;
        for (let s = 0; s < n; s += 4 * L) {
          const i0 = s + j;
          const i1 = i0 + h;
          const i2 = i0 + L2;
          const i3 = i2 + h;
          let xr = re[i1];
          let xi = im[i1];
          const t1r = xr * w1r - xi * w1i;
          const t1i = xr * w1i + xi * w1r;
          xr = re[i3];
          xi = im[i3];
          const t3r = xr * w1r - xi * w1i;
          const t3i = xr * w1i + xi * w1r;
          const u0r = re[i0] + t1r;
          const u0i = im[i0] + t1i;
          const u1r = re[i0] - t1r;
          const u1i = im[i0] - t1i;
          const u2r = re[i2] + t3r;
          const u2i = im[i2] + t3i;
          const u3r = re[i2] - t3r;
          const u3i = im[i2] - t3i;
          const v2r = u2r * w2r - u2i * w2i;
          const v2i = u2r * w2i + u2i * w2r;
          const v3r = u3r * w3r - u3i * w3i;
          const v3i = u3r * w3i + u3i * w3r;
          re[i0] = u0r + v2r;
          im[i0] = u0i + v2i;
          re[i2] = u0r - v2r;
          im[i2] = u0i - v2i;
          re[i1] = u1r + v3r;
          im[i1] = u1i + v3i;
          re[i3] = u1r - v3r;
          im[i3] = u1i - v3i;
        }
      }
    }
  }

  // X_k = w_k Σ x_j w_j conj(w_{k-j}) with w_k = exp(-iπk²/n): a convolution done by FFT.
  private bluestein(re: Float64Array, im: Float64Array, inverse: boolean): void {
    const n = this.n;
    const cr = this.chirpRe!;
    const ci = this.chirpIm!;
    const wr = this.workRe!;
    const wi = this.workIm!;
    const kr = this.kernelRe!;
    const ki = this.kernelIm!;
    const m = wr.length;
    // The inverse is conj(FFT(conj(x))), so flip the sign of the imaginary parts around it.
    const s = inverse ? -1 : 1;
    for (let k = 0; k < n; k++) {
      const xr = re[k];
      const xi = s * im[k];
      wr[k] = xr * cr[k] - xi * ci[k];
      wi[k] = xr * ci[k] + xi * cr[k];
    }
    wr.fill(0, n);
    wi.fill(0, n);
    this.inner!.transform(wr, wi, false);
    for (let k = 0; k < m; k++) {
      const a = wr[k];
      const b = wi[k];
      wr[k] = a * kr[k] - b * ki[k];
      wi[k] = a * ki[k] + b * kr[k];
    }
    this.inner!.transform(wr, wi, true);
    for (let k = 0; k < n; k++) {
      const a = wr[k];
      const b = wi[k];
      re[k] = a * cr[k] - b * ci[k];
      im[k] = s * (a * ci[k] + b * cr[k]);
    }
  }
}

/** FFT of a real sequence of length n, returning the n/2+1 non-negative-frequency bins. */
export class RealFftPlan {
  readonly n: number;
  /** Number of output bins, floor(n/2) + 1. */
  readonly bins: number;
  private readonly half: FftPlan;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly twr: Float64Array;
  private readonly twi: Float64Array;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`FFT length must be a positive integer, got ${n}`);
    this.n = n;
    this.bins = Math.floor(n / 2) + 1;
    // Even n: pack even/odd samples into one complex sequence of n/2 (half the work).
    const even = n % 2 === 0 && n >= 2;
    const h = even ? n / 2 : n;
    this.half = new FftPlan(h);
    this.zr = new Float64Array(h);
    this.zi = new Float64Array(h);
    this.twr = new Float64Array(even ? h + 1 : 0);
    this.twi = new Float64Array(even ? h + 1 : 0);
    if (even) {
      for (let k = 0; k <= h; k++) {
        this.twr[k] = Math.cos((2 * Math.PI * k) / n);
        this.twi[k] = -Math.sin((2 * Math.PI * k) / n);
      }
    }
  }

  /** Writes the spectrum of x (zero-padded when shorter than n) into outRe/outIm (length ≥ bins). */
  forward(x: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.n;
    const len = Math.min(x.length, n);
    const zr = this.zr;
    const zi = this.zi;
    if (this.twr.length === 0) {
      for (let i = 0; i < n; i++) {
        zr[i] = i < len ? x[i] : 0;
        zi[i] = 0;
      }
      this.half.transform(zr, zi, false);
      for (let k = 0; k < this.bins; k++) {
        outRe[k] = zr[k];
        outIm[k] = zi[k];
      }
      return;
    }
    const h = n / 2;
    for (let j = 0; j < h; j++) {
      const a = 2 * j;
      zr[j] = a < len ? x[a] : 0;
      zi[j] = a + 1 < len ? x[a + 1] : 0;
    }
    this.half.transform(zr, zi, false);
    // Split Z into the spectra of the even (E) and odd (O) samples: X_k = E_k + W^k O_k.
    for (let k = 0; k <= h; k++) {
      const k1 = k === h ? 0 : k;
      const k2 = k === 0 ? 0 : h - k;
      const ar = zr[k1];
      const ai = zi[k1];
      const br = zr[k2];
      const bi = -zi[k2];
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      // O_k = (Z_k - conj Z_{h-k}) / (2i)
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const wr = this.twr[k];
      const wi = this.twi[k];
      outRe[k] = er + or * wr - oi * wi;
      outIm[k] = ei + or * wi + oi * wr;
    }
  }
}

const planCache = new Map<number, FftPlan>();
const realPlanCache = new Map<number, RealFftPlan>();
const CACHE_LIMIT = 24;

function cached<T>(cache: Map<number, T>, n: number, make: (n: number) => T): T {
  let plan = cache.get(n);
  if (plan) return plan;
  // Evict the oldest size first: callers typically use a handful of sizes.
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as number);
  plan = make(n);
  cache.set(n, plan);
  return plan;
}

/** Shared complex FFT plan for length n (created once, then reused). */
export const getFftPlan = (n: number): FftPlan => cached(planCache, n, (k) => new FftPlan(k));

/** Shared real FFT plan for length n (created once, then reused). */
export const getRealFftPlan = (n: number): RealFftPlan => cached(realPlanCache, n, (k) => new RealFftPlan(k));

/** One-sided spectrum of a real signal: {re, im} of length floor(nfft/2)+1 (nfft defaults to x.length). */
export function rfft(x: ArrayLike<number>, nfft = x.length): { re: Float64Array; im: Float64Array } {
  const plan = getRealFftPlan(nfft);
  const re = new Float64Array(plan.bins);
  const im = new Float64Array(plan.bins);
  plan.forward(x, re, im);
  return { re, im };
}

/** Frequencies (Hz) of the bins of a one-sided spectrum of length nfft at sampling rate fs. */
export function rfftFrequencies(nfft: number, fs: number): Float64Array {
  const bins = Math.floor(nfft / 2) + 1;
  const f = new Float64Array(bins);
  for (let k = 0; k < bins; k++) f[k] = (k * fs) / nfft;
  return f;
}
