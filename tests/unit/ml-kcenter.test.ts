import { describe, expect, it } from 'vitest';
import { kCenterGreedy } from '../../core/common/ml/kcenter.js';
import { assignClusters } from '../../core/common/ml/kmeans.js';
import type { Matrix } from '../../core/common/ml/matrix.js';
import { makeRng } from '../../core/common/ml/rng.js';

// The fast paths (triangle-inequality skips, bounded distances, nearest-centre guesses)
// must not change any answer: compare with plain O(N·K·D) versions written here.
function dist2(x: Matrix, i: number, y: Matrix, j: number): number {
  let s = 0;
  for (let k = 0; k < x.cols; k++) s += (x.data[i * x.cols + k]! - y.data[j * y.cols + k]!) ** 2;
  return s;
}

function naiveKCenter(x: Matrix, candidates: number[], centres: number[], count: number): number[] {
  const picks: number[] = [];
  const all = [...centres];
  for (let p = 0; p < count; p++) {
    let best = -1;
    let bestD = -1;
    for (const c of candidates) {
      if (picks.includes(c)) continue;
      const d = Math.min(...all.map((z) => dist2(x, c, x, z)));
      if (d > bestD) {
        bestD = d;
        best = c;
      }
    }
    picks.push(best);
    all.push(best);
  }
  return picks;
}

function data(n: number, d: number, clusters: number, seed: number): Matrix {
  const rng = makeRng(seed);
  const centres = Array.from({ length: clusters * d }, () => 4 * rng.normal());
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = centres[(i % clusters) * d + j]! + rng.normal();
  return { data: out, rows: n, cols: d };
}

describe('fast paths give exact answers', () => {
  it('k-center greedy equals the brute-force greedy (clustered and diffuse data, odd widths)', () => {
    for (const [d, clusters, seed] of [[13, 5, 1], [64, 1, 2], [3, 8, 3]] as const) {
      const x = data(400, d, clusters, seed);
      const rng = makeRng(seed);
      const centres = Array.from(rng.sample(30, 400));
      const candidates = Array.from({ length: 400 }, (_, i) => i).filter((i) => !centres.includes(i));
      const fast = kCenterGreedy(x, Int32Array.from(candidates), Int32Array.from(centres), 15, 0);
      expect(Array.from(fast.indices)).toEqual(naiveKCenter(x, candidates, centres, 15));
    }
  });

  it('k-center distances are the distance to the nearest earlier centre', () => {
    const x = data(200, 10, 4, 4);
    const r = kCenterGreedy(x, Int32Array.from({ length: 190 }, (_, i) => i + 10), Int32Array.from({ length: 10 }, (_, i) => i), 5, 0);
    r.indices.forEach((row, p) => {
      const earlier = [...Array.from({ length: 10 }, (_, i) => i), ...Array.from(r.indices.subarray(0, p))];
      expect(r.distances[p]).toBeCloseTo(Math.sqrt(Math.min(...earlier.map((z) => dist2(x, row, x, z)))), 4);
    });
    // Non-increasing: each pick is the farthest left, and adding centres only shrinks distances.
    for (let p = 1; p < 5; p++) expect(r.distances[p]!).toBeLessThanOrEqual(r.distances[p - 1]!);
  });

  it('nearest-centroid assignment equals brute force', () => {
    const x = data(500, 11, 6, 5);
    const cent = data(9, 11, 9, 6);
    const { labels, sqDistances } = assignClusters(x, cent);
    for (let i = 0; i < x.rows; i++) {
      const d = Array.from({ length: 9 }, (_, c) => dist2(x, i, cent, c));
      const best = Math.min(...d);
      expect(d[labels[i]!]).toBe(best);
      expect(sqDistances[i]).toBeCloseTo(best, 3);
    }
  });
});
