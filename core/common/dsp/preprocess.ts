// Trace preparation before filtering or spectra: remove offset and trend, taper the ends.
// Every function takes any numeric array and writes to `out` (a new Float64Array when
// omitted); `out` may be the input itself for in-place work.

type NumArray = Float64Array | Float32Array;

function target<T extends NumArray>(x: ArrayLike<number>, out: T | undefined): T | Float64Array {
  if (out && out.length < x.length) throw new Error(`output buffer too short: ${out.length} < ${x.length}`);
  return out ?? new Float64Array(x.length);
}

/** Arithmetic mean (0 for an empty array). */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return x.length > 0 ? s / x.length : 0;
}

/** Subtracts the mean (scipy.signal.detrend type='constant'). */
export function demean<T extends NumArray = Float64Array>(x: ArrayLike<number>, out?: T): T | Float64Array {
  const y = target(x, out);
  const m = mean(x);
  for (let i = 0; i < x.length; i++) y[i] = x[i] - m;
  return y;
}

/** Subtracts the least-squares straight line (scipy.signal.detrend type='linear'). */
export function detrend<T extends NumArray = Float64Array>(x: ArrayLike<number>, out?: T): T | Float64Array {
  const y = target(x, out);
  const n = x.length;
  if (n < 2) return demean(x, y);
  // Fit on t centred at 0 so slope and intercept decouple (better conditioned for long traces).
  const tc = (n - 1) / 2;
  let sy = 0;
  let sty = 0;
  for (let i = 0; i < n; i++) {
    sy += x[i];
    sty += (i - tc) * x[i];
  }
  const stt = (n * (n * n - 1)) / 12;
  const slope = sty / stt;
  const icept = sy / n;
  for (let i = 0; i < n; i++) y[i] = x[i] - icept - slope * (i - tc);
  return y;
}

/** Tukey (cosine-tapered) window of n points, as scipy.signal.windows.tukey(n, alpha) (symmetric). */
export function tukeyWindow(n: number, alpha: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n <= 1 || alpha <= 0) return w;
  if (alpha >= 1) return hannWindow(n, true);
  const width = Math.floor((alpha * (n - 1)) / 2);
  for (let i = 0; i <= width; i++) {
    const v = 0.5 * (1 + Math.cos(Math.PI * (-1 + (2 * i) / alpha / (n - 1))));
    w[i] = v;
    w[n - 1 - i] = v;
  }
  return w;
}

/** Hann window; periodic (the spectral-analysis default, scipy get_window('hann')) unless symmetric. */
export function hannWindow(n: number, symmetric = false): Float64Array {
  const w = new Float64Array(n);
  if (n === 1) {
    w[0] = 1;
    return w;
  }
  const d = symmetric ? n - 1 : n;
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / d);
  return w;
}

/** Multiplies x by a Tukey window whose tapered part is `alpha` of the length (half at each end). */
export function taper<T extends NumArray = Float64Array>(x: ArrayLike<number>, alpha = 0.1, out?: T): T | Float64Array {
  const y = target(x, out);
  const n = x.length;
  if (n <= 1 || alpha <= 0) {
    for (let i = 0; i < n; i++) y[i] = x[i];
    return y;
  }
  // Only the tapered ends differ from 1, so avoid building the full window.
  const a = Math.min(alpha, 1);
  const width = a >= 1 ? Math.floor((n - 1) / 2) : Math.floor((a * (n - 1)) / 2);
  for (let i = 0; i < n; i++) y[i] = x[i];
  for (let i = 0; i <= width && i < n; i++) {
    const v = a >= 1 ? 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)) : 0.5 * (1 + Math.cos(Math.PI * (-1 + (2 * i) / a / (n - 1))));
    y[i] = x[i] * v;
    y[n - 1 - i] = x[n - 1 - i] * v;
  }
  return y;
}
