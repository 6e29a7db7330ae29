// Models out and in, the feature model: a versioned, self-describing JSON document — the
// classes by name, the features by name with their normalisation (the bin edges the forest
// splits on), the trees, and where the model came from. Another project (or a script) reads
// it without Seislabel's database. Every field of a file is checked before any of it is
// used: a file is untrusted, and a forest with a child pointing backwards would loop forever.
import { z } from 'zod';
import { featureModelFromJSON, type FeatureModel, type FeatureModelJSON } from './featureModel.js';

/** The `format` of every Seislabel model document (the CNN's lives in model.json's userDefinedMetadata). */
export const MODEL_FORMAT = 'seislabel-model';
/** Version written and the newest one read; bump it when a reader of version 1 would misread a file. */
export const MODEL_VERSION = 1;

/** Where a model came from. */
export const ProvenanceSchema = z.object({
  project: z.string(),
  modelId: z.number().int(),
  trainedAt: z.string(),
  exportedAt: z.string(),
  /** Labeled windows it was trained on, and how many of each class. */
  labelCount: z.number().int().nonnegative(),
  labelsPerClass: z.record(z.string(), z.number().int().nonnegative()),
  seed: z.number().int(),
  backend: z.string(),
  /** Held-out macro-F1 in its own project (null without a held-out test). */
  heldOutMacroF1: z.number().nullable(),
  generatedBy: z.string(),
});
export type ModelProvenance = z.infer<typeof ProvenanceSchema>;

const Cut = z.union([z.number(), z.enum(['Infinity', '-Infinity'])]);

export const FeatureModelDocSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  kind: z.literal('feature-forest'),
  /** Output order of the probabilities. */
  classes: z.array(z.string().min(1)).min(2),
  /** Name of the feature list the model was trained on (changes whenever the list does). */
  featureSet: z.string().min(1),
  normalisation: z.object({ method: z.literal('quantile-bins'), description: z.string() }),
  /** In model input order. `bins`: ascending edges; a value goes to the number of edges below it (NaN to 0). */
  features: z.array(z.object({ name: z.string().min(1), unit: z.string().optional(), importance: z.number().finite().min(0), bins: z.array(Cut).max(255) })).min(1),
  /** Node arrays of each tree: split feature (−1 = leaf), bin threshold (≤ goes left to node + 1), right child, class distribution (nodes × classes). */
  trees: z.array(z.object({
    feature: z.array(z.number().int()).min(1),
    threshold: z.array(z.number().int().min(0).max(255)),
    right: z.array(z.number().int()),
    value: z.array(z.number().finite().min(0).max(1)),
  })).min(1),
  provenance: ProvenanceSchema,
});
export type FeatureModelDoc = z.infer<typeof FeatureModelDocSchema>;

const NORMALISATION = {
  method: 'quantile-bins' as const,
  description: 'each feature is replaced by its bin index among the training set quantile edges in `bins` (number of edges strictly below the value; NaN → 0; ±Infinity → beyond the last edge); trees split on bin indices',
};

/** The document of a trained feature model. */
export function featureModelDocument(model: FeatureModel, o: { classes: string[]; featureSet: string; features: { name: string; unit?: string }[]; provenance: ModelProvenance }): FeatureModelDoc {
  const json = model.toJSON();
  if (o.classes.length !== json.classes) throw new Error(`${o.classes.length} class names for a model of ${json.classes} classes`);
  if (o.features.length !== json.features) throw new Error(`${o.features.length} feature names for a model of ${json.features} features`);
  return {
    format: MODEL_FORMAT, version: MODEL_VERSION, kind: 'feature-forest',
    classes: o.classes, featureSet: o.featureSet, normalisation: NORMALISATION,
    features: o.features.map((f, i) => ({ name: f.name, ...(f.unit ? { unit: f.unit } : {}), importance: json.importance[i]!, bins: json.cuts[i]! as FeatureModelDoc['features'][number]['bins'] })),
    trees: json.trees,
    provenance: o.provenance,
  };
}

/** A zod error as one line: the first problem's field path and what was wrong. */
export function zodProblem(e: z.ZodError, data: unknown): string {
  const issue = e.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top level)';
  let value: unknown = data;
  for (const p of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[p as PropertyKey] : undefined;
  const shown = value === undefined ? 'missing' : JSON.stringify(value)?.slice(0, 60);
  return `field ${path}: ${issue.message} (value ${shown})`;
}

/** Checks format and version before the schema, so a newer file says so instead of listing fields. */
export function checkFormat(data: unknown, file: string): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file}: not a Seislabel model (the file is not a JSON object)`);
  const d = data as Record<string, unknown>;
  if (d.format !== MODEL_FORMAT) throw new Error(`${file}: not a Seislabel model (field format is ${JSON.stringify(d.format) ?? 'missing'}, expected "${MODEL_FORMAT}")`);
  if (typeof d.version === 'number' && d.version > MODEL_VERSION) throw new Error(`${file}: model format version ${d.version} was written by a newer Seislabel; this one reads version ${MODEL_VERSION}`);
  if (d.version !== MODEL_VERSION) throw new Error(`${file}: field version is ${JSON.stringify(d.version) ?? 'missing'}, expected ${MODEL_VERSION}`);
}

/** Validates a feature model document (any JSON value) and restores the model; errors name the file and field. */
export function readFeatureModelDocument(data: unknown, file: string): { doc: FeatureModelDoc; model: FeatureModel } {
  checkFormat(data, file);
  const parsed = FeatureModelDocSchema.safeParse(data);
  if (!parsed.success) throw new Error(`${file}: ${zodProblem(parsed.error, data)}`);
  const doc = parsed.data;
  const K = doc.classes.length;
  const F = doc.features.length;
  if (new Set(doc.classes).size !== K) throw new Error(`${file}: field classes names a class twice (${doc.classes.join(', ')})`);
  doc.features.forEach((f, i) => {
    const b = f.bins.map(Number);
    for (let j = 1; j < b.length; j++) if (!(b[j]! > b[j - 1]!)) throw new Error(`${file}: field features[${i}].bins (${f.name}) is not strictly ascending at [${j}] (value ${f.bins[j]})`);
  });
  doc.trees.forEach((t, ti) => {
    const n = t.feature.length;
    const at = (field: string, node: number, v: unknown) => new Error(`${file}: field trees[${ti}].${field}[${node}] is invalid (value ${JSON.stringify(v)})`);
    if (t.threshold.length !== n || t.right.length !== n) throw new Error(`${file}: field trees[${ti}]: feature, threshold and right must have the same length (${n}, ${t.threshold.length}, ${t.right.length})`);
    if (t.value.length !== n * K) throw new Error(`${file}: field trees[${ti}].value has ${t.value.length} numbers, expected nodes × classes = ${n * K}`);
    for (let node = 0; node < n; node++) {
      const f = t.feature[node]!;
      if (f < -1 || f >= F) throw at('feature', node, f);
      if (f === -1) continue;
      // Children lie after their parent: prediction walks forward and always ends at a leaf.
      if (node + 1 >= n) throw at('feature', node, f);
      if (!(t.right[node]! > node + 1 && t.right[node]! < n)) throw at('right', node, t.right[node]);
    }
  });
  const json: FeatureModelJSON = {
    kind: 'seislabel.featureForest', version: 1, classes: K, features: F,
    cuts: doc.features.map((f) => f.bins), importance: doc.features.map((f) => f.importance), trees: doc.trees,
  };
  return { doc, model: featureModelFromJSON(json) };
}
