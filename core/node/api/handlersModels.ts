// Handlers of the models, predictions and active-learning methods.
import { basename } from 'node:path';
import type { Caller, MethodName, Output, ParsedInput } from '../../common/api/index.js';
import { reportFromConfusion, type ClassificationReport } from '../../common/ml/metrics.js';
import { splitsRange, type RepeatedScores, type ScoreRange } from '../../common/ml/repeatedSplits.js';
import { STRATEGIES } from '../../common/ml/strategies.js';
import { WEIGHTS_FILE } from '../../common/ml/tfjsLayers.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import { nextBatch } from '../ml/activeLearning.js';
import { exportModelFiles, importModel, readModelFiles } from '../ml/modelTransfer.js';
import { labelAs, ownAnnotator } from './caller.js';
import { retrainEvery } from '../ml/retrain.js';
import { servingModel } from '../ml/serving.js';
import { projectStoppingHint } from '../ml/stability.js';
import { cnnWeightBytes, getModel, listModels, predictionsFor, queryReasons, type ModelRecord } from '../store/models.js';

type Domain = 'models.train' | 'models.import' | 'models.list' | 'models.metrics' | 'models.serving' | 'models.tfjs' | 'predictions.forWindows' | 'al.strategies' | 'al.nextBatch' | 'al.reasons' | 'al.settings' | 'al.stoppingHint';
/**
 * Weights sent in one `models.tfjs` answer at most (the default CNN has ~80 kB). The answer
 * carries them as base64 (4/3 as many bytes) in one WebSocket message, and the host cuts off a
 * client with more than DEFAULT_LIMITS.maxBuffered (16 MiB) unsent: 16 MiB of weights made a
 * 21 MiB answer and the page's connection was dropped instead of refused.
 */
export const MAX_TFJS_WEIGHTS = 8 * 1024 * 1024;

/** Model `id` named by field `field` of request `method`, or an error naming all three. */
function modelIn(db: Parameters<typeof getModel>[0], method: MethodName, field: string, id: number): ModelRecord {
  try {
    return getModel(db, id)!;
  } catch (e) {
    if (e instanceof CoreError && e.code === 'not_found') throw new CoreError('not_found', `${method}: ${field} ${id}: no model with id ${id} in this project (models.list names them)`);
    throw e;
  }
}

type H<M extends MethodName> = (input: ParsedInput<M>, core: Core, caller: Caller) => Output<M> | Promise<Output<M>>;

/** A model's held-out report, derived again from its stored confusion matrix by the current rules. */
export const storedReport = (m: ModelRecord): ClassificationReport | null => {
  const test = (m.metrics as { test?: { confusion: number[][] } | null }).test;
  return test ? reportFromConfusion(test.confusion) : null;
};

const summary = (m: ModelRecord) => {
  const test = storedReport(m);
  const { repeats, bootstrap } = m.metrics as { repeats?: RepeatedScores | null; bootstrap?: ScoreRange | null };
  return {
    id: m.id, kind: m.kind, backend: m.backend, createdAt: m.createdAt, seed: m.seed, classIds: m.classIds, featureSet: m.featureSet,
    nTrain: m.trainingSet.train.length, trainMs: m.trainMs, macroF1: test?.macro.f1 ?? null, accuracy: test?.accuracy ?? null,
    macroF1Spread: repeats && repeats.macroF1.n > 1 ? splitsRange(repeats.macroF1) : (bootstrap ?? null),
  };
};

export const modelHandlers: { [M in Domain]: H<M> } = {
  'models.train': ({ kind, seed }, core) => ({ taskId: core.retrainer.train(seed, kind) }),
  'models.import': ({ paths }, core) => {
    const store = core.requireProject();
    const task = core.tasks.start('train', `Import a model (${paths.map((p) => basename(p)).join(', ')})`, async (ctx) => {
      const m = await importModel(store, readModelFiles(paths), ctx);
      core.emit('models.changed', { modelId: m.id });
      return { modelId: m.id };
    });
    return { taskId: task.id };
  },
  'models.list': (_i, core) => listModels(core.requireProject().db).map(summary),
  'models.metrics': ({ id }, core) => {
    const m = getModel(core.requireProject().db, id);
    return m ? { model: summary(m), metrics: m.metrics } : null;
  },
  'models.serving': (_i, core) => servingModel(core.requireProject()),
  'models.tfjs': ({ id }, core) => {
    const store = core.requireProject();
    const cnnId = id ?? listModels(store.db).find((m) => m.kind === 'cnn')?.id;
    if (cnnId === undefined) throw new CoreError('not_found', 'the project has no CNN yet: train one ("CNN on waveforms", then "train now") or import one');
    // Kind and size from the record before the export builds the layers files: a large
    // imported CNN (model files up to 256 MB) is refused without copying its weights twice.
    if (modelIn(store.db, 'models.tfjs', 'id', cnnId).kind !== 'cnn') throw new CoreError('invalid_input', `model ${cnnId} is a feature model; only a CNN runs in TensorFlow.js`);
    const stored = cnnWeightBytes(store.db, cnnId);
    if (stored > MAX_TFJS_WEIGHTS) throw new CoreError('invalid_input', `model ${cnnId}: its ${stored} bytes of weights are too many for one message (at most ${MAX_TFJS_WEIGHTS}); export the model instead`);
    const { files } = exportModelFiles(store, cnnId);
    const weights = files.find((f) => f.name === WEIGHTS_FILE)!.bytes;
    if (weights.length > MAX_TFJS_WEIGHTS) throw new CoreError('invalid_input', `model ${cnnId}: its ${weights.length} bytes of weights are too many for one message (at most ${MAX_TFJS_WEIGHTS}); export the model instead`);
    return { modelId: cnnId, modelJson: new TextDecoder().decode(files.find((f) => f.name === 'model.json')!.bytes), weightsBase64: Buffer.from(weights).toString('base64') };
  },
  'predictions.forWindows': ({ windowIds, modelId }, core) => {
    const db = core.requireProject().db;
    if (modelId !== undefined) modelIn(db, 'predictions.forWindows', 'modelId', modelId);
    const p = predictionsFor(db, windowIds, modelId);
    const m = p.modelId === null ? null : getModel(db, p.modelId);
    return { modelId: p.modelId, classIds: m?.classIds ?? [], probs: p.probs.map((x) => (x ? Array.from(x) : null)) };
  },
  'al.strategies': () => STRATEGIES.map(({ name, description, needs, needsOneOf, score }) => ({ name, description, needs: [...needs, ...(needsOneOf ? [needsOneOf.join(' or ')] : [])], score })),
  'al.nextBatch': async (o, core, caller) => {
    const store = core.requireProject();
    const annotatorId = o.annotatorId === undefined && ownAnnotator(caller) === null ? null : labelAs(caller, o.annotatorId);
    const task = core.tasks.start('query', `Choose ${o.batchSize} windows (${o.strategy})`, (ctx) =>
      // Invited people lease what they are handed; volunteers' queues get the project's share of gold windows.
      nextBatch(store, ctx, { ...o, annotatorId, lease: caller.personId !== null, gold: caller.role === 'volunteer' }, core.team ?? core.teamStore()));
    const done = await core.tasks.wait(task.id);
    if (done.status !== 'done') throw new Error(done.message);
    return done.result as Output<'al.nextBatch'>;
  },
  'al.reasons': ({ windowIds }, core) => [...queryReasons(core.requireProject().db, windowIds)].map(([windowId, r]) => ({ windowId, ...r })),
  'al.stoppingHint': (_i, core) => {
    const { stop, reason, rounds } = projectStoppingHint(core.requireProject());
    return { stop, reason, rounds };
  },
  'al.settings': async ({ retrainEvery: v }, core) => {
    const store = core.requireProject();
    // On a team host the setting is the team's: the trainer, whichever host it is, retrains by it.
    if (v !== undefined && core.team) {
      await core.team.store.setRetrainEvery(v);
      await core.team.syncCrowd();
    } else if (v !== undefined) store.setMeta('retrain_every', String(v));
    const t = core.team?.status;
    return { retrainEvery: retrainEvery(core), trainer: t ? { here: t.trainer, host: t.trainerHost } : null };
  },
};
