// UMAP's fuzzy neighbour graph, built on flat typed arrays.
//
// umap-js builds it with a SparseMatrix keyed by "row:col" strings in a Map, transposes and
// combines several such matrices, and also builds a search graph that only `transform`
// needs. For 10,000 × 32-d points that set-up took 5.7 s of its 14 s and most of its
// 640 MB peak; at 50,000 points it is the bulk of the 182 s and 2.8 GB measured in the
// issue. Here every row has exactly k neighbours, so the graph is a fixed-width array and
// the reverse edge is found by scanning the k entries of the other row.
import type { KnnResult } from './knn.js';

/** Symmetric weighted graph as a list of directed edges (each undirected edge twice). */
export interface FuzzyGraph {
  n: number;
  head: Int32Array;
  tail: Int32Array;
  weight: Float32Array;
}

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

/**
 * Per row, rho (distance to the nearest distinct neighbour) and sigma such that
 * Σ exp(-(d - rho) / sigma) = log2(k + 1): the UMAP normalisation that gives every point
 * the same effective number of neighbours. `k` excludes the point itself, hence k + 1.
 */
export function smoothKnnDistances(knn: KnnResult, n: number): { sigmas: Float64Array; rhos: Float64Array } {
  const { k, distances } = knn;
  const target = Math.log2(k + 1);
  const sigmas = new Float64Array(n);
  const rhos = new Float64Array(n);
  let meanAll = 0;
  for (let t = 0; t < n * k; t++) meanAll += distances[t];
  meanAll /= n * k;
  for (let i = 0; i < n; i++) {
    const b = i * k;
    let rho = 0;
    let mean = 0;
    for (let t = 0; t < k; t++) {
      const dist = distances[b + t];
      if (rho === 0 && dist > 0) rho = dist;
      mean += dist;
    }
    mean /= k;
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let iter = 0; iter < 64; iter++) {
      let psum = 0;
      for (let t = 0; t < k; t++) {
        const dd = distances[b + t] - rho;
        psum += dd > 0 ? Math.exp(-dd / mid) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    // A floor on sigma keeps rows of duplicates from getting infinitely sharp kernels.
    sigmas[i] = Math.max(mid, MIN_K_DIST_SCALE * (rho > 0 ? mean : meanAll));
    rhos[i] = rho;
  }
  return { sigmas, rhos };
}

/** Fuzzy union of the directed kNN memberships: w_ij + w_ji - w_ij·w_ji, edges sorted by head. */
export function fuzzySimplicialSet(knn: KnnResult, n: number): FuzzyGraph {
  const { k, indices, distances } = knn;
  const { sigmas, rhos } = smoothKnnDistances(knn, n);
  const member = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const dd = distances[i * k + t] - rhos[i];
      member[i * k + t] = dd <= 0 ? 1 : Math.exp(-dd / sigmas[i]);
    }
  }
  // Pass 1 counts edges per head, pass 2 fills them in head order (a counting sort), so the
  // layout walks the coordinates of one head at a time.
  const counts = new Int32Array(n + 1);
  const reverseAt = new Int32Array(n * k).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t];
      if (j < 0) continue;
      for (let u = 0; u < k; u++) {
        if (indices[j * k + u] === i) {
          reverseAt[i * k + t] = j * k + u;
          break;
        }
      }
      counts[i + 1]++;
      if (reverseAt[i * k + t] < 0) counts[j + 1]++;
    }
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const m = counts[n];
  const head = new Int32Array(m);
  const tail = new Int32Array(m);
  const weight = new Float32Array(m);
  const fill = counts.slice(0, n);
  const emit = (a: number, b: number, w: number): void => {
    const at = fill[a]++;
    head[at] = a;
    tail[at] = b;
    weight[at] = w;
  };
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t];
      if (j < 0) continue;
      const w = member[i * k + t];
      const r = reverseAt[i * k + t];
      if (r >= 0) {
        const wr = member[r];
        emit(i, j, w + wr - w * wr);
      } else {
        // j does not list i: the (j, i) entry of the symmetric matrix exists only through us.
        emit(i, j, w);
        emit(j, i, w);
      }
    }
  }
  return { n, head, tail, weight };
}
