// PCA through the covariance matrix and a Jacobi eigen-decomposition. Feature tables here
// have tens of columns, where Jacobi is exact, simple and plenty fast; the N×D data is
// touched once to build the covariance.
import type { Matrix } from './matrix.js';

/** Column means and standard deviations, to apply the same scaling to new rows. */
export interface Scaling {
  means: Float64Array;
  /** Population standard deviations; a constant column gets 1 so it maps to 0, not NaN. */
  stds: Float64Array;
}

/** Column means and population standard deviations of `x`. */
export function fitScaling(x: Matrix): Scaling {
  const { rows: n, cols: d, data } = x;
  const means = new Float64Array(d);
  const stds = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) means[j]! /= Math.max(n, 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j]! - means[j]!;
      stds[j]! += v * v;
    }
  }
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(stds[j]! / Math.max(n, 1));
    stds[j] = s > 1e-12 * (Math.abs(means[j]!) + 1) ? s : 1;
  }
  return { means, stds };
}

/** Applies a scaling: (x - mean) / std per column, into a new Float64 matrix. */
export function applyScaling(x: Matrix, s: Scaling): Matrix {
  const { rows: n, cols: d, data } = x;
  if (s.means.length !== d) throw new RangeError(`scaling has ${s.means.length} columns, data has ${d}`);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (data[i * d + j]! - s.means[j]!) / s.stds[j]!;
  return { data: out, rows: n, cols: d };
}

/** Standardises columns to mean 0, std 1; returns the scaled data and the scaling. */
export function standardize(x: Matrix): { data: Matrix; scaling: Scaling } {
  const scaling = fitScaling(x);
  return { data: applyScaling(x, scaling), scaling };
}

/**
 * Eigen-decomposition of a symmetric n×n matrix (row-major, not modified) by cyclic
 * Jacobi rotations. Returns eigenvalues in decreasing order and the matching unit
 * eigenvectors as the rows of `vectors`.
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += m[i]! * m[i]!;
  const eps = 1e-30 * scale;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off <= eps) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        // Smaller root of t² + 2θt − 1 = 0 keeps the rotation angle ≤ π/4 (stable).
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const akp = m[k * n + p]!;
          const akq = m[k * n + q]!;
          m[k * n + p] = m[p * n + k] = c * akp - s * akq;
          m[k * n + q] = m[q * n + k] = s * akp + c * akq;
        }
        m[p * n + p]! -= t * apq;
        m[q * n + q]! += t * apq;
        m[p * n + q] = m[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j * n + j]! - m[i * n + i]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((col, r) => {
    values[r] = m[col * n + col]!;
    // Sign convention: the largest-magnitude loading is positive, so runs are comparable.
    let big = 0;
    for (let k = 1; k < n; k++) if (Math.abs(v[k * n + col]!) > Math.abs(v[big * n + col]!)) big = k;
    const sign = v[big * n + col]! < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[r * n + k] = sign * v[k * n + col]!;
  });
  return { values, vectors };
}

/** A fitted PCA, reusable on new rows with `projectPca`. */
export interface PcaModel {
  mean: Float64Array;
  /** m × D: one unit principal axis per row, strongest first. */
  components: Matrix;
  /** Variance along each component (covariance with n − 1, as numpy/sklearn). */
  explainedVariance: Float64Array;
  /** Share of the total variance each component carries. */
  explainedVarianceRatio: Float64Array;
}

/** Fits PCA on `x` (centred, not scaled: call `standardize` first for mixed units). */
export function fitPca(x: Matrix, opts: { components?: number } = {}): PcaModel {
  const { rows: n, cols: d, data } = x;
  if (n < 2) throw new RangeError('PCA needs at least two rows');
  const m = Math.min(opts.components ?? d, d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ra = row[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += ra * row[b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b]! /= n - 1;
      cov[b * d + a] = cov[a * d + b]!;
    }
  }
  const { values, vectors } = symmetricEigen(cov, d);
  let total = 0;
  for (let j = 0; j < d; j++) total += Math.max(values[j]!, 0);
  const explainedVariance = new Float64Array(m);
  const explainedVarianceRatio = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    explainedVariance[r] = Math.max(values[r]!, 0); // round-off can give −1e-17
    explainedVarianceRatio[r] = total > 0 ? explainedVariance[r]! / total : 0;
  }
  return { mean, components: { data: vectors.slice(0, m * d), rows: m, cols: d }, explainedVariance, explainedVarianceRatio };
}

/** Coordinates of `x` on the model's components (N × m). */
export function projectPca(model: PcaModel, x: Matrix): Matrix {
  const { rows: n, cols: d, data } = x;
  const { components: c, mean } = model;
  if (d !== c.cols) throw new RangeError(`PCA was fitted on ${c.cols} columns, data has ${d}`);
  const out = new Float64Array(n * c.rows);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < c.rows; r++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[i * d + j]! - mean[j]!) * c.data[r * d + j]!;
      out[i * c.rows + r] = s;
    }
  }
  return { data: out, rows: n, cols: c.rows };
}

/** Fits PCA and projects the same rows: the model plus N × m coordinates. */
export function pca(x: Matrix, opts: { components?: number } = {}): PcaModel & { projected: Matrix } {
  const model = fitPca(x, opts);
  return { ...model, projected: projectPca(model, x) };
}
