// Correlation between features, so the UI can warn that correlated features share credit
// in importance scores. Pearson for linear, Spearman (Pearson on ranks) for monotone links.
import type { Matrix } from './matrix.js';

/**
 * Pearson correlation matrix (D × D) of the columns of `x`. A constant column has no
 * defined correlation: its row and column are NaN, as numpy's corrcoef gives.
 */
export function pearsonMatrix(x: Matrix): number[][] {
  const { rows: n, cols: d, data } = x;
  const z = new Float64Array(n * d);
  const ok = new Uint8Array(d);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += data[i * d + j]!;
    m /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data[i * d + j]! - m) ** 2;
    const norm = Math.sqrt(ss);
    ok[j] = norm > 1e-12 * (Math.abs(m) * Math.sqrt(n) + 1) ? 1 : 0;
    for (let i = 0; i < n; i++) z[i * d + j] = ok[j] ? (data[i * d + j]! - m) / norm : 0;
  }
  const out = Array.from({ length: d }, () => new Array<number>(d).fill(NaN));
  for (let a = 0; a < d; a++) {
    if (!ok[a]) continue;
    for (let b = a; b < d; b++) {
      if (!ok[b]) continue;
      let s = 0;
      for (let i = 0; i < n; i++) s += z[i * d + a]! * z[i * d + b]!;
      const r = Math.max(-1, Math.min(1, s)); // round-off can step just past ±1
      out[a]![b] = r;
      out[b]![a] = r;
    }
  }
  return out;
}

/** Ranks 1..n of `values`, ties sharing their average rank (scipy's `rankdata` default). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

/** Spearman rank correlation matrix (D × D): Pearson on average ranks of each column. */
export function spearmanMatrix(x: Matrix): number[][] {
  const { rows: n, cols: d, data } = x;
  const ranked = new Float64Array(n * d);
  const col = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) col[i] = data[i * d + j]!;
    const r = averageRanks(col);
    for (let i = 0; i < n; i++) ranked[i * d + j] = r[i]!;
  }
  return pearsonMatrix({ data: ranked, rows: n, cols: d });
}
