// k-center greedy (Sener & Savarese's core-set selection): repeatedly take the candidate
// farthest from every centre so far — the labeled windows and the picks of this batch —
// so the batch covers the parts of embedding space the labels do not reach yet.
//
// Naively O((L + B) · C · D) for L labeled, B picks, C candidates. Two exact shortcuts
// make it fast on 100,000-window pools: (1) the triangle inequality — a centre at least
// twice as far from a candidate's nearest centre as that candidate is cannot be nearer
// (Elkan's lemma), which costs one comparison; (2) a distance that stops summing once it
// passes the candidate's current nearest distance. Centre-to-centre distances cost
// O((L + B)² · D) extra, small next to the pool.
import type { Matrix } from './matrix.js';
import { sqDist, sqDistBounded } from './matrix.js';
import { makeRng } from './rng.js';

/** Picks in order, with their distance (not squared) to the nearest centre when picked; Infinity for a first pick made with no centres. */
export interface KCenterResult {
  indices: Int32Array;
  distances: Float64Array;
}

/**
 * Picks `count` of `candidates` (row indices of `x`) by k-center greedy, starting from
 * `centers` (row indices, usually the labeled windows). With no centres the first pick
 * is a seeded random candidate.
 */
export function kCenterGreedy(
  x: Matrix,
  candidates: Int32Array,
  centers: Int32Array,
  count: number,
  seed: number,
): KCenterResult {
  const { cols: d, data } = x;
  const c = candidates.length;
  const want = Math.max(0, Math.min(count, c));
  const minDist = new Float64Array(c).fill(Infinity); // squared; −1 once picked
  const nearestCentre = new Int32Array(c).fill(-1);
  const centreRows = new Int32Array(centers.length + want);
  const centreGap = new Float64Array(centers.length + want); // squared, new centre → centre b
  let numCentres = 0;

  const addCentre = (row: number): void => {
    for (let b = 0; b < numCentres; b++) centreGap[b] = sqDist(data, row, data, centreRows[b]!, d);
    const id = numCentres;
    for (let k = 0; k < c; k++) {
      const cur = minDist[k]!;
      if (cur < 0) continue;
      const near = nearestCentre[k]!;
      // |new − near| ≥ 2·|x − near| ⇒ |x − new| ≥ |x − near|: skip without reading x.
      if (near >= 0 && centreGap[near]! >= 4 * cur) continue;
      const s = sqDistBounded(data, candidates[k]!, data, row, d, cur);
      if (s < cur) {
        minDist[k] = s;
        nearestCentre[k] = id;
      }
    }
    centreRows[numCentres++] = row;
  };

  for (let i = 0; i < centers.length; i++) addCentre(centers[i]!);
  const indices = new Int32Array(want);
  const distances = new Float64Array(want);
  for (let p = 0; p < want; p++) {
    let best = -1;
    if (p === 0 && centers.length === 0) best = makeRng(seed).int(c);
    else {
      let bestD = -1;
      for (let k = 0; k < c; k++) {
        if (minDist[k]! > bestD) {
          bestD = minDist[k]!;
          best = k;
        }
      }
    }
    const row = candidates[best]!;
    indices[p] = row;
    distances[p] = Math.sqrt(minDist[best]!);
    minDist[best] = -1;
    addCentre(row);
  }
  return { indices, distances };
}
