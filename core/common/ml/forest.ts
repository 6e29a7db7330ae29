// Forest of classification trees (random forest or extremely randomised trees) grown on
// pre-binned features (see featureModelBins). Each tree lives in a handful of typed arrays
// (no object per node), nodes are laid out in pre-order so a left child is always `node + 1`,
// and every node keeps its class distribution so predictions can be decomposed along the
// path (Saabas attribution).

import type { BinnedMatrix } from './featureModelBins.js';
import { centredThreshold, randomSplit, sortBins } from './forestSplit.js';

/** One tree; arrays are indexed by node, node 0 is the root. */
export interface Tree {
  /** Split feature, −1 for a leaf. */
  feature: Int32Array;
  /** Samples whose bin is <= threshold go left (to node + 1). */
  threshold: Uint8Array;
  /** Right child index (0 for leaves). */
  right: Int32Array;
  /** Weighted class distribution of each node, nodes × classes, rows sum to 1. */
  value: Float64Array;
}

/** How the forest is grown. */
export interface ForestOptions {
  /** Number of trees; more trees give smoother probabilities at linear cost. */
  nTrees: number;
  /** Features tried per split (sqrt(F) is the usual classification default). */
  maxFeatures: number;
  /** Deepest split level; Infinity grows trees until leaves are pure. */
  maxDepth: number;
  /** Nodes with fewer (distinct) samples become leaves; 2 grows trees until leaves are pure. */
  minSamplesSplit: number;
  /** 'best': CART's best threshold per feature; 'random': extremely randomised trees. */
  splitter: 'best' | 'random';
  /** Draw each tree's samples with replacement (bagging); false uses every sample once. */
  bootstrap: boolean;
  /** Samples drawn per tree when bootstrapping; caps training cost on large sets. */
  maxSamples: number;
  seed: number;
}

/** A trained forest plus its normalised impurity-based feature importance. */
export interface Forest {
  classes: number;
  trees: Tree[];
  importance: Float64Array;
}

/** Murmur3 finaliser: spreads nearby integers (seed, seed + 1, …) over unrelated states. */
export function hash32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Small seeded generator (splitmix32); same seed → same sequence on every platform. */
export function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/** Scratch buffers reused by every node of every tree. */
interface Scratch {
  hist: Float64Array;
  stamp: Int32Array;
  touched: Int32Array;
  left: Float64Array;
  total: Float64Array;
  featOrder: Int32Array;
  yy: Int32Array;
  ww: Float64Array;
  stampCounter: number;
}

const sumSquares = (a: Float64Array, k: number, off = 0): number => {
  let s = 0;
  for (let c = 0; c < k; c++) s += a[off + c] * a[off + c];
  return s;
};

/** Grows one tree on the samples idx[0..n) (distinct, with per-sample weights w). */
function growTree(
  X: BinnedMatrix,
  y: Int32Array,
  w: Float64Array,
  idx: Int32Array,
  n: number,
  K: number,
  opts: ForestOptions,
  rand: () => number,
  importance: Float64Array,
  sc: Scratch,
): Tree {
  const N = X.rows;
  const F = X.cols;
  const cap = 2 * n + 1;
  const feature = new Int32Array(cap).fill(-1);
  const threshold = new Uint8Array(cap);
  const right = new Int32Array(cap);
  const value = new Float64Array(cap * K);
  // Stack entries: start, end, depth, parent whose `right` must point at this node (−1: none).
  const stack: number[] = [0, n, 0, -1];
  let nodes = 0;
  let rootWeight = 0;
  const { hist, stamp, touched, left, total, featOrder } = sc;
  const bins = X.bins;
  // Labels and weights travel with idx through the partitions, so the hot loops read them
  // sequentially instead of at random sample positions.
  const yy = sc.yy;
  const ww = sc.ww;
  for (let i = 0; i < n; i++) {
    yy[i] = y[idx[i]];
    ww[i] = w[idx[i]];
  }

  while (stack.length > 0) {
    const parent = stack.pop()!;
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const node = nodes++;
    if (parent >= 0) right[parent] = node;

    total.fill(0);
    for (let i = start; i < end; i++) total[yy[i]] += ww[i];
    let W = 0;
    let classesPresent = 0;
    for (let c = 0; c < K; c++) {
      W += total[c];
      if (total[c] > 0) classesPresent++;
    }
    for (let c = 0; c < K; c++) value[node * K + c] = W > 0 ? total[c] / W : 1 / K;
    if (node === 0) rootWeight = W;
    if (classesPresent < 2 || end - start < opts.minSamplesSplit || depth >= opts.maxDepth) continue;

    const parentScore = sumSquares(total, K) / W;
    let bestScore = parentScore + 1e-12 * W;
    let bestFeature = -1;
    let bestBin = 0;
    let bestNext = 0;
    let bestTarget = NaN;
    // Draw features in random order until maxFeatures non-constant ones were tried; like
    // scikit-learn, constant features do not use up the budget.
    for (let f = 0; f < F; f++) featOrder[f] = f;
    let tried = 0;
    for (let j = 0; j < F && tried < opts.maxFeatures; j++) {
      const r = j + Math.floor(rand() * (F - j));
      const f = featOrder[r];
      featOrder[r] = featOrder[j];
      featOrder[j] = f;

      const st = ++sc.stampCounter;
      let u = 0;
      let minB = 255;
      let maxB = 0;
      let sorted = false;
      const base = f * N;
      if (end - start > 1024) {
        // Large node: a branch-free pass over all 256 bins, which come out already sorted.
        hist.fill(0);
        for (let i = start; i < end; i++) hist[bins[base + idx[i]] * K + yy[i]] += ww[i];
        for (let b = 0; b < 256; b++) {
          let s = 0;
          for (let c = b * K; c < b * K + K; c++) s += hist[c];
          if (s > 0) touched[u++] = b;
        }
        sorted = true;
      } else {
        // Small node: histogram over only the bins present, so deep nodes stay cheap.
        for (let i = start; i < end; i++) {
          const b = bins[base + idx[i]];
          if (stamp[b] !== st) {
            stamp[b] = st;
            touched[u++] = b;
            for (let c = b * K; c < b * K + K; c++) hist[c] = 0;
            if (b < minB) minB = b;
            if (b > maxB) maxB = b;
          }
          hist[b * K + yy[i]] += ww[i];
        }
      }
      if (u < 2) continue;
      tried++;
      if (opts.splitter === 'random') {
        const cand = randomSplit(X, f, touched, u, hist, K, total, W, rand, left);
        if (cand !== null && cand.score > bestScore) {
          [bestScore, bestFeature, bestBin, bestNext, bestTarget] = [cand.score, f, cand.lo, cand.hi, cand.target];
        }
        continue;
      }
      if (!sorted) sortBins(touched, u, minB, maxB, stamp, st);
      const order = touched;
      left.fill(0);
      let WL = 0;
      for (let t = 0; t + 1 < u; t++) {
        const off = order[t] * K;
        let ssL = 0;
        let ssR = 0;
        for (let c = 0; c < K; c++) {
          const l = (left[c] += hist[off + c]);
          WL += hist[off + c];
          const r = total[c] - l;
          ssL += l * l;
          ssR += r * r;
        }
        const WR = W - WL;
        if (WL <= 0 || WR <= 0) continue;
        const score = ssL / WL + ssR / WR;
        if (score > bestScore) {
          bestScore = score;
          bestFeature = f;
          bestBin = order[t];
          bestNext = order[t + 1];
          bestTarget = NaN;
        }
      }
    }
    if (bestFeature < 0) continue;

    importance[bestFeature] += bestScore - parentScore;
    feature[node] = bestFeature;
    threshold[node] = centredThreshold(X, bestFeature, bestBin, bestNext, bestTarget);
    // Partition idx[start..end) into bin <= bestBin | bin > bestBin.
    const base = bestFeature * N;
    let lo = start;
    let hi = end - 1;
    while (lo <= hi) {
      if (bins[base + idx[lo]] <= bestBin) lo++;
      else {
        const t = idx[lo];
        idx[lo] = idx[hi];
        idx[hi] = t;
        const ty = yy[lo];
        yy[lo] = yy[hi];
        yy[hi] = ty;
        const tw = ww[lo];
        ww[lo] = ww[hi];
        ww[hi--] = tw;
      }
    }
    // Push right first so the left child is popped next and gets index node + 1.
    stack.push(lo, end, depth + 1, node, start, lo, depth + 1, -1);
  }
  // Importance of this tree relative to its root weight, as in scikit-learn.
  if (rootWeight > 0) for (let f = 0; f < F; f++) importance[f] /= rootWeight;
  return {
    feature: feature.slice(0, nodes),
    threshold: threshold.slice(0, nodes),
    right: right.slice(0, nodes),
    value: value.slice(0, nodes * K),
  };
}

/** Trains a forest on binned features, labels in [0, classes) and per-sample weights. */
export function trainForest(
  X: BinnedMatrix,
  y: Int32Array,
  sampleWeight: Float64Array,
  classes: number,
  opts: ForestOptions,
): Forest {
  const N = X.rows;
  const F = X.cols;
  const K = classes;
  const sc: Scratch = {
    hist: new Float64Array(256 * K),
    stamp: new Int32Array(256),
    touched: new Int32Array(256),
    left: new Float64Array(K),
    total: new Float64Array(K),
    featOrder: new Int32Array(F),
    yy: new Int32Array(N),
    ww: new Float64Array(N),
    stampCounter: 0,
  };
  const importance = new Float64Array(F);
  const treeImp = new Float64Array(F);
  const trees: Tree[] = [];
  const idx = new Int32Array(N);
  const counts = new Int32Array(N);
  const w = new Float64Array(N);
  const draws = Math.max(1, Math.min(N, Math.round(opts.maxSamples)));
  let treesWithSplits = 0;
  for (let t = 0; t < opts.nTrees; t++) {
    // Per-tree streams, hashed so that tree t + 1 does not replay tree t's stream shifted by
    // one step (splitmix's state advances by a constant) and trees stay independent.
    const rand = makeRandom(hash32(hash32(opts.seed) ^ Math.imul(t + 1, 0x632be5ab)));
    let n = 0;
    if (opts.bootstrap && N > 1) {
      // Bagging as weights: a sample drawn c times counts c times, duplicates are not copied.
      counts.fill(0);
      for (let d = 0; d < draws; d++) counts[Math.floor(rand() * N)]++;
      for (let i = 0; i < N; i++) {
        if (counts[i] > 0 && sampleWeight[i] > 0) {
          w[i] = sampleWeight[i] * counts[i];
          idx[n++] = i;
        }
      }
    } else {
      for (let i = 0; i < N; i++) {
        w[i] = sampleWeight[i];
        if (sampleWeight[i] > 0) idx[n++] = i;
      }
    }
    treeImp.fill(0);
    trees.push(growTree(X, y, w, idx, n, K, opts, rand, treeImp, sc));
    let s = 0;
    for (let f = 0; f < F; f++) s += treeImp[f];
    if (s > 0) {
      treesWithSplits++;
      for (let f = 0; f < F; f++) importance[f] += treeImp[f] / s;
    }
  }
  if (treesWithSplits > 0) for (let f = 0; f < F; f++) importance[f] /= treesWithSplits;
  return { classes: K, trees, importance };
}

/** Leaf reached by a binned row (row[f] = bin of feature f). */
export function leafOf(tree: Tree, row: Uint8Array): number {
  let node = 0;
  for (let f = tree.feature[0]; f >= 0; f = tree.feature[node]) {
    node = row[f] <= tree.threshold[node] ? node + 1 : tree.right[node];
  }
  return node;
}
