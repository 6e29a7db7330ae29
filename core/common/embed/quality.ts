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
