// Training a model on the project's labels: features cached for every window, a grouped
// train/test split for honest metrics, training in a worker thread, and a stored model
// version with its predictions for every window.
import { CoreError } from '../../common/errors.js';
import { FEATURES } from '../../common/features/index.js';
import { foldToFeatures } from '../../common/features/stationContext.js';
import { argmaxRows } from '../../common/ml/matrix.js';
import { classificationReport } from '../../common/ml/metrics.js';
import { repeatedGroupSplits, repeatedScores } from '../../common/ml/repeatedSplits.js';
import { computeAndStoreFeatures, FEATURE_SET, loadFeatures, missingFeatures, stationKeysOf } from '../store/features.js';
import { getModel, saveInFile, type ModelRecord, type ModelSaver } from '../store/models.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, type TaskContext, yieldToLoop } from '../tasks.js';
import { startWorker } from '../workers.js';
import { agreementWithPrevious } from './stability.js';
import type { ForestAnswer, ForestJob } from './forestWorker.js';
import { primeForestEmbedding } from './forestEmbeddings.js';

export const FOREST_BACKEND = 'seislabel forest (TypeScript, worker thread)';
/** Grouped splits scored per feature model: enough to show the spread, cheap enough to run on every retrain. */
export const SPLIT_REPEATS = 5;

/** Computes missing features in chunks, yielding between them and honouring cancel. */
export async function ensureFeatures(store: ProjectStore, ctx: TaskContext, ids = store.windowIds()): Promise<void> {
  const missing = missingFeatures(store.db, ids);
  const chunk = 100;
  for (let i = 0; i < missing.length; i += chunk) {
    throwIfCancelled(ctx.signal);
    computeAndStoreFeatures(store.db, missing.slice(i, i + chunk));
    ctx.progress(Math.min(i + chunk, missing.length), missing.length, `computing features (${Math.min(i + chunk, missing.length)} of ${missing.length} windows)`);
    await yieldToLoop();
  }
}

/**
 * The labeled training set: windows whose consensus is a class, the classes in use, and
 * each window's weight — the consensus confidence, so a 2-to-1 split counts less than a
 * unanimous or gold label.
 */
export function trainingSet(store: ProjectStore) {
  const labels = store.allCurrentLabels();
  const classOrder = store.listClasses().map((c) => c.id);
  const ids: number[] = [];
  const cls: number[] = [];
  const weights: number[] = [];
  for (const [w, l] of labels) {
    if (l.kind !== 'class' || !classOrder.includes(l.classId!)) continue;
    ids.push(w);
    cls.push(l.classId!);
    weights.push(l.consensus?.confidence ?? 1);
  }
  const classIds = classOrder.filter((c) => cls.includes(c));
  return { ids, y: Int32Array.from(cls, (c) => classIds.indexOf(c)), classIds, weights: Float64Array.from(weights), labels: cls };
}

const runForest = (job: ForestJob, signal: AbortSignal) =>
  new Promise<ForestAnswer>((resolve, reject) => {
    // A listener added to an already aborted signal never fires.
    if (signal.aborted) { reject(new CoreError('cancelled', 'cancelled by the user')); return; }
    const w = startWorker(new URL('./forestWorker.js', import.meta.url), { workerData: job });
    const onAbort = () => void w.terminate().then(() => reject(new CoreError('cancelled', 'cancelled by the user')));
    signal.addEventListener('abort', onAbort, { once: true });
    w.once('message', (m: ForestAnswer) => { signal.removeEventListener('abort', onAbort); void w.terminate(); resolve(m); });
    w.once('error', (e) => { signal.removeEventListener('abort', onAbort); reject(e); });
  });

/** Trains the feature model on the current labels and stores it as the newest version. */
export async function trainForest(store: ProjectStore, ctx: TaskContext, seed = 0, save: ModelSaver = saveInFile(store.db)): Promise<ModelRecord> {
  const { ids, y, classIds, weights, labels } = trainingSet(store);
  if (classIds.length < 2) throw new CoreError('invalid_input', 'label windows of at least two classes before training a model');
  // All ones (one person, or everyone agreeing) train exactly as an unweighted forest does.
  const weighted = weights.some((w) => w !== 1);
  const all = store.windowIds();
  await ensureFeatures(store, ctx, all);
  throwIfCancelled(ctx.signal);
  ctx.progress(0, 1, `training on ${ids.length} labels`);
  const keys = store.groupKeys();
  const groups = ids.map((id) => keys.get(id) || String(id));
  // A held-out test split needs enough labels and groups to mean anything.
  const canTest = ids.length >= 20 && new Set(groups).size >= 5;
  const splits = canTest ? repeatedGroupSplits({ groups, labels: y, testFraction: 0.25, seed, repeats: SPLIT_REPEATS }) : [];
  // Features beside their station context: levels above the station's own noise transfer to
  // stations the labels never came from (stationContext.ts).
  // The worker puts them together (the features and stations are read here, from the file).
  const rowOf = new Map(all.map((id, r) => [id, r]));
  const labeled = Int32Array.from(ids, (id) => {
    const r = rowOf.get(id);
    if (r === undefined) throw new CoreError('not_found', `labeled window ${id} is not among the project's windows`);
    return r;
  });
  const answer = await runForest(
    {
      features: loadFeatures(store.db, all).data as Float64Array, stations: stationKeysOf(store.db, all), labeled,
      y, classes: classIds.length, seed, splits: splits.map(({ train, test }) => ({ train, test })), ...(weighted ? { weights } : {}),
    },
    ctx.signal,
  );
  const K = classIds.length;
  const reports = splits.map((s, i) => ({ seed: s.seed, report: classificationReport(Int32Array.from(s.test, (j) => y[j]!), argmaxRows(answer.testProbs[i]!, K), K) }));
  const split = splits[0] ?? null;
  const test = reports[0]?.report ?? null;
  const agreement = agreementWithPrevious(store, classIds, all, answer.probsAll, new Set(ids));
  const metrics = {
    test,
    repeats: reports.length ? repeatedScores(reports) : null,
    agreementWithPrevious: agreement,
    note: split ? `held-out test: ${split.test.length} windows from groups never seen in training` : 'too few labels or groups for a held-out test yet (needs 20 labels in 5 groups)',
    nTrain: ids.length,
    // A feature and its station-relative copy are one feature to the user.
    importance: Array.from(foldToFeatures(answer.importance), (v, i) => ({ feature: FEATURES[i]!.name, importance: v })),
  };
  // Cancelled after the worker answered: nothing of this model may be stored.
  throwIfCancelled(ctx.signal);
  const id = await save({
    kind: 'forest', backend: FOREST_BACKEND, seed, classIds, featureSet: FEATURE_SET,
    // The labels and weights it learned from: with several people they are a consensus the
    // label log alone cannot give back, and the dashboard's re-fit needs them.
    trainingSet: { train: ids, validation: [], test: split ? Array.from(split.test, (i) => ids[i]!) : [], labels, ...(weighted ? { weights: Array.from(weights) } : {}) },
    metrics, trainMs: answer.trainMs, params: new TextEncoder().encode(answer.json),
  }, { windowIds: all, probs: answer.probsAll });
  primeForestEmbedding(store.db, id, all, answer.embedding, answer.cols);
  ctx.progress(1, 1, 'model stored');
  return getModel(store.db, id)!;
}

