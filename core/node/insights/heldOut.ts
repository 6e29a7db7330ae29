// The held-out test split of a stored model version, window by window: which test windows
// were of true class t and predicted as p. The model record keeps the training set (all
// labeled window ids in training order, and the test ids) but only the aggregate metrics,
// so the evaluation model is re-fitted deterministically (same rows, labels, seed) and its
// confusion matrix is checked against the stored one before anything is shown.
import { CoreError } from '../../common/errors.js';
import { argmaxRows } from '../../common/ml/matrix.js';
import { classificationReport, type ClassificationReport } from '../../common/ml/metrics.js';
import { FEATURE_SET, loadModelInputs } from '../store/features.js';
import type { ReadableDb } from '../store/db.js';
import type { ModelRecord } from '../store/models.js';
import { startWorker } from '../workers.js';
import type { HeldOutAnswer, HeldOutJob } from './heldOutWorker.js';

/** The test windows of a model with truth and prediction (class indices into model.classIds). */
export interface HeldOut {
  testIds: number[];
  truth: Int32Array;
  pred: Int32Array;
  /** test × K probabilities, when known. */
  probs: Float64Array | null;
  /** Permutation importance on the test windows (feature models only). */
  permutation: { baseline: number; mean: Float64Array; std: Float64Array } | null;
  /** Whether the recomputed confusion matrix equals the stored one. */
  reproduced: boolean;
  note: string;
}

/**
 * The class of each window as it was at time `at` (label events are append-only, so the
 * log replayed up to then gives it): the latest class verdict not undone by then, or null.
 */
export function labelsAt(db: ReadableDb, at: number): Map<number, number | null> {
  const rows = db.prepare('SELECT id, window_id, kind, class_id, undoes FROM label_events WHERE created_at <= ? ORDER BY id').all(at) as
    { id: number; window_id: number; kind: string; class_id: number | null; undoes: number | null }[];
  const active = new Map<number, { id: number; classId: number | null }[]>();
  const windowOf = new Map<number, number>();
  for (const r of rows) {
    if (r.kind === 'undo') {
      const w = windowOf.get(r.undoes!);
      if (w === undefined) continue;
      const list = active.get(w)!;
      const i = list.findIndex((e) => e.id === r.undoes);
      if (i >= 0) list.splice(i, 1);
      continue;
    }
    windowOf.set(r.id, r.window_id);
    const list = active.get(r.window_id) ?? [];
    list.push({ id: r.id, classId: r.kind === 'class' ? r.class_id : null });
    active.set(r.window_id, list);
  }
  const out = new Map<number, number | null>();
  for (const [w, list] of active) if (list.length) out.set(w, list[list.length - 1]!.classId);
  return out;
}


/** Test windows per confusion cell: cells[t][p] lists the positions (into testIds) with truth t and prediction p. */
export function confusionCells(truth: ArrayLike<number>, pred: ArrayLike<number>, K: number): number[][][] {
  if (truth.length !== pred.length) throw new RangeError(`${truth.length} truths but ${pred.length} predictions`);
  const cells = Array.from({ length: K }, () => Array.from({ length: K }, () => [] as number[]));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = pred[i]!;
    if (t >= 0 && t < K && p >= 0 && p < K) cells[t]![p]!.push(i);
  }
  return cells;
}

const sameConfusion = (a: number[][], b: number[][]) => a.length === b.length && a.every((row, t) => row.length === b[t]!.length && row.every((v, p) => v === b[t]![p]));

const runWorker = (job: HeldOutJob) =>
  new Promise<HeldOutAnswer>((resolve, reject) => {
    const w = startWorker(new URL('./heldOutWorker.js', import.meta.url), { workerData: job });
    w.once('message', (m: HeldOutAnswer) => { void w.terminate(); resolve(m); });
    w.once('error', reject);
  });

// Model versions never change, so their held-out details are computed once per session.
const cache = new WeakMap<ReadableDb, Map<string, Promise<HeldOut>>>();
const CACHE_SIZE = 8;

/** The held-out details of a model (computed in a worker, then cached). */
export function heldOut(db: ReadableDb, m: ModelRecord, opts: { repeats?: number; seed?: number } = {}): Promise<HeldOut> {
  const key = `${m.id}:${opts.repeats ?? 5}:${opts.seed ?? 0}`;
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  let p = perDb.get(key);
  if (!p) {
    p = computeHeldOut(db, m, opts.repeats ?? 5, opts.seed ?? 0);
    perDb.set(key, p);
    // A failure is not cached: the next request tries again.
    p.catch(() => perDb.delete(key));
    if (perDb.size > CACHE_SIZE) perDb.delete(perDb.keys().next().value!);
  }
  return p;
}

async function computeHeldOut(db: ReadableDb, m: ModelRecord, repeats: number, seed: number): Promise<HeldOut> {
  const K = m.classIds.length;
  const testIds = m.trainingSet.test;
  const stored = (m.metrics as { test?: ClassificationReport | null }).test ?? null;
  const none = (note: string): HeldOut => ({ testIds, truth: new Int32Array(0), pred: new Int32Array(0), probs: null, permutation: null, reproduced: false, note });
  if (!testIds.length || !stored) return none('this model has no held-out test windows (too few labels or groups when it was trained)');
  // The labels the model learned from, as stored with it; older models only via the log.
  const storedLabels = m.trainingSet.labels;
  const at = storedLabels && storedLabels.length === m.trainingSet.train.length
    ? new Map(m.trainingSet.train.map((w, i) => [w, storedLabels[i]!] as const))
    : labelsAt(db, m.createdAt);
  const classIndex = (w: number) => { const c = at.get(w); return c == null ? -1 : m.classIds.indexOf(c); };
  const truth = Int32Array.from(testIds, classIndex);

  // Networks and other backends may store their test predictions (aligned with the test ids).
  const given = (m.metrics as { testPredicted?: number[] }).testPredicted;
  if (m.kind !== 'forest') {
    if (!given || given.length !== testIds.length) return none(`a ${m.kind} model does not store its per-window test predictions`);
    const pred = Int32Array.from(given);
    const reproduced = sameConfusion(classificationReport(truth.map((t) => Math.max(0, t)), pred, K).confusion, stored.confusion) && !truth.includes(-1);
    return { testIds, truth, pred, probs: null, permutation: null, reproduced, note: 'test predictions stored with the model' };
  }
  if (m.featureSet !== FEATURE_SET) return none(`the model was trained on feature set ${m.featureSet}; this version computes ${FEATURE_SET}`);
  const ids = m.trainingSet.train;
  const y = Int32Array.from(ids, classIndex);
  if (y.includes(-1)) throw new CoreError('internal', `model ${m.id}: the labels it was trained on cannot be recovered from the label log`);
  const isTest = new Set(testIds);
  const pos = new Map(ids.map((w, i) => [w, i]));
  const trainIdx = Int32Array.from(ids.map((_, i) => i).filter((i) => !isTest.has(ids[i]!)));
  const testIdx = Int32Array.from(testIds, (w) => pos.get(w) ?? -1);
  if (testIdx.includes(-1)) throw new CoreError('internal', `model ${m.id}: test windows missing from its training set`);
  // The same inputs as the training worker had (features + station context).
  const X = loadModelInputs(db, ids);
  const weights = m.trainingSet.weights ? Float64Array.from(m.trainingSet.weights) : undefined;
  const a = await runWorker({ X: X.data as Float64Array, cols: X.cols, y, classes: K, seed: m.seed, trainIdx, testIdx, repeats, permutationSeed: seed, weights });
  const pred = argmaxRows(a.testProbs, K);
  const reproduced = sameConfusion(classificationReport(truth, pred, K).confusion, stored.confusion);
  return {
    testIds, truth, pred, probs: a.testProbs, permutation: { baseline: a.baseline, mean: a.mean, std: a.std }, reproduced,
    note: reproduced
      ? 'evaluation model re-fitted on the stored training split; its confusion matrix equals the stored one'
      : 'the re-fitted evaluation model does not reproduce the stored confusion matrix (labels changed while it trained?); the windows shown are from the re-fit',
  };
}
