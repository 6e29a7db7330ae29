// Models in a project: trained in the background on the current labels, stored with their
// backend and held-out metrics, and driving the choice of the next windows.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { fillDemo } from '../../core/node/demoProject.js';
import { FEATURE_INDEX, FEATURES } from '../../core/common/features/index.js';
import { FLOOR_INPUTS, MODEL_INPUTS, STATION_RANKED, STATION_RELATIVE } from '../../core/common/features/stationContext.js';
import { loadFeatures, loadInputsFor, loadModelInputs } from '../../core/node/store/features.js';
import { modelParams, predictionsFor } from '../../core/node/store/models.js';
import { servedModel } from '../../core/node/insights/explainWindow.js';
import { SERVING_MARGIN } from '../../core/node/ml/serving.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

describe('models and active learning in a project', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  beforeAll(() => {
    core = new Core({ homeDir: join(dir, 'home') });
    c = createClient(inProcessTransport(core, { checkOutput: true }));
  });
  afterAll(() => core.close());

  it('chooses windows by cold start before any model exists, and says so', async () => {
    await c.call('projects.create', { path: join(dir, 'demo.seislabel'), classes: [{ name: 'earthquake' }, { name: 'noise' }] });
    fillDemo(core.requireProject(), { count: 60 });
    const b = await c.call('al.nextBatch', { strategy: 'entropy', batchSize: 8, seed: 1 });
    expect(b.strategy).toBe('coldStart');
    expect(b.note).toMatch(/no model yet/);
    expect(new Set(b.windowIds).size).toBe(8);
    const reasons = await c.call('al.reasons', { windowIds: b.windowIds });
    expect(reasons.map((r) => r.strategy)).toEqual(Array(8).fill('coldStart'));
    // Same seed, same batch.
    expect((await c.call('al.nextBatch', { strategy: 'entropy', batchSize: 8, seed: 1 })).windowIds).toEqual(b.windowIds);
  });

  it('refuses to train with fewer than two classes labeled', async () => {
    const { taskId } = await c.call('models.train', {});
    const t = await core.tasks.wait(taskId);
    expect(t.status).toBe('failed');
    expect(t.message).toMatch(/at least two classes/);
  });

  it.skipIf(!hasSharedData)('trains on imported labels, stores backend, metrics and predictions, and queries unlabeled windows from it', async () => {
    await c.call('projects.create', { path: join(dir, 'real.seislabel'), classes: [] });
    // The labeled main set, and ten unlabeled windows for the queue to choose from.
    const imp = await c.call('imports.start', { paths: [dataPath(), dataPath('unlabeled_whar')] });
    await core.tasks.wait(imp.taskId);
    const { taskId } = await c.call('models.train', { seed: 3 });
    const t = await core.tasks.wait(taskId);
    expect(t.status, t.message).toBe('done');
    const [m] = await c.call('models.list');
    expect(m!.backend).toMatch(/forest/);
    expect(m!.nTrain).toBe(138);
    expect(m!.macroF1).toBeGreaterThan(0.8);
    const metrics = (await c.call('models.metrics', {}))!.metrics as { test: { confusion: number[][]; perClass: { f1: number }[] }; importance: unknown[] };
    expect(metrics.test.confusion).toHaveLength(2);
    expect(metrics.test.perClass).toHaveLength(2);
    const { windows } = await c.call('windows.list', { limit: 5 });
    const p = await c.call('predictions.forWindows', { windowIds: windows.map((w) => w.id) });
    expect(p.modelId).toBe(m!.id);
    for (const row of p.probs) expect(row!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // The served forest reads the features beside the station context: its input is wider
    // than the features, and a window's relative level is its level above the median quiet
    // level of all windows of its station (TA.109C: the 50 STEAD windows).
    const db = core.requireProject().db;
    expect((JSON.parse(modelParams(db, m!.id).toString('utf8')) as { features: number }).features).toBe(MODEL_INPUTS);
    const ta = db.prepare("SELECT id FROM windows WHERE network = 'TA' AND station = '109C' ORDER BY id").pluck().all() as number[];
    expect(ta).toHaveLength(50);
    const X = loadFeatures(db, ta);
    const quiet = ta.map((_, r) => X.data[r * X.cols + FEATURE_INDEX.log_quiet_segment_amplitude]!).sort((a, b) => a - b);
    const floor = 0.5 * (quiet[24]! + quiet[25]!);
    const inputs = loadModelInputs(db, [ta[7]!]);
    const rel = FEATURES.length + STATION_RELATIVE.indexOf('log_band_rms');
    expect(inputs.data[rel]).toBeCloseTo(X.data[7 * X.cols + FEATURE_INDEX.log_band_rms]! - floor, 5);
    // Its H/V after the central onset is ranked among the 50 windows of the station.
    const hv = FEATURE_INDEX.log_hv_after_centre_onset;
    const own = X.data[7 * X.cols + hv]!;
    const others = ta.map((_, r) => X.data[r * X.cols + hv]!);
    const midRank = (others.filter((v) => v < own).length + others.filter((v) => v <= own).length) / 100;
    expect(inputs.data[FLOOR_INPUTS + STATION_RANKED.indexOf(hv)]).toBe(midRank);
    // A model trained before the ranks reads the first columns of the same input.
    const older = loadInputsFor(db, [ta[7]!], FLOOR_INPUTS);
    expect(Array.from(older.data)).toEqual(Array.from(inputs.data.subarray(0, FLOOR_INPUTS)));
    // The retrain made every window's input in its worker thread; the predictions it stored are
    // what the served model gives on the inputs the host makes (explanations, serving, maps).
    const every = db.prepare('SELECT id FROM windows ORDER BY id').pluck().all() as number[];
    const inputsAll = loadModelInputs(db, every);
    const served = servedModel(db, m!.id).model.predictProba({ data: inputsAll.data as Float64Array, rows: inputsAll.rows, cols: inputsAll.cols });
    const stored = predictionsFor(db, every, m!.id).probs;
    const K = m!.classIds.length;
    every.forEach((_, r) => { for (let k = 0; k < K; k++) expect(stored[r]![k]).toBeCloseTo(served[r * K + k]!, 5); });
  });

  it.skipIf(!hasSharedData)('trains the CNN on waveforms with loss curves, its backend and predictions for every window', async () => {
    const { taskId } = await c.call('models.train', { kind: 'cnn', seed: 1 });
    const progress: string[] = [];
    const off = c.on('task.progress', (t) => t.id === taskId && progress.push(t.message));
    const t = await core.tasks.wait(taskId);
    off();
    expect(t.status, t.message).toBe('done');
    expect(progress.some((m) => /CNN epoch \d+: loss/.test(m))).toBe(true);
    const [m] = await c.call('models.list');
    expect(m!.kind).toBe('cnn');
    expect(m!.backend).toMatch(/wasm|js|tfjs/i);
    const metrics = (await c.call('models.metrics', { id: m!.id }))!.metrics as { curves: { epoch: number; loss: number; valLoss: number }[]; test: { accuracy: number } };
    expect(metrics.curves.length).toBeGreaterThan(2);
    expect(metrics.curves.every((p) => Number.isFinite(p.loss) && Number.isFinite(p.valLoss))).toBe(true);
    // Earthquake vs noise is easy for a CNN even with ~100 training windows.
    expect(metrics.test.accuracy).toBeGreaterThan(0.7);
    const { windows } = await c.call('windows.list', { limit: 3 });
    const p = await c.call('predictions.forWindows', { windowIds: windows.map((w) => w.id) });
    expect(p.modelId).toBe(m!.id);
    for (const row of p.probs) expect(row!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  }, 240_000);

  it.skipIf(!hasSharedData)('picks the model that serves the queue by held-out macro-F1 and says which in every batch', async () => {
    const [cnn, forest] = await c.call('models.list');
    const s = (await c.call('models.serving'))!;
    expect(s.cnnId).toBe(cnn!.id);
    expect(s.forestId).toBe(forest!.id);
    // Compared on the CNN's held-out windows, with a forest fitted on the CNN's training windows.
    const cnnTest = ((await c.call('models.metrics', { id: cnn!.id }))!.metrics as { testPredicted: number[] }).testPredicted;
    expect(s.nTest).toBe(cnnTest.length);
    const sc = s.scores!;
    const best = Math.max(sc.forest, sc.cnn, sc.ensemble);
    // The forest keeps the queue unless another model beats it by more than the margin.
    if (best <= sc.forest + SERVING_MARGIN) expect(s.kind).toBe('forest');
    else expect(sc[s.kind]).toBe(best);
    expect(s.reason).toMatch(new RegExp(`macro-F1 on ${s.nTest} held-out windows forest ${sc.forest.toFixed(2)}, CNN ${sc.cnn.toFixed(2)}`));
    const b = await c.call('al.nextBatch', { strategy: 'hybrid', batchSize: 3, seed: 2 });
    expect(b.strategy).toBe('hybrid');
    expect(b.serving).toEqual(s);
    expect(b.modelId).toBe(s.kind === 'cnn' ? cnn!.id : forest!.id);
    // Only the ten unlabeled windows are left to choose from.
    const unlabeled = new Set((await c.call('windows.list', { labeled: false, limit: 1000 })).windows.map((w) => w.id));
    expect(unlabeled.size).toBe(10);
    for (const id of b.windowIds) expect(unlabeled.has(id)).toBe(true);
    expect(new Set(b.windowIds).size).toBe(3);
    // k-center greedy runs on the serving model's representation and is deterministic for a seed.
    const k = await c.call('al.nextBatch', { strategy: 'kCenterGreedy', batchSize: 3, seed: 2 });
    expect((await c.call('al.nextBatch', { strategy: 'kCenterGreedy', batchSize: 3, seed: 2 })).windowIds).toEqual(k.windowIds);
  }, 240_000);

  it('compares each model version with the previous one on unlabeled windows and hints when predictions are stable', async () => {
    await c.call('projects.create', { path: join(dir, 'stop.seislabel'), classes: [{ name: 'earthquake' }, { name: 'noise' }] });
    fillDemo(core.requireProject(), { count: 40 });
    const [eq, noise] = await c.call('classes.list');
    const ann = await c.call('annotators.ensure', { name: 'ana' });
    await c.call('al.settings', { retrainEvery: 0 });
    const { windows } = await c.call('windows.list', { limit: 8 });
    for (const [i, w] of windows.entries()) await c.call('labels.add', { windowId: w.id, annotatorId: ann.id, kind: 'class', classId: (i % 2 ? eq : noise)!.id });
    expect((await c.call('al.stoppingHint')).rounds).toEqual([]);
    // Same labels and seed: every retrain predicts exactly as the one before.
    for (let r = 0; r < 4; r++) expect((await core.tasks.wait((await c.call('models.train', { seed: 5 })).taskId)).status).toBe('done');
    const hint = await c.call('al.stoppingHint');
    expect(hint.rounds).toHaveLength(3);
    for (const round of hint.rounds) {
      expect(round.agreement).toBe(1);
      expect(round.n).toBe(32);
    }
    expect(hint.stop).toBe(true);
    expect(hint.reason).toMatch(/stable/);
    // Every new version adds a round, compared on the windows unlabeled at that time.
    await c.call('labels.add', { windowId: (await c.call('windows.list', { labeled: false, limit: 1 })).windows[0]!.id, annotatorId: ann.id, kind: 'class', classId: eq!.id });
    await core.tasks.wait((await c.call('models.train', { seed: 5 })).taskId);
    const after = await c.call('al.stoppingHint');
    expect(after.rounds).toHaveLength(4);
    expect(after.rounds.at(-1)!.n).toBe(31);
  });

  it('retrains automatically after every N labels without blocking labeling', async () => {
    await c.call('projects.create', { path: join(dir, 'auto.seislabel'), classes: [{ name: 'earthquake' }, { name: 'noise' }] });
    fillDemo(core.requireProject(), { count: 40 });
    expect(await c.call('al.settings', { retrainEvery: 6 })).toEqual({ retrainEvery: 6, trainer: null });
    const [eq, noise] = await c.call('classes.list');
    const ann = await c.call('annotators.ensure', { name: 'ana' });
    const { windows } = await c.call('windows.list', { limit: 6 });
    for (const [i, w] of windows.entries()) {
      const res = await c.call('labels.add', { windowId: w.id, annotatorId: ann.id, kind: 'class', classId: (i % 2 ? eq : noise)!.id });
      expect(res.current.kind).toBe('class');
    }
    const train = core.tasks.list().find((x) => x.kind === 'train');
    expect(train).toBeDefined();
    expect((await core.tasks.wait(train!.id)).status).toBe('done');
    expect(await c.call('models.list')).toHaveLength(1);
    const b = await c.call('al.nextBatch', { strategy: 'hybrid', batchSize: 5 });
    expect(b.strategy).toBe('hybrid');
    expect(b.windowIds.some((id) => windows.some((w) => w.id === id))).toBe(false);
  });
});
