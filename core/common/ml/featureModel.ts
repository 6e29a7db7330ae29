// The "feature model": a classifier on per-window feature vectors that retrains in well under
// a second, so the active-learning loop can refit after every label.
//
// It is a forest of extremely randomised trees (random thresholds; bagged on large sets) on
// pre-binned features (forest.ts, featureModelBins.ts). A forest rather than boosting because the loop
// starts with 6–60 labels: averaging 100 trees gives graded probabilities (entropy and margin
// mean something) and does not overfit the way boosting does on a handful of samples. Random
// thresholds smooth the probabilities further and matched or beat classic best-split forests
// in grouped CV on the real sets (see tests/bench/featureModel.ts); 'best' remains an option.
//
// Inputs: NaN is "missing" and goes with the smallest values at every split; ±Infinity
// behave like the most extreme observed values (clamped). Constant features are never split.

import { binOf, binMatrix, computeCuts, rankOf } from './featureModelBins.js';
import { leafOf, trainForest, type Forest, type Tree } from './forest.js';

/** Row-major matrix, or an array of rows of equal length. */
export type FeatureMatrix = Float64Array[] | { data: Float64Array; rows: number; cols: number };

/** Training options; everything but `classes` and `seed` has a sensible default. */
export interface FeatureModelOptions {
  /** Number of classes K; labels must lie in [0, K). Classes absent from y get probability 0. */
  classes: number;
  /** Seed of every random draw; same data + options + seed → identical model. */
  seed: number;
  /** 'balanced' weighs class k by n / (classes present · n_k); an array gives one weight per class. */
  classWeights?: 'balanced' | number[];
  /** One weight per sample, multiplied with the class weights (e.g. the confidence of a crowd consensus label). */
  sampleWeights?: ArrayLike<number>;
  /** Trees in the forest (default: 300 up to 2,000 windows, 100 above; see SMALL_SET_TREES). */
  nTrees?: number;
  /** Features tried per split: a count, 'sqrt', 'all', or by default 2·√F up to 2,000 windows and √F above (see SMALL_SET_FEATURES). */
  maxFeatures?: number | 'sqrt' | 'all';
  /** Maximum tree depth (default unlimited: grow until leaves are pure). */
  maxDepth?: number;
  /** Nodes with fewer samples are not split (default 2: grow until leaves are pure). */
  minSamplesSplit?: number;
  /** 'random' (default): thresholds drawn at random, as in extremely randomised trees; 'best': CART's best threshold (classic random forest). */
  splitter?: 'best' | 'random';
  /** Bagging: each tree sees a bootstrap sample, which also halves the work on large sets (default: off up to 2,000 windows, on above). */
  bootstrap?: boolean;
  /** Bootstrap draws per tree (default: number of samples, capped at 20,000 so training stays ~1 s). */
  maxSamples?: number;
  /** Windows without labels (same columns as X): used only by self-training (see SelfTraining). */
  unlabeled?: FeatureMatrix;
  /** Self-training on `unlabeled`; off when absent. */
  selfTraining?: SelfTraining;
}

/**
 * Self-training: the forest fitted on the labels predicts the unlabeled windows, those it
 * is sure of join the training set with their predicted class at a reduced weight, and the
 * forest is fitted again. With a few dozen labels from a handful of stations, the unlabeled
 * windows of the other stations show the forest where their feature values lie.
 */
export interface SelfTraining {
  /** Smallest top-class probability for a window to be pseudo-labeled (0–1). */
  threshold: number;
  /** Weight of a pseudo-labeled window relative to a labeled one of the same class. */
  weight: number;
}

/** Serialised model; plain JSON (infinite cut points are stored as strings). */
export interface FeatureModelJSON {
  kind: 'seislabel.featureForest';
  version: 1;
  classes: number;
  features: number;
  cuts: (number | string)[][];
  importance: number[];
  trees: { feature: number[]; threshold: number[]; right: number[]; value: number[] }[];
}

/** A trained feature model. Returned arrays are fresh (never views), hence ArrayBuffer-backed. */
export interface FeatureModel {
  readonly classes: number;
  readonly features: number;
  /** Class probabilities, N × K row-major; each row sums to 1. */
  predictProba(X: FeatureMatrix): Float64Array<ArrayBuffer>;
  /** Importance-weighted rank embedding, N × F row-major (see ForestFeatureModel.embed). */
  embed(X: FeatureMatrix): Float64Array<ArrayBuffer>;
  /** Mean impurity decrease per feature, normalised to sum 1 (all zeros if no tree split). */
  featureImportance(): Float64Array<ArrayBuffer>;
  /** Per-feature contributions to each class probability for one window, K × F row-major. */
  explain(x: Float64Array): Float64Array<ArrayBuffer>;
  /** Prediction before any split (mean root distribution), K values; bias + Σ explain = proba. */
  bias(): Float64Array<ArrayBuffer>;
  /** Plain-JSON form for storage; featureModelFromJSON restores an identical model. */
  toJSON(): FeatureModelJSON;
}

const DEFAULT_MAX_SAMPLES = 20_000;
// With the few labels of active learning, the variance of a forest's probabilities is what
// makes uncertainty sampling noisy; 300 trees cost ~20 ms more at 100 labels and raised the
// simulated macro-F1 by 0.01–0.02 on both development sets. Large sets keep 100 trees so
// training stays near a second.
const SMALL_SET_ROWS = 2_000;
const SMALL_SET_TREES = 300;
// Small sets are where active learning lives, and where the model meets stations it has not
// seen. In simulations grouped by station on both development sets (tests/bench/
// modelSelection.ts, 8 seeds), every tree seeing every label (no bagging: a bootstrap drops a
// third of a few dozen labels per tree, and random thresholds already decorrelate the trees,
// as in the original extremely randomised trees) and 2·√F features per split instead of √F
// (the few onset and polarisation features that tell P from S get tried more often) raised
// noise/P/S macro-F1 at 60 labels from 0.887 to 0.912 and on the full pool from 0.911 to 0.924,
// with earthquake/noise unchanged or better. Large sets keep bagging and √F for speed.
const SMALL_SET_FEATURES = 2;

/** Views any accepted matrix form as row-major data plus its shape. */
export function asMatrix(X: FeatureMatrix): { data: Float64Array; rows: number; cols: number } {
  if (!Array.isArray(X)) {
    if (X.data.length !== X.rows * X.cols) throw new Error(`feature matrix: data has ${X.data.length} values, expected ${X.rows}×${X.cols}`);
    return X;
  }
  const rows = X.length;
  const cols = rows > 0 ? X[0].length : 0;
  const data = new Float64Array(rows * cols);
  X.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`feature matrix: row ${i} has ${r.length} values, expected ${cols}`);
    data.set(r, i * cols);
  });
  return { data, rows, cols };
}

/** Per-sample weights from the class-weight option. */
function sampleWeights(y: Int32Array, K: number, cw: FeatureModelOptions['classWeights']): Float64Array {
  const w = new Float64Array(y.length).fill(1);
  if (cw === undefined) return w;
  let perClass: number[];
  if (cw === 'balanced') {
    const counts = new Array<number>(K).fill(0);
    for (const c of y) counts[c]++;
    const present = counts.filter((c) => c > 0).length;
    perClass = counts.map((c) => (c > 0 ? y.length / (present * c) : 0));
  } else {
    if (cw.length !== K) throw new Error(`classWeights has ${cw.length} entries, expected ${K}`);
    perClass = cw;
  }
  for (let i = 0; i < y.length; i++) w[i] = perClass[y[i]];
  return w;
}

/** Trains a feature model; see FeatureModelOptions for the knobs. */
export function trainFeatureModel(X: FeatureMatrix, y: Int32Array, opts: FeatureModelOptions): FeatureModel {
  const { data, rows, cols } = asMatrix(X);
  const K = opts.classes;
  if (!Number.isInteger(K) || K < 1) throw new Error(`classes must be a positive integer, got ${K}`);
  if (rows === 0) throw new Error('cannot train a feature model on zero windows');
  if (y.length !== rows) throw new Error(`${y.length} labels for ${rows} windows`);
  for (const c of y) if (!(c >= 0 && c < K)) throw new Error(`label ${c} outside [0, ${K})`);
  const w = sampleWeights(y, K, opts.classWeights);
  if (opts.sampleWeights) {
    if (opts.sampleWeights.length !== rows) throw new Error(`${opts.sampleWeights.length} sample weights for ${rows} windows`);
    for (let i = 0; i < rows; i++) w[i]! *= opts.sampleWeights[i]!;
  }
  const model = fitForest(data, rows, cols, y, w, opts);
  const st = opts.selfTraining;
  const U = opts.unlabeled ? asMatrix(opts.unlabeled) : null;
  if (!st || !U || U.rows === 0) return model;
  if (U.cols !== cols) throw new Error(`unlabeled windows have ${U.cols} features, labeled ${cols}`);
  if (!(st.threshold > 0 && st.threshold <= 1) || !(st.weight > 0)) throw new Error('self-training needs 0 < threshold ≤ 1 and weight > 0');
  const P = model.predictProba(U);
  // A pseudo-label weighs like a labeled window of its class, times st.weight, so the class
  // balance the labels asked for survives a flood of confident (often noise) windows.
  const perClass = new Float64Array(K);
  for (let i = 0; i < rows; i++) perClass[y[i]] = w[i];
  const picked: number[] = [];
  const pseudo: number[] = [];
  for (let i = 0; i < U.rows; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (P[i * K + c] > P[i * K + best]) best = c;
    if (P[i * K + best] >= st.threshold && perClass[best] > 0) {
      picked.push(i);
      pseudo.push(best);
    }
  }
  if (!picked.length) return model;
  const n = rows + picked.length;
  const data2 = new Float64Array(n * cols);
  data2.set(data.subarray(0, rows * cols));
  picked.forEach((i, j) => data2.set(U.data.subarray(i * cols, (i + 1) * cols), (rows + j) * cols));
  const y2 = new Int32Array(n);
  y2.set(y);
  y2.set(pseudo, rows);
  const w2 = new Float64Array(n);
  w2.set(w);
  pseudo.forEach((c, j) => (w2[rows + j] = st.weight * perClass[c]));
  return fitForest(data2, n, cols, y2, w2, opts);
}

/** Bins the features and grows the forest with per-sample weights. */
function fitForest(data: Float64Array, rows: number, cols: number, y: Int32Array, w: Float64Array, opts: FeatureModelOptions): ForestFeatureModel {
  const cuts: Float64Array[] = [];
  const column = new Float64Array(rows);
  for (let f = 0; f < cols; f++) {
    for (let i = 0; i < rows; i++) column[i] = data[i * cols + f];
    cuts.push(computeCuts(column));
  }
  const binned = binMatrix(data, rows, cols, cuts);
  const small = rows <= SMALL_SET_ROWS;
  const mf = opts.maxFeatures ?? (small ? Math.round(SMALL_SET_FEATURES * Math.sqrt(cols)) : 'sqrt');
  const maxFeatures = mf === 'sqrt' ? Math.max(1, Math.round(Math.sqrt(cols))) : mf === 'all' ? cols : Math.max(1, Math.min(cols, mf));
  const forest = trainForest(binned, y, w, opts.classes, {
    nTrees: opts.nTrees ?? (small ? SMALL_SET_TREES : 100),
    maxFeatures,
    maxDepth: opts.maxDepth ?? Infinity,
    minSamplesSplit: Math.max(2, opts.minSamplesSplit ?? 2),
    splitter: opts.splitter ?? 'random',
    bootstrap: opts.bootstrap ?? !small,
    maxSamples: opts.maxSamples ?? Math.min(rows, DEFAULT_MAX_SAMPLES),
    seed: opts.seed,
  });
  return new ForestFeatureModel(cuts, forest);
}

/** Random-forest implementation of FeatureModel. */
export class ForestFeatureModel implements FeatureModel {
  readonly classes: number;
  readonly features: number;

  constructor(
    private readonly cuts: Float64Array[],
    private readonly forest: Forest,
  ) {
    this.classes = forest.classes;
    this.features = cuts.length;
  }

  private binRow(data: Float64Array, off: number, out: Uint8Array): void {
    for (let f = 0; f < this.features; f++) out[f] = binOf(this.cuts[f], data[off + f]);
  }

  private checkCols(cols: number, rows: number): void {
    if (cols !== this.features && rows > 0) throw new Error(`model expects ${this.features} features, got ${cols}`);
  }

  predictProba(X: FeatureMatrix): Float64Array<ArrayBuffer> {
    const { data, rows, cols } = asMatrix(X);
    this.checkCols(cols, rows);
    const K = this.classes;
    const out = new Float64Array(rows * K);
    const row = new Uint8Array(cols);
    const trees = this.forest.trees;
    for (let i = 0; i < rows; i++) {
      this.binRow(data, i * cols, row);
      for (const t of trees) {
        const leaf = leafOf(t, row) * K;
        for (let c = 0; c < K; c++) out[i * K + c] += t.value[leaf + c];
      }
      for (let c = 0; c < K; c++) out[i * K + c] /= trees.length;
    }
    return out;
  }

  /**
   * Each feature becomes its smooth rank on the training data (0…1, see rankOf), scaled by
   * sqrt(F · importance): Euclidean distances then ignore features the forest never uses and
   * are insensitive to units and outliers, which suits diversity sampling. D = F.
   */
  embed(X: FeatureMatrix): Float64Array<ArrayBuffer> {
    const { data, rows, cols } = asMatrix(X);
    this.checkCols(cols, rows);
    const imp = this.forest.importance;
    let total = 0;
    for (const v of imp) total += v;
    const scale = Array.from(imp, (v) => (total > 0 ? Math.sqrt(cols * v) : 1));
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let f = 0; f < cols; f++) out[i * cols + f] = scale[f] * rankOf(this.cuts[f], data[i * cols + f]);
    }
    return out;
  }

  featureImportance(): Float64Array<ArrayBuffer> {
    return this.forest.importance.slice();
  }

  /**
   * Saabas path attribution: walking from root to leaf, each split moves the node's class
   * distribution and the change is credited to the split feature; averaged over trees.
   * The decomposition is exact (bias + contributions = predictProba), but when features are
   * correlated the credit goes to whichever one a tree happened to split on, so correlated
   * features share (and can trade) credit.
   */
  explain(x: Float64Array): Float64Array<ArrayBuffer> {
    this.checkCols(x.length, 1);
    const K = this.classes;
    const F = this.features;
    const out = new Float64Array(K * F);
    const row = new Uint8Array(F);
    this.binRow(x, 0, row);
    const trees = this.forest.trees;
    for (const t of trees) {
      let node = 0;
      for (let f = t.feature[0]; f >= 0; f = t.feature[node]) {
        const child = row[f] <= t.threshold[node] ? node + 1 : t.right[node];
        for (let c = 0; c < K; c++) out[c * F + f] += t.value[child * K + c] - t.value[node * K + c];
        node = child;
      }
    }
    for (let i = 0; i < out.length; i++) out[i] /= trees.length;
    return out;
  }

  bias(): Float64Array<ArrayBuffer> {
    const K = this.classes;
    const out = new Float64Array(K);
    for (const t of this.forest.trees) for (let c = 0; c < K; c++) out[c] += t.value[c];
    for (let c = 0; c < K; c++) out[c] /= this.forest.trees.length;
    return out;
  }

  toJSON(): FeatureModelJSON {
    const num = (v: number): number | string => (Number.isFinite(v) ? v : String(v));
    return {
      kind: 'seislabel.featureForest',
      version: 1,
      classes: this.classes,
      features: this.features,
      cuts: this.cuts.map((c) => Array.from(c, num)),
      importance: Array.from(this.forest.importance),
      trees: this.forest.trees.map((t) => ({
        feature: Array.from(t.feature),
        threshold: Array.from(t.threshold),
        right: Array.from(t.right),
        value: Array.from(t.value),
      })),
    };
  }

  /** Restores a model written by toJSON. */
  static fromJSON(json: FeatureModelJSON): ForestFeatureModel {
    if (json.kind !== 'seislabel.featureForest' || json.version !== 1) {
      throw new Error(`not a feature model (kind ${String(json.kind)}, version ${String(json.version)})`);
    }
    const trees: Tree[] = json.trees.map((t) => ({
      feature: Int32Array.from(t.feature),
      threshold: Uint8Array.from(t.threshold),
      right: Int32Array.from(t.right),
      value: Float64Array.from(t.value),
    }));
    const cuts = json.cuts.map((c) => Float64Array.from(c, Number));
    return new ForestFeatureModel(cuts, { classes: json.classes, trees, importance: Float64Array.from(json.importance) });
  }
}

/** Restores a model written by FeatureModel.toJSON. */
export function featureModelFromJSON(json: FeatureModelJSON): FeatureModel {
  return ForestFeatureModel.fromJSON(json);
}
