// The model that serves the queue: the newest feature forest, the newest CNN, or their
// average, chosen by macro-F1 on the CNN's held-out test windows (groups neither saw), with a
// forest fitted on the CNN's own training windows so both are judged on the same footing.
// The choice also gives the representation k-center diversity runs on: the forest's rank
// embedding, or the CNN's activations.
import { chooseServing, type ServingKind } from '../../common/ml/servingChoice.js';
import { trainFeatureModel } from '../../common/ml/featureModel.js';
import type { Matrix } from '../../common/ml/matrix.js';
import { newestFeatureModel, servedModel } from '../insights/explainWindow.js';
import type { ReadableDb } from '../store/db.js';
import { loadInputsFor, loadModelInputs } from '../store/features.js';
import { getModel, modelParams, type ModelRecord } from '../store/models.js';
import type { ProjectStore } from '../store/project.js';
import { blobToF32 } from '../store/samples.js';
import { CnnModel } from './cnn/model.js';
import { cnnInput } from './projectCnn.js';
import { trainingSet } from './projectModels.js';
import { forestEmbeddings, forestKey } from './forestEmbeddings.js';


/**
 * How much better on the held-out windows the CNN or the average must be to replace the
 * forest. On the noise/P/S development set (20 seeds, by source) the average lost to the forest
 * on 14 seeds and won on 3 (full pool 0.874 against 0.920); the few dozen held-out windows the
 * app compares on would often pick it by chance at margin 0.
 */
export const SERVING_MARGIN = 0.02;
export interface Serving {
  kind: ServingKind;
  /** The forest and CNN versions involved (null when absent or not used). */
  forestId: number | null;
  cnnId: number | null;
  /** Held-out macro-F1 of each candidate on the same windows, when there was a comparison. */
  scores: Record<ServingKind, number> | null;
  nTest: number;
  /** One sentence for the UI: which model and why. */
  reason: string;
}

const cache = new WeakMap<ReadableDb, Map<string, Serving>>();

/** The newest CNN model, or null. */
function newestCnn(db: ReadableDb): ModelRecord | null {
  const id = db.prepare("SELECT id FROM models WHERE kind = 'cnn' ORDER BY id DESC LIMIT 1").pluck().get() as number | undefined;
  return id === undefined ? null : getModel(db, id);
}

const sameClasses = (a: number[], b: number[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/** Which model serves the queue now (null before any model). Compared once per pair of versions. */
export function servingModel(store: ProjectStore): Serving | null {
  const db = store.db;
  const forest = newestFeatureModel(db);
  const cnn = newestCnn(db);
  if (!forest && !cnn) return null;
  if (!cnn) return { kind: 'forest', forestId: forest!.id, cnnId: null, scores: null, nTest: 0, reason: 'the feature forest serves the queue (no CNN trained)' };
  if (!forest) return { kind: 'cnn', forestId: null, cnnId: cnn.id, scores: null, nTest: 0, reason: 'the CNN serves the queue (no feature forest trained)' };
  const key = `${forest.id}:${cnn.id}`;
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const hit = perDb.get(key);
  if (hit) return hit;
  const s = compare(store, forest, cnn);
  perDb.set(key, s);
  return s;
}

function compare(store: ProjectStore, forest: ModelRecord, cnn: ModelRecord): Serving {
  const base = { forestId: forest.id, cnnId: cnn.id };
  const keep = (why: string): Serving => ({ kind: 'forest', ...base, scores: null, nTest: 0, reason: `the feature forest serves the queue: ${why}` });
  if (!sameClasses(forest.classIds, cnn.classIds)) return keep('the CNN was trained on other classes');
  const testProbs = (cnn.metrics as { testProbs?: number[] }).testProbs;
  if (!cnn.trainingSet.test.length || !testProbs) return keep('the CNN has no held-out test to compare on yet');
  // Today's labels of the CNN's windows: a window relabeled since counts with its new class.
  const { ids, y } = trainingSet(store);
  const label = new Map(ids.map((id, i) => [id, y[i]!]));
  const K = cnn.classIds.length;
  const testAt = cnn.trainingSet.test.map((w, i) => [w, i] as const).filter(([w]) => label.has(w));
  const train = [...cnn.trainingSet.train, ...cnn.trainingSet.validation].filter((w) => label.has(w));
  if (testAt.length < 5 || new Set(train.map((w) => label.get(w))).size < 2) return keep('too few of the CNN’s test windows still carry a label');
  const X = loadModelInputs(store.db, train);
  const fitted = trainFeatureModel({ data: X.data as Float64Array, rows: X.rows, cols: X.cols }, Int32Array.from(train, (w) => label.get(w)!), { classes: K, seed: forest.seed, classWeights: 'balanced' });
  const T = loadModelInputs(store.db, testAt.map(([w]) => w));
  const forestProbs = fitted.predictProba({ data: T.data as Float64Array, rows: T.rows, cols: T.cols });
  const cnnProbs = Float64Array.from({ length: testAt.length * K }, (_, j) => testProbs[testAt[Math.floor(j / K)]![1] * K + (j % K)]!);
  const c = chooseServing(forestProbs, cnnProbs, testAt.map(([w]) => label.get(w)!), K, SERVING_MARGIN);
  const name = { forest: 'the feature forest', cnn: 'the CNN', ensemble: 'the average of forest and CNN' }[c.kind];
  const f = (k: ServingKind) => c.scores[k].toFixed(2);
  return {
    kind: c.kind, ...base, scores: c.scores, nTest: c.nTest,
    reason: `${name} serves the queue: macro-F1 on ${c.nTest} held-out windows forest ${f('forest')}, CNN ${f('cnn')}, average ${f('ensemble')} (another model replaces the forest when it is ${SERVING_MARGIN} better)`,
  };
}

/** Stored predictions of one model version for windows (null where none is stored). */
function predictionsOf(db: ReadableDb, modelId: number, windowIds: number[]): (Float32Array | null)[] {
  const get = db.prepare('SELECT probs FROM predictions WHERE window_id = ? AND model_id = ?').pluck();
  return windowIds.map((w) => { const b = get.get(w, modelId) as Buffer | undefined; return b ? blobToF32(b) : null; });
}

/** The serving model's probabilities for windows (the average for the ensemble); null where a model has none. */
export function servingProbs(db: ReadableDb, s: Serving, windowIds: number[]): (Float32Array | null)[] {
  if (s.kind === 'forest') return predictionsOf(db, s.forestId!, windowIds);
  if (s.kind === 'cnn') return predictionsOf(db, s.cnnId!, windowIds);
  const a = predictionsOf(db, s.forestId!, windowIds);
  const b = predictionsOf(db, s.cnnId!, windowIds);
  return a.map((p, i) => (p && b[i] ? p.map((v, k) => 0.5 * (v + b[i]![k]!)) : null));
}

const cnnEmbeddings = new WeakMap<ReadableDb, { key: string; data: Float32Array; cols: number }>();


/**
 * The representation k-center diversity runs on: the forest's importance-weighted rank
 * embedding of its inputs (forest and ensemble: the forest half is refitted after every few
 * labels), or the CNN's last hidden activations.
 */
export async function servingEmbedding(store: ProjectStore, s: Serving, windowIds: number[]): Promise<Matrix> {
  const db = store.db;
  if (s.kind !== 'cnn') {
    // Every batch (each volunteer's too) asks for the embedding of every window; it changes only
    // with the forest or the windows (forestEmbeddings.ts). At 20,000 windows the inputs (floors
    // and station ranks) and the embedding took 1.7 s of the host's thread per batch. Kept as
    // float32 (half the memory; k-center reads it the same way on every call).
    const key = forestKey(s.forestId!, windowIds);
    const hit = forestEmbeddings.get(db);
    if (hit && hit.key === key) return { data: hit.data, rows: windowIds.length, cols: hit.cols };
    const { model } = servedModel(db, s.forestId!);
    const X = loadInputsFor(db, windowIds, model.features);
    const data = Float32Array.from(model.embed({ data: X.data as Float64Array, rows: X.rows, cols: X.cols }));
    forestEmbeddings.set(db, { key, data, cols: model.features });
    return { data, rows: windowIds.length, cols: model.features };
  }
  const key = `${s.cnnId}:${windowIds.join(',')}`;
  const hit = cnnEmbeddings.get(db);
  if (hit && hit.key === key) return { data: hit.data, rows: windowIds.length, cols: hit.cols };
  const params = modelParams(db, s.cnnId!);
  const jsonLength = params.readUInt32LE(0);
  const model = await CnnModel.load({ json: params.subarray(4, 4 + jsonLength).toString('utf8'), weights: new Uint8Array(params.subarray(4 + jsonLength)) });
  try {
    const parts: Float32Array[] = [];
    for (let i = 0; i < windowIds.length; i += 256) {
      parts.push(await model.embed(windowIds.slice(i, i + 256).map((id) => { const w = store.loadWindow(id); return cnnInput(w.channels, w.data); })));
    }
    const data = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { data.set(p, at); at += p.length; }
    const cols = windowIds.length ? data.length / windowIds.length : 0;
    cnnEmbeddings.set(db, { key, data, cols });
    return { data, rows: windowIds.length, cols };
  } finally {
    model.dispose();
  }
}
