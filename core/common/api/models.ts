import { z } from 'zod';
import { Empty, Id, method } from './define.js';

const StrategyName = z.enum(['random', 'entropy', 'margin', 'leastConfidence', 'kCenterGreedy', 'clusterSampling', 'hybrid', 'coldStart']);

export const ModelSchema = z.object({
  id: z.number(),
  kind: z.string(),
  backend: z.string(),
  createdAt: z.number(),
  seed: z.number(),
  classIds: z.array(z.number()),
  featureSet: z.string(),
  nTrain: z.number(),
  trainMs: z.number(),
  macroF1: z.number().nullable(),
  accuracy: z.number().nullable(),
  /**
   * How far the macro-F1 could move with other held-out groups: lowest to highest over
   * repeated grouped splits (feature models), or the 5th–95th percentile of a bootstrap of
   * the test groups (networks); null without a held-out test.
   */
  macroF1Spread: z.object({ mean: z.number(), sd: z.number(), lo: z.number(), hi: z.number(), n: z.number(), method: z.enum(['splits', 'bootstrap']) }).nullable(),
});

/** The model that serves the queue (serving.ts) and why. */
export const ServingSchema = z.object({
  kind: z.enum(['forest', 'cnn', 'ensemble']),
  forestId: z.number().nullable(),
  cnnId: z.number().nullable(),
  scores: z.object({ forest: z.number(), cnn: z.number(), ensemble: z.number() }).nullable(),
  nTest: z.number(),
  reason: z.string(),
});

export const modelsApi = {
  'models.serving': method(
    'Which model serves the queue — feature forest, CNN or their average — chosen by macro-F1 on held-out windows, and why (null before any model).',
    Empty,
    ServingSchema.nullable(),
  ),
  'models.train': method(
    'Train a model on the current labels in the background: the feature model (seconds) or the 1-D CNN on waveforms (minutes).',
    z.object({ kind: z.enum(['forest', 'cnn']).default('forest'), seed: z.number().int().nonnegative().default(0) }),
    z.object({ taskId: z.string() }),
  ),
  'models.list': method('Model versions, newest first, with their backend and held-out scores.', Empty, z.array(ModelSchema)),
  'models.metrics': method(
    'Metrics of a model version (newest by default): per-class scores, confusion matrix, feature importance.',
    z.object({ id: Id.optional() }),
    z.object({ model: ModelSchema, metrics: z.unknown() }).nullable(),
  ),
  'models.import': method(
    "Import a model exported from another project (feature model .json; CNN model.json + weights.bin, or the .tar the app downloads) as this project's newest version, scoring every window; refused when its classes, features or format do not fit.",
    z.object({ paths: z.array(z.string().min(1)).min(1).max(4) }),
    z.object({ taskId: z.string() }),
  ),
  'models.tfjs': method(
    "The CNN (the newest, or version id) in TensorFlow.js' layers format as one message — model.json's text and weights.bin in base64 — for running it in the page (this computer's GPU through WebGPU).",
    z.object({ id: Id.optional() }),
    z.object({ modelId: z.number(), modelJson: z.string(), weightsBase64: z.string() }),
  ),
  'predictions.forWindows': method(
    "The newest model's (or model version modelId's) class probabilities for some windows; only the newest model of each kind keeps them for every window.",
    z.object({ windowIds: z.array(Id).max(10_000), modelId: Id.optional() }),
    z.object({ modelId: z.number().nullable(), classIds: z.array(z.number()), probs: z.array(z.array(z.number()).nullable()) }),
  ),
};

export const alApi = {
  'al.strategies': method(
    'The query strategies, with a one-line description and what each needs.',
    Empty,
    z.array(z.object({ name: StrategyName, description: z.string(), needs: z.array(z.string()), score: z.string() })),
  ),
  'al.nextBatch': method(
    'Choose the next windows to label with a strategy (from the newest model; cold start before any model).',
    z.object({
      strategy: StrategyName.default('hybrid'), batchSize: z.number().int().min(1).max(1000).default(20), seed: z.number().int().nonnegative().default(0),
      /** The owner's chosen annotator, whose judged windows are left out; an invited person always gets their own queue. */
      annotatorId: Id.optional(),
    }),
    z.object({ batchId: z.number(), strategy: StrategyName, requested: StrategyName, modelId: z.number().nullable(), windowIds: z.array(z.number()), scores: z.array(z.number()), note: z.string(), serving: ServingSchema.nullable() }),
  ),
  'al.reasons': method(
    'Why windows were queued: strategy, score and model version of the batch that chose them.',
    z.object({ windowIds: z.array(Id).max(10_000) }),
    z.array(z.object({ windowId: z.number(), batchId: z.number(), strategy: z.string(), score: z.number(), modelId: z.number().nullable(), createdAt: z.number() })),
  ),
  'al.stoppingHint': method(
    'Whether successive model versions still change their predictions on the unlabeled windows (a hint that more labels may not help).',
    Empty,
    z.object({
      stop: z.boolean(),
      reason: z.string(),
      rounds: z.array(z.object({ modelId: z.number(), agreement: z.number(), kappa: z.number(), n: z.number() })),
    }),
  ),
  'al.settings': method(
    'Read or change when the model retrains: after every N new labels (0 = only on request).',
    z.object({ retrainEvery: z.number().int().min(0).max(10_000).optional() }),
    z.object({
      retrainEvery: z.number(),
      /** On a team host: whether this host trains the team's models, and which host does (null: none right now). Null on a single-file host. */
      trainer: z.object({ here: z.boolean(), host: z.string().nullable() }).nullable(),
    }),
  ),
};

