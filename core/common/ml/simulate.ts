// The active-learning simulation: on a fully labeled set, hide the labels, let a strategy
// choose which to reveal batch by batch, and score the model on held-out groups after each
// round. This is how Seislabel shows — on real data — how many labels a strategy saves.
import { accuracy, macroF1 } from './metrics.js';
import { argmaxRows, takeRows, type Matrix } from './matrix.js';
import { makeRng } from './rng.js';
import { groupSplit } from './splits.js';
import { selectBatch, STRATEGIES, type StrategyName } from './strategies.js';

/** A model as the simulation sees it: trained on some windows, then asked about others. */
export interface SimModelFactory {
  name: string;
  /**
   * Trains on the windows `train` (indices into the data set) with their labels. `unlabeled`
   * holds the pool windows whose labels are still hidden, as the app holds its unlabeled
   * windows: a semi-supervised model may use their inputs (never the held-out test windows).
   */
  fit(train: Int32Array, y: Int32Array, classes: number, seed: number, unlabeled?: Int32Array): Promise<SimTrained> | SimTrained;
}

/** A trained model: probabilities (N×K) and optional embeddings (N×D) for windows by index. */
export interface SimTrained {
  predictProba(idx: Int32Array): Float64Array | Float32Array | Promise<Float64Array | Float32Array>;
  embed?(idx: Int32Array): { data: Float64Array | Float32Array; cols: number } | Promise<{ data: Float64Array | Float32Array; cols: number }>;
}

/** A labeled data set, one row per window. */
export interface SimData {
  classes: string[];
  y: Int32Array;
  groups: string[];
  /** N × F features, used by the feature-based strategies (cluster, cold start). */
  features: Matrix;
}

export interface SimOptions {
  strategy: StrategyName;
  seeds: number;
  initial: number;
  batch: number;
  budget: number;
  testFraction: number;
  /** First seed; run s uses baseSeed + s. */
  baseSeed?: number;
  /**
   * How the first `initial` windows are chosen. 'app' (default) as the app does before any
   * model (activeLearning.ts): a strategy that needs predictions starts by cold start (one
   * typical window per cluster of the features), the others by their own rule ('random' draws
   * at random). 'random': every strategy starts from the same random draw.
   */
  start?: 'app' | 'random';
  onRound?(info: { seed: number; labels: number; macroF1: number }): void;
}

/** One point of a learning curve (means over seeds). */
export interface CurvePoint {
  labels: number;
  macroF1: number;
  accuracy: number;
  /** Standard deviation of macro-F1 over seeds: how much results vary with the draw. */
  macroF1Std: number;
}

/** The outcome of one strategy, as written by `seislabel simulate`. */
export interface SimResult {
  strategy: StrategyName;
  model: string;
  classes: string[];
  seeds: number;
  initial: number;
  batch: number;
  budget: number;
  /** Budget actually reached: at most the smallest pool over seeds. */
  budgetReached: number;
  fullPoolMacroF1: number;
  /** Standard deviation over seeds of the full-pool macro-F1 (test groups differ per seed). */
  fullPoolMacroF1Std: number;
  curve: CurvePoint[];
  labelsTo95: number | null;
  labelsTo98: number | null;
  notes: string[];
}

const score = async (trained: SimTrained, test: Int32Array, y: Int32Array, K: number) => {
  const pred = argmaxRows(await trained.predictProba(test), K);
  const truth = Int32Array.from(test, (i) => y[i]!);
  return { macroF1: macroF1(truth, pred, K), accuracy: accuracy(truth, pred) };
};

/** The label counts at which every seed is scored: initial, +batch, …, up to the budget. */
export function schedule(initial: number, batch: number, budget: number): number[] {
  const out: number[] = [];
  for (let n = initial; n < budget; n += batch) out.push(n);
  out.push(budget);
  return out;
}

/** The split of one seed: test groups held out, the rest is the pool. */
export function simSplit(data: SimData, testFraction: number, seed: number): { pool: Int32Array; test: Int32Array } {
  const s = groupSplit({ groups: data.groups, labels: data.y, fractions: { train: 1 - testFraction, validation: 0, test: testFraction }, seed });
  return { pool: s.train, test: s.test };
}

/** Runs the simulation of one strategy over several seeds. */
export async function simulate(data: SimData, model: SimModelFactory, o: SimOptions): Promise<SimResult> {
  const K = data.classes.length;
  const base = o.baseSeed ?? 0;
  const notes: string[] = [];
  const splits = Array.from({ length: o.seeds }, (_, s) => simSplit(data, o.testFraction, base + s));
  const minPool = Math.min(...splits.map((s) => s.pool.length));
  const budget = Math.min(o.budget, minPool);
  if (budget < o.budget) notes.push(`budget ${o.budget} exceeds the smallest pool (${minPool} windows): stopped at ${budget}`);
  // The test groups of a seed may hold no window of a rare class: that class is left out
  // of the seed's macro-F1 (it cannot be scored), and the result says so.
  splits.forEach((sp, s) => {
    const present = new Set(Array.from(sp.test, (i) => data.y[i]!));
    const missing = data.classes.filter((_, k) => !present.has(k));
    if (missing.length) notes.push(`seed ${base + s}: no held-out windows of ${missing.join(', ')}, left out of its macro-F1`);
  });
  const steps = schedule(Math.min(o.initial, budget), o.batch, budget);
  const f1 = steps.map(() => [] as number[]);
  const acc = steps.map(() => [] as number[]);
  const full: number[] = [];

  for (let s = 0; s < o.seeds; s++) {
    const seed = base + s;
    const { pool, test } = splits[s]!;
    const rng = makeRng(seed * 7919 + 17);
    const labeled = new Uint8Array(pool.length);
    const poolFeatures = takeRows(data.features, pool);
    for (const i of firstBatch(o, Math.min(o.initial, budget), poolFeatures, rng, seed)) labeled[i] = 1;
    for (let step = 0; step < steps.length; step++) {
      const idx = indicesWhere(labeled);
      const trainIdx = Int32Array.from(idx, (i) => pool[i]!);
      const unlabeledIdx = Int32Array.from(indicesWhere(labeled, 0), (i) => pool[i]!);
      const trained = await model.fit(trainIdx, Int32Array.from(trainIdx, (i) => data.y[i]!), K, seed, unlabeledIdx);
      const m = await score(trained, test, data.y, K);
      f1[step]!.push(m.macroF1);
      acc[step]!.push(m.accuracy);
      o.onRound?.({ seed, labels: idx.length, macroF1: m.macroF1 });
      const next = steps[step + 1];
      if (next === undefined) break;
      const probs = await trained.predictProba(pool);
      const emb = await trained.embed?.(pool);
      const q = selectBatch(o.strategy, {
        labeledMask: labeled,
        probs: { data: probs, rows: pool.length, cols: K },
        embeddings: emb ? { data: emb.data, rows: pool.length, cols: emb.cols } : undefined,
        features: poolFeatures,
        batchSize: next - idx.length,
        seed: seed * 1000 + step,
      });
      for (const i of q.indices) labeled[i] = 1;
    }
    const fullModel = await model.fit(pool, Int32Array.from(pool, (i) => data.y[i]!), K, seed);
    full.push((await score(fullModel, test, data.y, K)).macroF1);
  }

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
  const curve = steps.map((labels, i) => ({ labels, macroF1: mean(f1[i]!), accuracy: mean(acc[i]!), macroF1Std: std(f1[i]!) }));
  const fullPoolMacroF1 = mean(full);
  const reach = (frac: number) => curve.find((p) => p.macroF1 >= frac * fullPoolMacroF1)?.labels ?? null;
  return {
    strategy: o.strategy, model: model.name, classes: data.classes, seeds: o.seeds, initial: o.initial, batch: o.batch, budget: o.budget,
    budgetReached: budget, fullPoolMacroF1, fullPoolMacroF1Std: std(full), curve, labelsTo95: reach(0.95), labelsTo98: reach(0.98), notes,
  };
}

/**
 * Pool positions of the first labels. The random draw stays the one every strategy used
 * before 'app' existed, so the random baseline is unchanged.
 */
function firstBatch(o: SimOptions, n: number, features: Matrix, rng: ReturnType<typeof makeRng>, seed: number): Int32Array {
  const draw = rng.sample(n, features.rows);
  if ((o.start ?? 'app') === 'random' || o.strategy === 'random') return draw;
  const info = STRATEGIES.find((s) => s.name === o.strategy)!;
  const strategy: StrategyName = info.needs.includes('probs') ? 'coldStart' : o.strategy;
  return selectBatch(strategy, { labeledMask: new Uint8Array(features.rows), features, batchSize: n, seed: seed * 1000 - 1 }).indices;
}

function indicesWhere(mask: Uint8Array, value = 1): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] === value) out.push(i);
  return Int32Array.from(out);
}
