// Insights: what the model dashboard, the feature views and the explanations beside a
// window show. Everything is computed in the core from the stored model versions and the
// cached window features; the renderer only draws.
import { z } from 'zod';
import { Empty, Id, method } from './define.js';
import { ModelSchema } from './models.js';

const Scores = z.object({ precision: z.number(), recall: z.number(), f1: z.number(), jaccard: z.number() });

/** A classification report as stored with a model (see core/common/ml/metrics.ts). */
export const ReportSchema = z.object({
  confusion: z.array(z.array(z.number())),
  accuracy: z.number(),
  perClass: z.array(Scores.extend({ support: z.number(), predicted: z.number() })),
  macro: Scores,
  /** Classes (indices) with no held-out window, left out of the macro averages. */
  leftOut: z.array(z.number()),
  weightedF1: z.number(),
  n: z.number(),
});

const SpreadSchema = z.object({ mean: z.number(), sd: z.number(), min: z.number(), max: z.number(), n: z.number() });
const RepeatsSchema = z.object({
  seeds: z.array(z.number()),
  nTest: z.array(z.number()),
  macroF1: SpreadSchema,
  accuracy: SpreadSchema,
  /** Per split: classes with no held-out window. */
  leftOut: z.array(z.array(z.number())),
});

const ClassRef = z.object({ id: z.number(), name: z.string(), colour: z.string() });
const FeatureRef = z.object({ name: z.string(), label: z.string(), description: z.string(), unit: z.string() });

/** One point of a learning curve from `seislabel simulate`. */
const SimCurvePoint = z.object({ labels: z.number(), macroF1: z.number(), accuracy: z.number(), macroF1Std: z.number() });

/** One strategy's outcome in a simulation file (the JSON `seislabel simulate --out` writes). */
export const SimResultSchema = z.object({
  strategy: z.string(),
  model: z.string(),
  classes: z.array(z.string()),
  seeds: z.number(),
  initial: z.number(),
  batch: z.number(),
  budget: z.number(),
  budgetReached: z.number(),
  fullPoolMacroF1: z.number(),
  curve: z.array(SimCurvePoint),
  labelsTo95: z.number().nullable(),
  labelsTo98: z.number().nullable(),
  notes: z.array(z.string()),
});

const SimulationSchema = z.object({
  /** Where the results come from: a file path, "this project's labels", or an uploaded file name. */
  source: z.string(),
  createdAt: z.number().nullable(),
  results: z.array(SimResultSchema),
});

/** Reads a simulation file's JSON: one strategy's result or `{ results: [...] }`. */
export function parseSimulationJson(text: string): z.output<typeof SimResultSchema>[] {
  const raw: unknown = JSON.parse(text);
  const many = z.object({ results: z.array(SimResultSchema) }).safeParse(raw);
  if (many.success) return many.data.results;
  const one = SimResultSchema.safeParse(raw);
  if (one.success) return [one.data];
  throw new Error(`not a simulation result (as written by "seislabel simulate --out"): ${many.error.issues[0]?.message ?? 'unknown shape'}`);
}

const Cell = z.object({ windowId: z.number(), confidence: z.number(), relabeled: z.boolean() });

export const insightsApi = {
  'insights.dashboard': method(
    'Scores of a model version (newest by default) on its held-out test windows, with the windows behind every confusion-matrix cell and its loss curves.',
    z.object({ modelId: Id.optional() }),
    z.object({
      model: ModelSchema,
      classes: z.array(ClassRef),
      report: ReportSchema.nullable(),
      note: z.string(),
      /** Scores over repeated grouped splits (feature models), so one small test set is not read as truth. */
      repeats: RepeatsSchema.nullable(),
      /** Training and validation loss per epoch (networks); null for one-step models. */
      curves: z.array(z.object({ epoch: z.number(), loss: z.number(), valLoss: z.number().nullable() })).nullable(),
      /** cells[t][p]: test windows of true class t predicted as p, least confident first. */
      cells: z.array(z.array(z.array(Cell))).nullable(),
      /** Why the cells are missing, or how they were obtained. */
      cellsNote: z.string(),
    }).nullable(),
  ),
  'insights.labelCost': method(
    "What the labels cost and bought: annotator-hours (time from window shown to verdict) per person and in total, each model version's held-out macro-F1 against labels and hours, and whether more labeling still pays (stopping hint, F1 gained per hour lately).",
    Empty,
    z.object({
      people: z.array(z.object({ annotatorId: z.number(), name: z.string(), labels: z.number(), timedLabels: z.number(), hours: z.number(), medianSeconds: z.number().nullable() })),
      total: z.object({ labels: z.number(), timedLabels: z.number(), hours: z.number() }),
      models: z.array(z.object({
        modelId: z.number(), kind: z.string(), createdAt: z.number(), nTrain: z.number(), macroF1: z.number(), hours: z.number(),
        perPerson: z.array(z.object({ annotatorId: z.number(), hours: z.number(), labels: z.number() })),
      })),
      /** Macro-F1 gained per annotator-hour between the two newest scored versions of the newest kind (null until two exist with hours between them). */
      f1PerHour: z.number().nullable(),
      stopping: z.object({ stop: z.boolean(), reason: z.string() }),
    }),
  ),
  'insights.importance': method(
    "Global importance of each feature for a feature model: the forest's impurity decrease and the permutation importance on the held-out test windows.",
    z.object({ modelId: Id.optional(), repeats: z.number().int().min(1).max(50).default(5), seed: z.number().int().nonnegative().default(0) }),
    z.object({
      modelId: z.number(),
      features: z.array(FeatureRef.extend({ impurity: z.number(), permutation: z.number().nullable(), permutationStd: z.number().nullable() })),
      /** Test macro-F1 before shuffling (null without a held-out test). */
      baseline: z.number().nullable(),
      nTest: z.number(),
      /** Strongly correlated feature pairs (|Spearman| ≥ 0.8 on the labeled windows): they share credit. */
      correlated: z.array(z.object({ a: z.string(), b: z.string(), r: z.number() })),
      note: z.string(),
    }).nullable(),
  ),
  'insights.explain': method(
    "Why the newest feature model predicts what it does for one window: each feature's push on each class, and a sentence in plain words.",
    z.object({ windowId: Id, top: z.number().int().min(1).max(20).default(4) }),
    z.object({
      modelId: z.number(),
      classes: z.array(ClassRef),
      probs: z.array(z.number()),
      /** Probabilities before any feature is looked at (the forest's root); bias + contributions = probs. */
      bias: z.array(z.number()),
      predicted: z.number(),
      headline: z.string(),
      /** Features by size of their push on the predicted class, strongest first. */
      items: z.array(FeatureRef.extend({ value: z.number().nullable(), rank: z.number(), contribution: z.number(), perClass: z.array(z.number()), level: z.string(), phrase: z.string() })),
      note: z.string(),
    }).nullable(),
  ),
  'insights.correlation': method(
    'Correlation matrix of the window features (Pearson or Spearman), on labeled or all windows.',
    z.object({ method: z.enum(['pearson', 'spearman']).default('spearman'), scope: z.enum(['labeled', 'all']).default('all'), maxWindows: z.number().int().min(10).max(100_000).default(20_000) }),
    z.object({ features: z.array(FeatureRef), matrix: z.array(z.array(z.number().nullable())), n: z.number(), sampled: z.boolean() }),
  ),
  'insights.distribution': method(
    "One feature's values per class (plus the unlabeled windows), for histograms and box plots.",
    z.object({ feature: z.string(), maxPerGroup: z.number().int().min(10).max(50_000).default(5000) }),
    z.object({
      feature: FeatureRef,
      groups: z.array(z.object({ classId: z.number().nullable(), name: z.string(), colour: z.string(), values: z.array(z.number()), total: z.number() })),
    }),
  ),
  'insights.separation': method(
    'Features ranked by how well they separate the labeled classes, or k-means clusters of all windows (ANOVA F, η², mutual information).',
    z.object({ by: z.enum(['class', 'cluster']).default('class'), k: z.number().int().min(2).max(20).default(4), seed: z.number().int().nonnegative().default(0), maxWindows: z.number().int().min(10).max(100_000).default(20_000) }),
    z.object({
      by: z.enum(['class', 'cluster']),
      groups: z.array(z.object({ name: z.string(), count: z.number() })),
      ranking: z.array(FeatureRef.extend({ f: z.number(), etaSquared: z.number(), mutualInformation: z.number(), n: z.number() })),
      /** Clusters only: mean adjusted Rand index between k-means runs with other seeds (1 = identical clusters). */
      stability: z.number().nullable(),
      note: z.string(),
    }),
  ),
  'insights.simulation': method(
    "A strategy comparison: read from a file written by `seislabel simulate --out`, or (no path) the last one run on this project's labels.",
    z.object({ path: z.string().min(1).optional() }),
    SimulationSchema.nullable(),
  ),
  'insights.simulate': method(
    "Simulate active learning on this project's own labels in the background: each strategy against random, learning curves on held-out groups.",
    z.object({
      strategies: z.array(z.enum(['random', 'entropy', 'margin', 'leastConfidence', 'kCenterGreedy', 'clusterSampling', 'hybrid', 'coldStart'])).min(1).default(['random', 'entropy', 'hybrid']),
      seeds: z.number().int().min(1).max(20).default(3),
      initial: z.number().int().min(2).default(6),
      batch: z.number().int().min(1).default(6),
      budget: z.number().int().min(2).default(60),
      testFraction: z.number().gt(0).lt(1).default(0.3),
    }),
    z.object({ taskId: z.string() }),
  ),
};
