// Training the 1-D CNN on the project's labeled windows: three components in Z, N/1, E/2
// order (absent ones zero), a grouped train/validation/test split, early stopping on the
// validation loss, loss curves stored with the model, and predictions for every window.
import { CoreError } from '../../common/errors.js';
import { cnnInput } from '../../common/ml/cnnInput.js';
import { argmaxRows } from '../../common/ml/matrix.js';
import { classificationReport } from '../../common/ml/metrics.js';
import { groupBootstrap, type ScoreRange } from '../../common/ml/repeatedSplits.js';
import { groupSplit } from '../../common/ml/splits.js';
import { getModel, saveInFile, type ModelRecord, type ModelSaver } from '../store/models.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, type TaskContext, yieldToLoop } from '../tasks.js';
import { CnnModel } from './cnn/model.js';
import { trainingSet } from './projectModels.js';
import { agreementWithPrevious } from './stability.js';

/** Bootstrap draws of the test groups: enough for stable 5th/95th percentiles, milliseconds to score. */
const BOOTSTRAP_RESAMPLES = 500;

// The input preparation is shared with the page (TensorFlow.js on this computer's GPU).
export { cnnInput } from '../../common/ml/cnnInput.js';

/** The CNN input length for a project: the typical window length, a multiple of 32, 64–1280. */
export function cnnLength(nSamples: number[]): number {
  const sorted = [...nSamples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 1250;
  return Math.max(64, Math.min(1280, Math.round(median / 32) * 32));
}

const loadInputs = (store: ProjectStore, ids: number[]) =>
  ids.map((id) => {
    const w = store.loadWindow(id);
    return cnnInput(w.channels, w.data);
  });

/** Trains the CNN on the current labels and stores it as the newest model version. */
export async function trainCnn(store: ProjectStore, ctx: TaskContext, seed = 0, epochs = 40, save: ModelSaver = saveInFile(store.db)): Promise<ModelRecord> {
  const { ids, y, classIds } = trainingSet(store);
  if (classIds.length < 2) throw new CoreError('invalid_input', 'label windows of at least two classes before training a model');
  if (ids.length < 10) throw new CoreError('invalid_input', 'the CNN needs at least 10 labeled windows');
  const keys = store.groupKeys();
  const groups = ids.map((id) => keys.get(id) || String(id));
  const canTest = ids.length >= 30 && new Set(groups).size >= 6;
  const split = groupSplit({ groups, labels: y, fractions: canTest ? { train: 0.7, validation: 0.15, test: 0.15 } : { train: 0.8, validation: 0.2, test: 0 }, seed });
  const X = loadInputs(store, ids);
  const pick = (idx: Int32Array) => ({ X: Array.from(idx, (i) => X[i]!), y: Int32Array.from(idx, (i) => y[i]!) });
  const train = pick(split.train);
  const val = pick(split.validation);
  const length = cnnLength(ids.map((id) => store.loadWindow(id).nSamples));
  const model = new CnnModel({ channels: 3, length });
  const t0 = performance.now();
  const history = await model.fit(train.X, train.y, {
    classes: classIds.length, epochs, batchSize: 32, seed,
    validation: val.X.length ? val : undefined,
    signal: ctx.signal,
    onEpoch: (e, loss, valLoss) => ctx.progress(e + 1, epochs, `CNN epoch ${e + 1}: loss ${loss.toFixed(3)}, validation loss ${valLoss.toFixed(3)}`),
  });
  throwIfCancelled(ctx.signal);
  const trainMs = performance.now() - t0;
  const K = classIds.length;
  let test = null;
  let testPredicted: number[] = [];
  let testProbs: number[] = [];
  let bootstrap: ScoreRange | null = null;
  if (split.test.length) {
    const t = pick(split.test);
    const p = await model.predictProba(t.X);
    // Kept so the forest, the CNN and their average can be compared on these windows (serving.ts).
    testProbs = Array.from(p);
    testPredicted = Array.from(argmaxRows(p, K));
    test = classificationReport(t.y, Int32Array.from(testPredicted), K);
    // Fitting the CNN again per split would take minutes: resample its test groups instead.
    bootstrap = groupBootstrap({ truth: t.y, pred: testPredicted, groups: Array.from(split.test, (i) => groups[i]!), classes: K, resamples: BOOTSTRAP_RESAMPLES, seed });
  }
  const all = store.windowIds();
  const probs = new Float32Array(all.length * K);
  for (let i = 0; i < all.length; i += 256) {
    throwIfCancelled(ctx.signal);
    probs.set(await model.predictProba(loadInputs(store, all.slice(i, i + 256))), i * K);
    ctx.progress(Math.min(i + 256, all.length), all.length, `predicting ${Math.min(i + 256, all.length)} of ${all.length} windows`);
    await yieldToLoop();
  }
  const saved = model.save();
  const backend = history.backend;
  model.dispose();
  const json = new TextEncoder().encode(saved.json);
  const params = new Uint8Array(4 + json.length + saved.weights.length);
  new DataView(params.buffer).setUint32(0, json.length, true);
  params.set(json, 4);
  params.set(saved.weights, 4 + json.length);
  const metrics = {
    test,
    agreementWithPrevious: agreementWithPrevious(store, classIds, all, probs, new Set(ids)),
    testPredicted,
    testProbs,
    bootstrap,
    note: test ? `held-out test: ${split.test.length} windows from groups never seen in training or validation` : 'too few labels or groups for a held-out test yet (needs 30 labels in 6 groups)',
    nTrain: split.train.length,
    curves: history.loss.map((loss, epoch) => ({ epoch: epoch + 1, loss, valLoss: history.valLoss[epoch]! })),
    bestEpoch: history.bestEpoch + 1,
    stopped: history.stopped,
    inputLength: length,
  };
  // Cancelled during the last prediction chunk: nothing of this model may be stored.
  throwIfCancelled(ctx.signal);
  const id = await save({
    kind: 'cnn', backend, seed, classIds, featureSet: '',
    trainingSet: { train: Array.from(split.train, (i) => ids[i]!), validation: Array.from(split.validation, (i) => ids[i]!), test: Array.from(split.test, (i) => ids[i]!) },
    metrics, trainMs, params,
  }, { windowIds: all, probs });
  return getModel(store.db, id)!;
}

