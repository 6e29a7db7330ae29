// A small PCA used only inside the embedding code: to reduce wide feature vectors before
// the neighbour search, and to give UMAP a deterministic, globally sensible starting layout.
// The covariance is estimated on a seeded subsample of rows (at most `maxRows`), because a
// full n·d² pass costs ~6 s for 50,000 × 512 in JS while a few thousand rows pin down the
// leading directions well enough for neighbour search and initialisation.
import { gaussian, mulberry32 } from './random.js';

/** Leading principal axes of a data set. */
export interface PcaAxes {
  /** Per-column mean, length d. */
  mean: Float64Array;
  /** p × d, row-major, orthonormal rows, strongest axis first. */
  axes: Float64Array;
  p: number;
}

/** Options of {@link pcaAxes}. */
export interface PcaOptions {
  seed?: number;
  /** Rows used to estimate the covariance. */
  maxRows?: number;
  /** Orthogonal-iteration sweeps; the leading axes of real features converge in tens. */
  iterations?: number;
}

/** Orthonormalises the p rows of q (p × d) in place by modified Gram-Schmidt. */
function orthonormalise(q: Float64Array, p: number, d: number): void {
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += q[a * d + j] * q[b * d + j];
      for (let j = 0; j < d; j++) q[a * d + j] -= dot * q[b * d + j];
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += q[a * d + j] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < d; j++) q[a * d + j] /= norm;
  }
}

/** Leading `p` principal axes of x (n × d) by orthogonal iteration on a sampled covariance. */
export function pcaAxes(x: Float32Array, n: number, d: number, p: number, options: PcaOptions = {}): PcaAxes {
  const random = mulberry32(options.seed ?? 0);
  const maxRows = options.maxRows ?? 5000;
  const iterations = options.iterations ?? 50;
  p = Math.min(p, d);
  // Every row when few, otherwise a seeded sample with replacement.
  const m = Math.min(n, maxRows);
  const rows = new Int32Array(m);
  for (let r = 0; r < m; r++) rows[r] = m === n ? r : Math.floor(random() * n);

  const mean = new Float64Array(d);
  for (let r = 0; r < m; r++) for (let j = 0; j < d; j++) mean[j] += x[rows[r] * d + j];
  for (let j = 0; j < d; j++) mean[j] /= m;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < d; j++) centred[j] = x[rows[r] * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ca = centred[a];
      for (let b = a; b < d; b++) cov[a * d + b] += ca * centred[b];
    }
  }
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[b * d + a] = cov[a * d + b];

  let q = new Float64Array(p * d);
  for (let i = 0; i < q.length; i++) q[i] = gaussian(random);
  orthonormalise(q, p, d);
  let next = new Float64Array(p * d);
  for (let it = 0; it < iterations; it++) {
    for (let a = 0; a < p; a++) {
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += cov[i * d + j] * q[a * d + j];
        next[a * d + i] = s;
      }
    }
    orthonormalise(next, p, d);
    [q, next] = [next, q];
  }
  return { mean, axes: q, p };
}

/** Projects x (n × d) onto the axes: returns n × p scores. */
export function pcaProject(x: Float32Array, n: number, d: number, pca: PcaAxes): Float32Array {
  const { mean, axes, p } = pca;
  const out = new Float32Array(n * p);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[j] = x[i * d + j] - mean[j];
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += axes[a * d + j] * centred[j];
      out[i * p + a] = s;
    }
  }
  return out;
}
