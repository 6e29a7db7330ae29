// Permutation importance: how much a score drops when one feature's column is shuffled,
// which breaks its link with the label while keeping its distribution. Works with any
// model given only `predict`. Correlated features share credit (shuffling one leaves the
// other to carry the signal), so read it next to the correlation matrix.
//
// The algorithm is a generator that yields the matrices to predict and receives the
// predictions: one loop serves a synchronous model, an async one (tfjs) and a worker
// that reports progress or stops on cancel between steps.
import type { Matrix } from './matrix.js';
import { accuracy } from './metrics.js';
import { makeRng } from './rng.js';

/** Score of predictions against the truth; higher is better. */
export type ScoreFn = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>) => number;

/** Options of permutation importance. */
export interface ImportanceOptions {
  x: Matrix;
  y: ArrayLike<number>;
  /** Default: accuracy. */
  score?: ScoreFn;
  /** Shuffles per feature. Default 5. */
  repeats?: number;
  seed: number;
  /**
   * Columns shuffled together with one permutation, one result per group (default: each
   * column alone). Copies of one quantity must go together: shuffling one copy while the
   * model can read the other shows no drop.
   */
  groups?: number[][];
}

/** Importance of one feature: drop of the score over the repeats. */
export interface FeatureImportance {
  /** Column (or group, with `groups`) index. */
  feature: number;
  mean: number;
  /** Population standard deviation over repeats (as sklearn). */
  std: number;
  values: number[];
}

/** Result of permutation importance. */
export interface ImportanceResult {
  baseline: number;
  features: FeatureImportance[];
}

/** Step API: yields each matrix to predict (with progress), expects its labels back; the matrix buffer is reused, copy it to keep it. */
export function* permutationImportanceSteps(
  opts: ImportanceOptions,
): Generator<{ x: Matrix; done: number; total: number }, ImportanceResult, ArrayLike<number>> {
  const { x, y } = opts;
  const score = opts.score ?? accuracy;
  const repeats = opts.repeats ?? 5;
  if (y.length !== x.rows) throw new RangeError(`${x.rows} rows but ${y.length} labels`);
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be ≥ 1, got ${repeats}`);
  const { rows: n, cols: d } = x;
  const groups = opts.groups ?? Array.from({ length: d }, (_, j) => [j]);
  for (const g of groups) for (const j of g) if (!(Number.isInteger(j) && j >= 0 && j < d)) throw new RangeError(`group column ${j} outside [0, ${d})`);
  const total = 1 + groups.length * repeats;
  const baseline = score(y, yield { x, done: 0, total });
  const rng = makeRng(opts.seed);
  const work = new Float64Array(x.data);
  const perm = new Int32Array(n);
  const features: FeatureImportance[] = [];
  let done = 1;
  for (let g = 0; g < groups.length; g++) {
    const values: number[] = [];
    for (let r = 0; r < repeats; r++) {
      for (let i = 0; i < n; i++) perm[i] = i;
      rng.shuffle(perm);
      for (const j of groups[g]!) for (let i = 0; i < n; i++) work[i * d + j] = x.data[perm[i]! * d + j]!;
      const pred = yield { x: { data: work, rows: n, cols: d }, done, total };
      values.push(baseline - score(y, pred));
      done++;
    }
    for (const j of groups[g]!) for (let i = 0; i < n; i++) work[i * d + j] = x.data[i * d + j]!; // restore the group
    const mean = values.reduce((s, v) => s + v, 0) / repeats;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / repeats);
    features.push({ feature: g, mean, std, values });
  }
  return { baseline, features };
}

/** Permutation importance with a synchronous `predict`. */
export function permutationImportance(predict: (x: Matrix) => ArrayLike<number>, opts: ImportanceOptions): ImportanceResult {
  const steps = permutationImportanceSteps(opts);
  let step = steps.next();
  while (!step.done) step = steps.next(predict(step.value.x));
  return step.value;
}

/** Permutation importance with an async `predict`; `signal` stops it between steps. */
export async function permutationImportanceAsync(
  predict: (x: Matrix) => Promise<ArrayLike<number>>,
  opts: ImportanceOptions & { onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
): Promise<ImportanceResult> {
  const steps = permutationImportanceSteps(opts);
  let step = steps.next();
  while (!step.done) {
    opts.signal?.throwIfAborted();
    opts.onProgress?.(step.value.done, step.value.total);
    step = steps.next(await predict(step.value.x));
  }
  return step.value;
}
