import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, chooseK, clusterStability, kmeans, silhouette } from '../../core/common/ml/kmeans.js';
import { fromRows, type Matrix } from '../../core/common/ml/matrix.js';
import { makeRng } from '../../core/common/ml/rng.js';

// The 10 × 4 table used across the ML tests; reference values from scikit-learn 1.2.1.
const X = fromRows([
  [2.5, 2.4, 0.5, 1.0], [0.5, 0.7, 1.5, 2.0], [2.2, 2.9, 0.3, 0.1], [1.9, 2.2, 0.9, 1.1], [3.1, 3.0, 0.2, 0.4],
  [2.3, 2.7, 1.1, 0.6], [2.0, 1.6, 1.9, 1.3], [1.0, 1.1, 2.2, 2.4], [1.5, 1.6, 1.2, 0.8], [1.1, 0.9, 2.0, 1.9],
]);

/** Well-separated Gaussian blobs: centres 20 apart, unit spread. */
function blobs(perBlob: number, centres: number[][], seed: number): { x: Matrix; truth: Int32Array } {
  const rng = makeRng(seed);
  const d = centres[0]!.length;
  const n = perBlob * centres.length;
  const data = new Float64Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % centres.length;
    truth[i] = c;
    for (let j = 0; j < d; j++) data[i * d + j] = centres[c]![j]! + rng.normal();
  }
  return { x: { data, rows: n, cols: d }, truth };
}

const three = [[0, 0], [20, 0], [0, 20]];

describe('k-means', () => {
  it('reaches sklearn’s best inertia on the small table (KMeans n_init=50)', () => {
    const k2 = kmeans(X, { k: 2, seed: 1, nInit: 10 });
    expect(k2.inertia).toBeCloseTo(6.72, 9);
    expect(adjustedRandIndex(k2.labels, [0, 1, 0, 0, 0, 0, 1, 1, 1, 1])).toBe(1);
    expect(kmeans(X, { k: 3, seed: 1, nInit: 10 }).inertia).toBeCloseTo(3.3325, 9);
  });

  it('recovers well-separated blobs and returns consistent centroids', () => {
    const { x, truth } = blobs(100, three, 2);
    const fit = kmeans(x, { k: 3, seed: 5 });
    expect(adjustedRandIndex(fit.labels, truth)).toBe(1);
    // Every true centre has a fitted centroid within 0.5.
    for (const c of three) {
      const near = Array.from({ length: 3 }, (_, r) => Math.hypot(fit.centroids.data[r * 2]! - c[0]!, fit.centroids.data[r * 2 + 1]! - c[1]!));
      expect(Math.min(...near)).toBeLessThan(0.5);
    }
  });

  it('is deterministic for a seed', () => {
    const { x } = blobs(50, [[0, 0], [3, 0], [0, 3], [3, 3]], 3);
    const a = kmeans(x, { k: 4, seed: 9, nInit: 1 });
    const b = kmeans(x, { k: 4, seed: 9, nInit: 1 });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.inertia).toBe(a.inertia);
  });

  it('silhouette matches sklearn silhouette_score', () => {
    expect(silhouette(X, [0, 0, 0, 1, 1, 1, 2, 2, 2, 2])).toBeCloseTo(0.030325366282158518, 12);
  });

  it('sampled silhouette for large n is seeded and close to the exact value', () => {
    const { x, truth } = blobs(1000, [[0, 0], [4, 0], [0, 4]], 4);
    const exact = silhouette(x, truth, { sampleSize: 3000 });
    const a = silhouette(x, truth, { sampleSize: 800, seed: 1 });
    expect(silhouette(x, truth, { sampleSize: 800, seed: 1 })).toBe(a);
    expect(Math.abs(a - exact)).toBeLessThan(0.03);
  });

  it('chooseK prefers the number of blobs', () => {
    const { x } = blobs(40, [[0, 0], [20, 0], [0, 20], [20, 20]], 6);
    const r = chooseK(x, { kMin: 2, kMax: 6, seed: 1 });
    expect(r.k).toBe(4);
    expect(r.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6]);
  });

  it('adjusted Rand index matches sklearn adjusted_rand_score', () => {
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1, 2, 2, 2, 2], [1, 1, 0, 0, 2, 2, 2, 2, 0, 0])).toBeCloseTo(0.05904059040590406, 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    expect(adjustedRandIndex([0, 1, 2, 3], [3, 2, 1, 0])).toBe(1);
  });

  it('stability is 1 for clear blobs and lower for structureless noise', () => {
    const { x } = blobs(60, three, 7);
    expect(clusterStability(x, 3, [1, 2, 3, 4]).meanAri).toBe(1);
    const rng = makeRng(8);
    const noise: Matrix = { data: Float64Array.from({ length: 600 }, () => rng.random()), rows: 300, cols: 2 };
    const s = clusterStability(noise, 6, [1, 2, 3, 4, 5]);
    expect(s.pairwise.length).toBe(10);
    expect(s.meanAri).toBeLessThan(0.95);
  });
});
