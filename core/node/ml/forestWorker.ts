// Worker thread that trains the feature model, so a retrain never blocks labeling. It fits
// once on the training side of each held-out split (for honest test metrics and their
// spread) and once on every label (the model that is served), then predicts every window.
import { parentPort, workerData } from 'node:worker_threads';
import { FEATURES } from '../../common/features/definitions.js';
import { withStationContext } from '../../common/features/stationContext.js';
import { featureModelFromJSON } from '../../common/ml/featureModel.js';
import { takeRows } from '../../common/ml/matrix.js';
import { featureRows, fitProjectForest } from './forestFit.js';

/** What the host sends. */
export interface ForestJob {
  /**
   * The window features (N × FEATURES.length, row-major) of every window to predict, and each
   * one's station: the model input (features beside their station context, stationContext.ts)
   * is made here, because ranking 50,000 windows within their stations takes about 1.5 s,
   * which on the host's thread would hold up labeling at every retrain.
   */
  features: Float64Array;
  stations: string[];
  /** Row (of `features`) of each labeled window, in the order of `y`. */
  labeled: Int32Array;
  y: Int32Array;
  classes: number;
  seed: number;
  /** Per row of X: how much the label counts (consensus confidence); absent = all 1. */
  weights?: Float64Array;
  /** Held-out splits to score (row indices); the first gives the model's own metrics. */
  splits: { train: Int32Array; test: Int32Array }[];
}

/** What the worker answers. */
export interface ForestAnswer {
  json: string;
  probsAll: Float32Array;
  /** Per split: test × K probabilities of the model fitted on its training side. */
  testProbs: Float64Array[];
  importance: Float64Array;
  trainMs: number;
  /** The served model's embedding of every window (float32, N × input width): what k-center diversity runs on until the windows change. */
  embedding: Float32Array;
  cols: number;
}

const job = workerData as ForestJob;
// Every window of the project is in `features`, so each station's reference is all of its windows.
const all = withStationContext({ data: job.features, rows: job.stations.length, cols: FEATURES.length }, job.stations);
const X = takeRows(all, job.labeled).data;
const cols = all.cols;
const t0 = performance.now();
const testProbs = job.splits.map((s) =>
  fitProjectForest(X, cols, job.y, job.classes, job.seed, s.train, job.weights).predictProba(featureRows(X, cols, s.test)));
const model = fitProjectForest(X, cols, job.y, job.classes, job.seed, undefined, job.weights);
const trainMs = performance.now() - t0;
const json = JSON.stringify(model.toJSON());
// A served model must load back identically: check once here rather than find out later.
featureModelFromJSON(JSON.parse(json));
const probsAll = Float32Array.from(model.predictProba(all));
// Made here, off the host's thread, rather than by the first batch after this retrain.
const embedding = Float32Array.from(model.embed(all));
const answer: ForestAnswer = { json, probsAll, testProbs, importance: model.featureImportance(), trainMs, embedding, cols };
parentPort!.postMessage(answer, [probsAll.buffer as ArrayBuffer, embedding.buffer as ArrayBuffer]);
