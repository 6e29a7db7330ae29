// Worker thread that trains the feature model, so a retrain never blocks labeling. It fits
// once on the training side of each held-out split (for honest test metrics and their
// spread) and once on every label (the model that is served), then predicts every window.
import { parentPort, workerData } from 'node:worker_threads';
import { featureModelFromJSON } from '../../common/ml/featureModel.js';
import { featureRows, fitProjectForest } from './forestFit.js';

/** What the host sends. */
export interface ForestJob {
  X: Float64Array;
  cols: number;
  y: Int32Array;
  classes: number;
  seed: number;
  /** Per row of X: how much the label counts (consensus confidence); absent = all 1. */
  weights?: Float64Array;
  /** Held-out splits to score (row indices); the first gives the model's own metrics. */
  splits: { train: Int32Array; test: Int32Array }[];
  /** Features of every window to predict, row-major. */
  all: Float64Array;
}

/** What the worker answers. */
export interface ForestAnswer {
  json: string;
  probsAll: Float32Array;
  /** Per split: test × K probabilities of the model fitted on its training side. */
  testProbs: Float64Array[];
  importance: Float64Array;
  trainMs: number;
}

const job = workerData as ForestJob;
const t0 = performance.now();
const testProbs = job.splits.map((s) =>
  fitProjectForest(job.X, job.cols, job.y, job.classes, job.seed, s.train, job.weights).predictProba(featureRows(job.X, job.cols, s.test)));
const model = fitProjectForest(job.X, job.cols, job.y, job.classes, job.seed, undefined, job.weights);
const trainMs = performance.now() - t0;
const json = JSON.stringify(model.toJSON());
// A served model must load back identically: check once here rather than find out later.
featureModelFromJSON(JSON.parse(json));
const probsAll = Float32Array.from(model.predictProba({ data: job.all, rows: job.all.length / job.cols, cols: job.cols }));
const answer: ForestAnswer = { json, probsAll, testProbs, importance: model.featureImportance(), trainMs };
parentPort!.postMessage(answer, [probsAll.buffer as ArrayBuffer]);
