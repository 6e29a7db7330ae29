// k-means for cluster sampling and the "unsupervised first" views. Results depend on the
// seed (initialisation), so the module also measures how much they vary between seeds:
// adjusted Rand index between runs and a mean pairwise stability score.
import type { Matrix, NumArray } from './matrix.js';
import { sqDist, sqDistBounded, takeRows } from './matrix.js';
import { makeRng, type Rng } from './rng.js';

/** Options of `kmeans`. */
export interface KMeansOptions {
  k: number;
  seed: number;
  /** Independent restarts; the one with the lowest inertia wins. Default 4. */
  nInit?: number;
  /** Lloyd iterations per restart. Default 100. */
  maxIter?: number;
  /** Stop when no centroid moves more than this (squared, relative to data variance). Default 1e-8. */
  tol?: number;
}

/** A fitted clustering. */
export interface KMeansResult {
  labels: Int32Array;
  /** k × D centroids. */
  centroids: Matrix;
  /** Sum of squared distances of points to their centroid. */
  inertia: number;
  iterations: number;
}

let lastDist = 0;

/**
 * Index of the centre nearest row i, trying `guess` first (the previous label) so its
 * distance bounds the others and most of them stop after a few dimensions. The distance
 * is left in `lastDist` to avoid allocating a pair per call.
 */
function nearest(data: NumArray, i: number, centres: NumArray, k: number, d: number, guess: number): number {
  let best = guess;
  let bestD = sqDist(data, i, centres, guess, d);
  for (let c = 0; c < k; c++) {
    if (c === guess) continue;
    const dd = sqDistBounded(data, i, centres, c, d, bestD);
    if (dd < bestD) {
      bestD = dd;
      best = c;
    }
  }
  lastDist = bestD;
  return best;
}

/** Nearest centroid of every row; returns labels and squared distances. */
export function assignClusters(x: Matrix, centroids: Matrix): { labels: Int32Array; sqDistances: Float64Array } {
  const { rows: n, cols: d } = x;
  const k = centroids.rows;
  const labels = new Int32Array(n);
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const best = nearest(x.data, i, centroids.data, k, d, 0);
    labels[i] = best;
    dist[i] = lastDist;
  }
  return { labels, sqDistances: dist };
}

/** Greedy k-means++ (as in scikit-learn): 2 + ln k candidate draws per centre, keep the best. */
function initPlusPlus(x: Matrix, k: number, rng: Rng): Float64Array {
  const { rows: n, cols: d, data } = x;
  const centres = new Float64Array(k * d);
  const first = rng.int(n);
  for (let j = 0; j < d; j++) centres[j] = data[first * d + j]!;
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = sqDist(data, i, centres, 0, d);
  const trials = 2 + Math.floor(Math.log(k));
  const trialDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += closest[i]!;
    let bestPot = Infinity;
    let bestIdx = rng.int(n);
    for (let t = 0; t < trials; t++) {
      // Draw proportionally to the squared distance to the nearest chosen centre.
      let r = rng.random() * total;
      let cand = n - 1;
      if (total > 0) {
        for (let i = 0; i < n; i++) {
          r -= closest[i]!;
          if (r < 0) {
            cand = i;
            break;
          }
        }
      } else cand = rng.int(n);
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const dd = Math.min(closest[i]!, sqDistBounded(data, i, data, cand, d, closest[i]!));
        trialDist[i] = dd;
        pot += dd;
      }
      if (pot < bestPot) {
        bestPot = pot;
        bestIdx = cand;
        bestDist.set(trialDist);
      }
    }
    for (let j = 0; j < d; j++) centres[c * d + j] = data[bestIdx * d + j]!;
    if (bestPot < Infinity) closest.set(bestDist);
  }
  return centres;
}

function lloyd(x: Matrix, centres: Float64Array, k: number, maxIter: number, tolAbs: number): KMeansResult {
  const { rows: n, cols: d, data } = x;
  const labels = new Int32Array(n);
  const dist = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  let iterations = 0;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    for (let i = 0; i < n; i++) {
      labels[i] = nearest(data, i, centres, k, d, labels[i]!);
      dist[i] = lastDist;
    }
    sums.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      sizes[c]! += 1;
      for (let j = 0; j < d; j++) sums[c * d + j]! += data[i * d + j]!;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) {
        // An empty cluster takes the point worst served by its centre (as sklearn does).
        let far = 0;
        for (let i = 1; i < n; i++) if (dist[i]! > dist[far]!) far = i;
        dist[far] = 0;
        for (let j = 0; j < d; j++) centres[c * d + j] = data[far * d + j]!;
        shift = Infinity;
        continue;
      }
      for (let j = 0; j < d; j++) {
        const v = sums[c * d + j]! / sizes[c]!;
        const diff = v - centres[c * d + j]!;
        shift += diff * diff;
        centres[c * d + j] = v;
      }
    }
    if (shift <= tolAbs) break;
  }
  // Final assignment against the final centres so labels, centroids and inertia agree.
  const final = assignClusters(x, { data: centres, rows: k, cols: d });
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += final.sqDistances[i]!;
  return { labels: final.labels, centroids: { data: centres, rows: k, cols: d }, inertia, iterations };
}

/** k-means with k-means++ initialisation and `nInit` seeded restarts. */
export function kmeans(x: Matrix, opts: KMeansOptions): KMeansResult {
  const { k } = opts;
  if (!Number.isInteger(k) || k < 1 || k > x.rows) throw new RangeError(`k must be in 1..${x.rows}, got ${k}`);
  const nInit = opts.nInit ?? 4;
  const maxIter = opts.maxIter ?? 100;
  // Tolerance relative to the mean per-feature variance, so it does not depend on units.
  let variance = 0;
  const { rows: n, cols: d, data } = x;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += data[i * d + j]!;
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (data[i * d + j]! - m) ** 2;
    variance += v / n;
  }
  const tolAbs = (opts.tol ?? 1e-8) * (variance / Math.max(d, 1)) * k;
  const rng = makeRng(opts.seed);
  let best: KMeansResult | undefined;
  for (let r = 0; r < nInit; r++) {
    const run = lloyd(x, initPlusPlus(x, k, rng), k, maxIter, tolAbs);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return best!;
}

/**
 * Mean silhouette coefficient. Exact (O(n²·D)) up to `sampleSize` points (default 5000);
 * above that it is computed on a seeded random sample of `sampleSize` points, distances
 * taken within the sample only (as sklearn's `sample_size`), so it is an estimate.
 */
export function silhouette(x: Matrix, labels: ArrayLike<number>, opts: { sampleSize?: number; seed?: number } = {}): number {
  const cap = opts.sampleSize ?? 5000;
  let pts: Matrix = x;
  let lab: ArrayLike<number> = labels;
  if (x.rows > cap) {
    const idx = makeRng(opts.seed ?? 0).sample(cap, x.rows);
    pts = takeRows(x, idx);
    lab = Array.from(idx, (i) => labels[i]!);
  }
  const n = pts.rows;
  const d = pts.cols;
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, lab[i]! + 1);
  const size = new Int32Array(k);
  for (let i = 0; i < n; i++) size[lab[i]!]! += 1;
  let used = 0;
  for (let c = 0; c < k; c++) if (size[c]! > 0) used++;
  if (used < 2 || used >= n) return 0; // undefined; sklearn raises, a UI wants a number
  // sums[i·k + c] = summed distance from point i to the points of cluster c; each pair once.
  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const li = lab[i]!;
    for (let j = i + 1; j < n; j++) {
      const dist = Math.sqrt(sqDist(pts.data, i, pts.data, j, d));
      sums[i * k + lab[j]!]! += dist;
      sums[j * k + li]! += dist;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = lab[i]!;
    if (size[own] === 1) continue; // a singleton's silhouette is 0 by convention
    const a = sums[i * k + own]! / (size[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c]! > 0) b = Math.min(b, sums[i * k + c]! / size[c]!);
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0; // duplicates split across clusters: 0, as sklearn
  }
  return total / n;
}

/** Silhouette and inertia for each k in [kMin, kMax]; `k` is the best silhouette. */
export function chooseK(
  x: Matrix,
  opts: { kMin?: number; kMax?: number; seed: number; nInit?: number; sampleSize?: number },
): { k: number; scores: { k: number; silhouette: number; inertia: number }[] } {
  const kMin = Math.max(2, opts.kMin ?? 2);
  const kMax = Math.min(opts.kMax ?? 10, x.rows - 1);
  const scores: { k: number; silhouette: number; inertia: number }[] = [];
  for (let k = kMin; k <= kMax; k++) {
    const fit = kmeans(x, { k, seed: opts.seed, nInit: opts.nInit ?? 4 });
    scores.push({ k, silhouette: silhouette(x, fit.labels, { sampleSize: opts.sampleSize, seed: opts.seed }), inertia: fit.inertia });
  }
  if (scores.length === 0) throw new RangeError(`no k to try between ${kMin} and ${kMax}`);
  const best = scores.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
  return { k: best.k, scores };
}

const choose2 = (v: number): number => (v * (v - 1)) / 2;

/** Adjusted Rand index of two labelings (1 = same partition, ≈0 = chance). */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError('labelings differ in length');
  const table = new Map<number, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    // Pack the pair into one number key; labels are small non-negative integers here.
    const key = a[i]! * 1048576 + b[i]!;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  let sumIJ = 0;
  for (const v of table.values()) sumIJ += choose2(v);
  let sumA = 0;
  for (const v of rows.values()) sumA += choose2(v);
  let sumB = 0;
  for (const v of cols.values()) sumB += choose2(v);
  const expected = (sumA * sumB) / choose2(n);
  const max = (sumA + sumB) / 2;
  // Both partitions trivial (one cluster, or all singletons): identical, so 1 (as sklearn).
  if (max === expected) return 1;
  return (sumIJ - expected) / (max - expected);
}

/** Mean pairwise ARI between k-means runs with different seeds (1 = perfectly stable). */
export function clusterStability(x: Matrix, k: number, seeds: readonly number[]): { meanAri: number; pairwise: number[] } {
  if (seeds.length < 2) throw new RangeError('stability needs at least two seeds');
  // One initialisation per seed: restarts would hide exactly the variability measured here.
  const runs = seeds.map((seed) => kmeans(x, { k, seed, nInit: 1 }).labels);
  const pairwise: number[] = [];
  for (let i = 0; i < runs.length; i++) for (let j = i + 1; j < runs.length; j++) pairwise.push(adjustedRandIndex(runs[i]!, runs[j]!));
  return { meanAri: pairwise.reduce((s, v) => s + v, 0) / pairwise.length, pairwise };
}
