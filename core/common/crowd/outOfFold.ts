// Out-of-fold probabilities for confident learning: each window is scored by a model that
// never saw its label, and folds keep each group (source trace, station, event) on one side
// so a model cannot vouch for a label by remembering the window's neighbour.
import { trainFeatureModel, type FeatureModelOptions } from '../ml/featureModel.js';
import type { Matrix } from '../ml/matrix.js';
import { groupKFold } from '../ml/splits.js';

/** Options of `outOfFoldProbabilities`. */
export interface OutOfFoldOptions {
  classes: number;
  /** One key per window; windows of one group share a fold. Default: every window its own group. */
  groups?: ArrayLike<string | number>;
  /** Number of folds (default 5). */
  folds?: number;
  seed: number;
  /** Feature-model options other than classes and seed. */
  model?: Omit<FeatureModelOptions, 'classes' | 'seed'>;
}

/** N × K probabilities, row i from the fold model that held window i out. */
export function outOfFoldProbabilities(X: Matrix, y: Int32Array, opts: OutOfFoldOptions): Float64Array {
  const { rows: N, cols: F } = X;
  const K = opts.classes;
  if (y.length !== N) throw new RangeError(`${N} rows but ${y.length} labels`);
  const groups = opts.groups ?? Array.from({ length: N }, (_, i) => i);
  const folds = groupKFold({ groups, labels: y, k: opts.folds ?? 5, seed: opts.seed });
  const out = new Float64Array(N * K);
  folds.forEach((fold, f) => {
    const take = (idx: Int32Array) => {
      const data = new Float64Array(idx.length * F);
      idx.forEach((i, r) => data.set(X.data.subarray(i * F, (i + 1) * F), r * F));
      return { data, rows: idx.length, cols: F };
    };
    // A bagged forest with √F features per split: confident learning needs probabilities that
    // are soft where the data are ambiguous, not the sharper ones of the small-set default.
    const model = trainFeatureModel(take(fold.train), Int32Array.from(fold.train, (i) => y[i]), {
      bootstrap: true, maxFeatures: 'sqrt', ...opts.model, classes: K, seed: opts.seed * 1000 + f,
    });
    const p = model.predictProba(take(fold.test));
    fold.test.forEach((i, r) => out.set(p.subarray(r * K, (r + 1) * K), i * K));
  });
  return out;
}
