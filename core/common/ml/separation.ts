// Which features separate groups of windows (classes, or clusters of the unsupervised
// view) most: a one-way ANOVA F statistic with its effect size (η², comparable across
// features and data sizes) and the mutual information between the quantile-binned feature
// and the group. F looks at means only; mutual information also sees a class that sits in
// the middle or in both tails of another's distribution. Missing values (NaN) are skipped.
import type { Matrix } from './matrix.js';

/** How well one feature separates the groups. */
export interface FeatureSeparation {
  feature: number;
  /** One-way ANOVA F: between-group over within-group variance (0 when it cannot be computed). */
  f: number;
  /** Share of the variance explained by the groups, SS_between / SS_total, in [0, 1]. */
  etaSquared: number;
  /** Mutual information (bits) between the feature, binned by quantiles, and the group. */
  mutualInformation: number;
  /** Values used (not NaN, with a group ≥ 0). */
  n: number;
}

/** Options of `separationRanking`. */
export interface SeparationOptions {
  /** Quantile bins for mutual information; default min(10, ⌊√n⌋), at least 2. */
  bins?: number;
  /** Sort key; default 'f'. */
  by?: 'f' | 'etaSquared' | 'mutualInformation';
}

/** ANOVA of one feature's values against group labels 0..K-1 (negative labels are ignored). */
export function anova(values: ArrayLike<number>, groups: ArrayLike<number>, K: number): { f: number; etaSquared: number; n: number } {
  const sum = new Float64Array(K);
  const count = new Float64Array(K);
  let n = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const g = groups[i]!;
    if (Number.isNaN(v) || g < 0 || g >= K) continue;
    sum[g]! += v;
    count[g]! += 1;
    total += v;
    n++;
  }
  const mean = n ? total / n : 0;
  let ssb = 0;
  let present = 0;
  for (let k = 0; k < K; k++) {
    if (!count[k]) continue;
    present++;
    ssb += count[k]! * (sum[k]! / count[k]! - mean) ** 2;
  }
  let ssw = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const g = groups[i]!;
    if (Number.isNaN(v) || g < 0 || g >= K) continue;
    ssw += (v - sum[g]! / count[g]!) ** 2;
  }
  const sst = ssb + ssw;
  // Sums of huge values leave round-off in ssw; below this share of sst it is zero.
  const eps = 1e-12 * (sst + Number.MIN_VALUE);
  const etaSquared = sst > eps ? ssb / sst : 0;
  if (present < 2 || n <= present || sst <= eps) return { f: 0, etaSquared, n };
  // Perfect separation (no spread inside any group) has an infinite F; keep it finite and
  // largest so rankings and JSON still work.
  if (ssw <= eps) return { f: Number.MAX_VALUE, etaSquared: 1, n };
  return { f: ssb / (present - 1) / (ssw / (n - present)), etaSquared, n };
}

/** Quantile bin (0..bins-1) of each value; NaN gets -1. Ties stay in one bin. */
export function quantileBins(values: ArrayLike<number>, bins: number): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) idx.push(i);
  idx.sort((a, b) => values[a]! - values[b]!);
  const out = new Int32Array(values.length).fill(-1);
  const n = idx.length;
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && values[idx[end + 1]!] === values[idx[start]!]) end++;
    // Equal values share the bin of their first position, so a constant column is one bin.
    const b = Math.min(bins - 1, Math.floor((start * bins) / n));
    for (let r = start; r <= end; r++) out[idx[r]!] = b;
    start = end + 1;
  }
  return out;
}

/** Mutual information (bits) of two discrete labelings; pairs with a negative label are skipped. */
export function mutualInformation(a: ArrayLike<number>, b: ArrayLike<number>, ka: number, kb: number): number {
  const joint = new Float64Array(ka * kb);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < 0 || y < 0 || x >= ka || y >= kb) continue;
    joint[x * kb + y]! += 1;
    n++;
  }
  if (!n) return 0;
  const pa = new Float64Array(ka);
  const pb = new Float64Array(kb);
  for (let x = 0; x < ka; x++) for (let y = 0; y < kb; y++) {
    pa[x]! += joint[x * kb + y]!;
    pb[y]! += joint[x * kb + y]!;
  }
  let mi = 0;
  for (let x = 0; x < ka; x++) for (let y = 0; y < kb; y++) {
    const c = joint[x * kb + y]!;
    if (c > 0) mi += (c / n) * Math.log2((c * n) / (pa[x]! * pb[y]!));
  }
  return Math.max(0, mi);
}

/** Every feature (column of x) scored against the groups, best separating first. */
export function separationRanking(x: Matrix, groups: ArrayLike<number>, K: number, opts: SeparationOptions = {}): FeatureSeparation[] {
  const { rows, cols, data } = x;
  if (groups.length !== rows) throw new RangeError(`${rows} rows but ${groups.length} group labels`);
  const col = new Float64Array(rows);
  const out: FeatureSeparation[] = [];
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) col[i] = groups[i]! >= 0 ? data[i * cols + j]! : NaN;
    const a = anova(col, groups, K);
    const bins = Math.max(2, opts.bins ?? Math.min(10, Math.floor(Math.sqrt(a.n))));
    const mi = mutualInformation(quantileBins(col, bins), groups, bins, K);
    out.push({ feature: j, f: a.f, etaSquared: a.etaSquared, mutualInformation: mi, n: a.n });
  }
  const key = opts.by ?? 'f';
  return out.sort((p, q) => q[key] - p[key] || p.feature - q.feature);
}
