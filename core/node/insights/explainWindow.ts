// Why the newest feature model predicts what it does for one window: the model's path
// attribution (FeatureModel.explain) for the window's features, put into words with the
// window's rank among the training windows on each feature.
import { FEATURES } from '../../common/features/index.js';
import { foldToFeatures } from '../../common/features/stationContext.js';
import { describeExplanation, featureLabel } from '../../common/ml/explainText.js';
import { featureModelFromJSON, type FeatureModel, type FeatureModelJSON } from '../../common/ml/featureModel.js';
import { rankOf } from '../../common/ml/featureModelBins.js';
import { computeAndStoreFeatures, FEATURE_SET, loadInputsFor, missingFeatures } from '../store/features.js';
import type { ReadableDb } from '../store/db.js';
import { getModel, modelParams, type ModelRecord } from '../store/models.js';
import type { ProjectStore } from '../store/project.js';

interface Served { model: FeatureModel; cuts: Float64Array[] }

// Parsing a forest's JSON takes longer than explaining a window: keep the last few models.
const served = new WeakMap<ReadableDb, Map<number, Served>>();

/** The stored (served) feature model of a version, parsed once. */
export function servedModel(db: ReadableDb, id: number): Served {
  let perDb = served.get(db);
  if (!perDb) served.set(db, (perDb = new Map()));
  let s = perDb.get(id);
  if (!s) {
    const json = JSON.parse(modelParams(db, id).toString('utf8')) as FeatureModelJSON;
    s = { model: featureModelFromJSON(json), cuts: json.cuts.map((c) => Float64Array.from(c, Number)) };
    perDb.set(id, s);
    if (perDb.size > 4) perDb.delete(perDb.keys().next().value!);
  }
  return s;
}

/** The newest model of the feature-forest kind, or null. */
export function newestFeatureModel(db: ReadableDb): ModelRecord | null {
  const id = db.prepare("SELECT id FROM models WHERE kind = 'forest' AND feature_set = ? ORDER BY id DESC LIMIT 1").pluck().get(FEATURE_SET) as number | undefined;
  return id === undefined ? null : getModel(db, id);
}

/** Explanation of one window by a feature model. */
export function explainWindow(store: ProjectStore, m: ModelRecord, windowId: number, top: number) {
  const db = store.db;
  // Windows imported after the last training have no cached features yet.
  if (missingFeatures(db, [windowId]).length) computeAndStoreFeatures(db, [windowId]);
  const { model, cuts } = servedModel(db, m.id);
  // The model's inputs (features, then station-relative levels); the explanation folds a
  // feature and its station-relative copy into one and describes the window's own value.
  const input = loadInputsFor(db, [windowId], model.features).data as Float64Array;
  const x = input.subarray(0, FEATURES.length);
  const probs = model.predictProba({ data: input, rows: 1, cols: input.length });
  const raw = model.explain(input);
  const W = model.features;
  const contributions = new Float64Array(m.classIds.length * FEATURES.length);
  for (let k = 0; k < m.classIds.length; k++) contributions.set(foldToFeatures(raw.subarray(k * W, (k + 1) * W)), k * FEATURES.length);
  const classes = store.listClasses();
  const refs = m.classIds.map((id) => { const c = classes.find((k) => k.id === id); return { id, name: c?.name ?? `class ${id}`, colour: c?.colour ?? '#888888' }; });
  const ranks = FEATURES.map((_, j) => rankOf(cuts[j]!, x[j]!));
  const text = describeExplanation({ classNames: refs.map((r) => r.name), probs, contributions, values: x, ranks, features: FEATURES, top });
  const K = m.classIds.length;
  const F = FEATURES.length;
  return {
    modelId: m.id,
    classes: refs,
    probs: Array.from(probs),
    bias: Array.from(model.bias()),
    predicted: text.predicted,
    headline: text.headline,
    items: text.items.map((it) => ({
      name: it.name, label: featureLabel(it.name), description: it.description, unit: FEATURES[it.feature]!.unit,
      value: Number.isFinite(it.value) ? it.value : null, rank: it.rank, contribution: it.contribution,
      perClass: Array.from({ length: K }, (_, k) => contributions[k * F + it.feature]!), level: it.level, phrase: it.phrase,
    })),
    note: 'Contributions follow each tree from its root to the window’s leaf and credit every change of the class probabilities to the feature split on; they add up to the probability. Correlated features share credit: which of two similar features gets it is partly chance.',
  };
}
