// Measures of how faithful a 2-D map is, used by tests and benchmarks and available to the
// UI when it compares maps from different seeds.
import { knn } from './knn.js';

/**
 * Fraction of points whose label equals the majority label among their k nearest
 * neighbours in the 2-D map (ties count as disagreement): 1 means known classes stay apart.
 */
export function labelAgreement(coords: Float32Array, labels: ArrayLike<number>, k: number): number {
  const n = labels.length;
  const { indices } = knn(coords, n, 2, k);
  const votes = new Map<number, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    votes.clear();
    for (let t = 0; t < k; t++) {
      const l = labels[indices[i * k + t]];
      votes.set(l, (votes.get(l) ?? 0) + 1);
    }
    const own = votes.get(labels[i]) ?? 0;
    let beaten = false;
    for (const [l, c] of votes) if (l !== labels[i] && c >= own) beaten = true;
    if (!beaten) agree++;
  }
  return agree / n;
}

/**
 * Mean share of each point's k nearest neighbours that two maps of the same points have in
 * common (|A ∩ B| / k): 1 when both maps put every point among the same neighbours, about
 * k / n when they are unrelated. Compares runs with different seeds without aligning them.
 */
export function neighbourOverlap(a: Float32Array, b: Float32Array, n: number, k: number): number {
  if (a.length !== 2 * n || b.length !== 2 * n) throw new Error(`neighbourOverlap: expected two maps of ${n} points`);
  const ka = knn(a, n, 2, k).indices;
  const kb = knn(b, n, 2, k).indices;
  const mark = new Int32Array(n).fill(-1);
  let shared = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) mark[ka[i * k + t]] = i;
    for (let t = 0; t < k; t++) if (mark[kb[i * k + t]] === i) shared++;
  }
  return shared / (n * k);
}
