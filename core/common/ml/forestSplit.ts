// Split helpers of the tree builder in forest.ts: ordering a node's bins, the extremely
// randomised threshold draw, and centring a chosen threshold in its gap.

import type { BinnedMatrix } from './featureModelBins.js';

/**
 * Any bin in [lo, hi) splits the node's samples the same way; pick the cut nearest the middle
 * of the gap between the two sides (as exact CART does with value midpoints) instead of hugging
 * the left side, which generalises better when the gap holds out-of-bag or unseen values.
 */
export function centredThreshold(X: BinnedMatrix, f: number, lo: number, hi: number, drawn: number): number {
  const target = Number.isNaN(drawn) ? (X.binValue[f * 256 + lo] + X.binValue[f * 256 + hi]) / 2 : drawn;
  if (lo === 0 || !Number.isFinite(target)) return lo;
  const cuts = X.cuts[f];
  let best = lo;
  for (let m = lo + 1; m < hi; m++) {
    if (Math.abs(cuts[m - 1] - target) < Math.abs(cuts[best - 1] - target)) best = m;
  }
  return best;
}

/**
 * Extremely-randomised split of one feature: a threshold drawn uniformly between the node's
 * smallest and largest value (missing values always go left). Returns the Gini score proxy
 * and the pair of present bins the threshold falls between, or null if nothing separates.
 */
export function randomSplit(
  X: BinnedMatrix,
  f: number,
  touched: Int32Array,
  u: number,
  hist: Float64Array,
  K: number,
  total: Float64Array,
  W: number,
  rand: () => number,
  left: Float64Array,
): { score: number; lo: number; hi: number; target: number } | null {
  const bv = X.binValue;
  let minB = 256;
  let maxB = 0;
  for (let j = 0; j < u; j++) {
    const b = touched[j];
    if (b > 0 && b < minB) minB = b;
    if (b > maxB) maxB = b;
  }
  let target: number;
  if (minB >= maxB) target = NaN; // only "missing vs one value" can split
  else {
    const a = bv[f * 256 + minB];
    const b = bv[f * 256 + maxB];
    target = a + rand() * (b - a);
    if (!Number.isFinite(target) || target >= b) target = a;
  }
  // Left = missing plus present bins whose mean value is <= target; lo/hi = the bins around it.
  left.fill(0);
  let WL = 0;
  let lo = 0;
  let hi = 256;
  for (let j = 0; j < u; j++) {
    const b = touched[j];
    if (b === 0 || (!Number.isNaN(target) && bv[f * 256 + b] <= target)) {
      for (let c = 0; c < K; c++) left[c] += hist[b * K + c];
      if (b > lo) lo = b;
    } else if (b < hi) hi = b;
  }
  for (let c = 0; c < K; c++) WL += left[c];
  const WR = W - WL;
  if (WL <= 0 || WR <= 0) return null;
  let ssL = 0;
  let ssR = 0;
  for (let c = 0; c < K; c++) {
    ssL += left[c] * left[c];
    ssR += (total[c] - left[c]) ** 2;
  }
  return { score: ssL / WL + ssR / WR, lo, hi, target: Number.isNaN(target) ? NaN : target };
}

/**
 * Sorts the u distinct bins of a node in place, picking the cheapest way: a scan of the
 * stamped range when it is dense, insertion sort when few, the native sort otherwise.
 */
export function sortBins(touched: Int32Array, u: number, minB: number, maxB: number, stamp: Int32Array, st: number): void {
  if (maxB - minB + 1 <= 4 * u) {
    let j = 0;
    for (let b = minB; b <= maxB; b++) if (stamp[b] === st) touched[j++] = b;
  } else if (u <= 24) {
    for (let i = 1; i < u; i++) {
      const v = touched[i];
      let k = i - 1;
      for (; k >= 0 && touched[k] > v; k--) touched[k + 1] = touched[k];
      touched[k + 1] = v;
    }
  } else touched.subarray(0, u).sort();
}
