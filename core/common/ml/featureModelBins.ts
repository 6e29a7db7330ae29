// Per-feature binning for the feature model. Trees split on small integer bins instead of raw
// floats: a split search is then one pass filling a histogram, there is no per-node sorting,
// and the whole training matrix fits in one byte per value.
//
// Missing values: NaN maps to bin 0, which sits below every real bin, so a tree sends a
// missing value wherever it sends the smallest values. ±Infinity are ordinary extreme values
// (they land in the first / last bin), which amounts to clamping them.

/** Highest number of value bins per feature (bin 0 is reserved for missing values). */
export const MAX_VALUE_BINS = 255;

/** Training matrix after binning, stored feature-major so one feature's bins are contiguous. */
export interface BinnedMatrix {
  rows: number;
  cols: number;
  /** bins[f * rows + i] = bin of sample i on feature f. */
  bins: Uint8Array;
  /** Cut points per feature (see computeCuts). */
  cuts: Float64Array[];
  /** binValue[f * 256 + b] = mean finite training value in bin b of feature f (NaN when empty). */
  binValue: Float64Array;
}

/** Midpoint that always lies in [lo, hi) for lo < hi, also for huge or infinite values. */
function cutBetween(lo: number, hi: number): number {
  if (hi === Infinity) return lo;
  if (lo === -Infinity) return lo;
  const mid = lo / 2 + hi / 2;
  return mid >= hi ? lo : mid;
}

/** Cut points of one feature: value bins are (−∞, c0], (c0, c1], …, (c_last, ∞). */
export function computeCuts(values: Float64Array, maxBins = MAX_VALUE_BINS): Float64Array {
  let n = 0;
  const sorted = new Float64Array(values.length);
  for (const v of values) if (!Number.isNaN(v)) sorted[n++] = v;
  const s = sorted.subarray(0, n).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && s[i] === s[i - 1]) counts[counts.length - 1]++;
    else {
      distinct.push(s[i]);
      counts.push(1);
    }
  }
  const cuts: number[] = [];
  if (distinct.length <= maxBins) {
    for (let j = 0; j + 1 < distinct.length; j++) cuts.push(cutBetween(distinct[j], distinct[j + 1]));
  } else {
    // Equal-frequency bins; a heavily repeated value keeps a bin to itself.
    const step = n / maxBins;
    let next = step;
    let cum = 0;
    for (let j = 0; j + 1 < distinct.length; j++) {
      cum += counts[j];
      if (cum >= next) {
        cuts.push(cutBetween(distinct[j], distinct[j + 1]));
        while (next <= cum) next += step;
      }
    }
  }
  return Float64Array.from(cuts);
}

/** Bin of one value: 0 for NaN, else 1 + the number of cuts strictly below it. */
export function binOf(cuts: Float64Array, x: number): number {
  if (Number.isNaN(x)) return 0;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** Bins a row-major matrix into the feature-major layout the tree builder reads. */
export function binMatrix(data: Float64Array, rows: number, cols: number, cuts: Float64Array[]): BinnedMatrix {
  const bins = new Uint8Array(rows * cols);
  const binValue = new Float64Array(cols * 256);
  const count = new Float64Array(256);
  for (let f = 0; f < cols; f++) {
    const c = cuts[f];
    const base = f * rows;
    count.fill(0);
    for (let i = 0; i < rows; i++) {
      const x = data[i * cols + f];
      const b = binOf(c, x);
      bins[base + i] = b;
      if (b > 0 && Number.isFinite(x)) {
        binValue[f * 256 + b] += x;
        count[b]++;
      }
    }
    const bv = binValue.subarray(f * 256, f * 256 + 256);
    for (let b = 0; b < 256; b++) bv[b] = count[b] > 0 ? bv[b] / count[b] : NaN;
    // A bin holding only ±Infinity borrows its finite neighbour's value, so random thresholds
    // are still drawn over a finite range (an infinite range would make every draw degenerate).
    for (let b = 2; b <= c.length + 1; b++) if (Number.isNaN(bv[b])) bv[b] = bv[b - 1];
    for (let b = c.length; b >= 1; b--) if (Number.isNaN(bv[b])) bv[b] = bv[b + 1];
  }
  return { rows, cols, bins, cuts, binValue };
}

/**
 * Smooth rank of a value on the training distribution: piecewise-linear between cut points,
 * 0 at the first cut and 1 at the last, extrapolated past the ends and clamped to [−1, 2] so
 * outliers stay apart from the bulk without dominating distances. NaN → 0.5 (the middle).
 */
export function rankOf(cuts: Float64Array, x: number): number {
  const m = cuts.length;
  if (Number.isNaN(x) || m === 0) return 0.5;
  if (m === 1) return x <= cuts[0] ? 0 : 1;
  const b = binOf(cuts, x) - 1; // number of cuts strictly below x
  let lo: number;
  let hi: number;
  let base: number;
  if (b === 0) [lo, hi, base] = [cuts[0], cuts[1], 0];
  else if (b === m) [lo, hi, base] = [cuts[m - 2], cuts[m - 1], m - 2];
  else [lo, hi, base] = [cuts[b - 1], cuts[b], b - 1];
  const span = hi - lo;
  const frac = Number.isFinite(span) && span > 0 ? (x - lo) / span : x > hi ? 1 : 0;
  const r = (base + (Number.isFinite(frac) ? frac : frac > 0 ? 1e9 : -1e9)) / (m - 1);
  return Math.min(2, Math.max(-1, r));
}
