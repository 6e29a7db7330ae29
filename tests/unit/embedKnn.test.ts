import { describe, expect, it } from 'vitest';
import { approximateKnn, exactKnn, knn } from '../../core/common/embed/knn.js';
import { mulberry32 } from '../../core/common/embed/random.js';

function uniform(n: number, d: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const x = new Float32Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = random();
  return x;
}

/** Fraction of the exact k neighbours that the approximate search also returned. */
function recall(exact: Int32Array, approx: Int32Array, n: number, k: number): number {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const truth = new Set(exact.subarray(i * k, i * k + k));
    for (let t = 0; t < k; t++) if (truth.has(approx[i * k + t])) hits++;
  }
  return hits / (n * k);
}

describe('knn', () => {
  it('exact search returns the true neighbours, nearest first, never the point itself', () => {
    const n = 200, d = 5, k = 7;
    const x = uniform(n, d, 1);
    const { indices, distances } = exactKnn(x, n, d, k);
    for (const i of [0, 17, 199]) {
      const all = Array.from({ length: n }, (_, j) => j)
        .filter((j) => j !== i)
        .map((j) => ({ j, dist: Math.hypot(...Array.from({ length: d }, (_, t) => x[i * d + t] - x[j * d + t])) }))
        .sort((p, q) => p.dist - q.dist);
      expect(Array.from(indices.subarray(i * k, i * k + k))).toEqual(all.slice(0, k).map((e) => e.j));
      for (let t = 0; t < k; t++) expect(distances[i * k + t]).toBeCloseTo(all[t].dist, 5);
    }
  });

  it.each([
    ['uniform 16-d', 16],
    ['uniform 32-d', 32],
  ])('approximate search recalls at least 90 percent of the exact 15 neighbours on %s', (_name, d) => {
    const n = 3000, k = 15;
    const x = uniform(n, d, 2);
    const approx = approximateKnn(x, n, d, k, 3);
    expect(recall(exactKnn(x, n, d, k).indices, approx.indices, n, k)).toBeGreaterThanOrEqual(0.9);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < k; t++) expect(approx.indices[i * k + t]).not.toBe(i);
      for (let t = 1; t < k; t++) expect(approx.distances[i * k + t]).toBeGreaterThanOrEqual(approx.distances[i * k + t - 1]);
    }
  });

  it('is reproducible for a seed and picks the method by size', () => {
    const n = 5000, d = 8;
    const x = uniform(n, d, 4);
    const a = knn(x, n, d, 10, { seed: 9 });
    const b = knn(x, n, d, 10, { seed: 9 });
    expect(a.indices).toEqual(b.indices);
    expect(() => knn(x, n, d, n)).toThrow(/k must be/);
    expect(() => knn(x, n, d + 1, 10)).toThrow(/expected/);
  });
});
