// Worker thread that re-fits a feature model's evaluation model (the one trained on the
// training split only, whose test predictions gave the stored metrics) and measures the
// permutation importance of every feature on the held-out test windows. Off the main
// thread because both grow with the project and labeling must never wait.
import { parentPort, workerData } from 'node:worker_threads';
import { FEATURES } from '../../common/features/definitions.js';
import { MODEL_INPUT_BASE } from '../../common/features/stationContext.js';
import { permutationImportance } from '../../common/ml/importance.js';
import { argmaxRows, type Matrix } from '../../common/ml/matrix.js';
import { featureRows, fitProjectForest } from '../ml/forestFit.js';
import { macroF1 } from '../../common/ml/metrics.js';

/** What the host sends: features of the model's labeled windows in its stored order. */
export interface HeldOutJob {
  X: Float64Array;
  cols: number;
  /** Class index (0..K-1) of each row. */
  y: Int32Array;
  classes: number;
  seed: number;
  trainIdx: Int32Array;
  /** Per row of X, the weight the model was trained with (absent = all 1). */
  weights?: Float64Array;
  testIdx: Int32Array;
  repeats: number;
  permutationSeed: number;
}

/** What the worker answers. */
export interface HeldOutAnswer {
  /** test × K probabilities of the evaluation model. */
  testProbs: Float64Array;
  /** Test macro-F1 before shuffling, and its mean drop / spread per feature. */
  baseline: number;
  mean: Float64Array;
  std: Float64Array;
}

const job = workerData as HeldOutJob;
const K = job.classes;
// Fitted exactly as the training worker fits its evaluation model (forestFit.ts); the host
// still checks that the re-fit reproduces the stored confusion matrix.
const model = fitProjectForest(job.X, job.cols, job.y, K, job.seed, job.trainIdx, job.weights);
const test = featureRows(job.X, job.cols, job.testIdx);
const testProbs = model.predictProba(test);
const imp = permutationImportance((x: Matrix) => argmaxRows(model.predictProba({ data: Float64Array.from(x.data), rows: x.rows, cols: x.cols }), K), {
  x: test,
  y: Int32Array.from(job.testIdx, (i) => job.y[i]!),
  // Macro-F1 rather than accuracy: a feature that only matters for a rare class still counts.
  score: (t, p) => macroF1(t, p, K),
  repeats: job.repeats,
  seed: job.permutationSeed,
  // A feature and its station-relative and rank copies carry one quantity: shuffled together,
  // they give one importance per feature.
  ...(job.cols > FEATURES.length ? { groups: FEATURES.map((_, f) => MODEL_INPUT_BASE.slice(0, job.cols).flatMap((b, j) => (b === f ? [j] : []))) } : {}),
});
const answer: HeldOutAnswer = {
  testProbs,
  baseline: imp.baseline,
  mean: Float64Array.from(imp.features, (f) => f.mean),
  std: Float64Array.from(imp.features, (f) => f.std),
};
parentPort!.postMessage(answer);
