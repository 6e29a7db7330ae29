// Honest scores and cancel: a feature model is scored on several grouped splits, a class
// with no held-out window is named and left out of macro-F1, and a cancelled training
// stores nothing at all.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { fillDemo } from '../../core/node/demoProject.js';
import { repeatedGroupSplits, type RepeatedScores } from '../../core/common/ml/repeatedSplits.js';
import { SPLIT_REPEATS, trainForest, trainingSet } from '../../core/node/ml/projectModels.js';
import { listModels } from '../../core/node/store/models.js';
import type { TaskContext } from '../../core/node/tasks.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

describe('held-out scores over repeated splits, and cancelling a training', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 'scores.seislabel', [{ name: 'earthquake' }, { name: 'noise' }, { name: 'tremor' }]));
    fillDemo(core.requireProject(), { count: 80 });
    await c.call('al.settings', { retrainEvery: 0 });
    const classes = new Map((await c.call('classes.list')).map((k) => [k.name, k.id]));
    const ann = await c.call('annotators.ensure', { name: 'ana' });
    const { windows } = await c.call('windows.list', { limit: 80 });
    // Earthquakes and noise as generated, and a single tremor window: it can sit on one side only.
    let tremors = 0;
    for (const w of windows) {
      const kind = String(w.meta.generated_as);
      if (kind === 'tremor' && tremors++ > 0) continue;
      if (!classes.has(kind)) continue;
      await c.call('labels.add', { windowId: w.id, annotatorId: ann.id, kind: 'class', classId: classes.get(kind)! });
    }
  });
  afterAll(() => core.close());

  it('stores the scores of several grouped splits; the first is the model\'s own, classes without held-out windows are left out', async () => {
    const t = await core.tasks.wait((await c.call('models.train', { seed: 2 })).taskId);
    expect(t.status, t.message).toBe('done');
    const [m] = await c.call('models.list');
    const metrics = (await c.call('models.metrics', {}))!.metrics as { repeats: RepeatedScores };
    const d = (await c.call('insights.dashboard', {}))!;
    const r = d.report!;
    expect(metrics.repeats.seeds).toEqual([2, 3, 4, 5, 6].slice(0, SPLIT_REPEATS));
    expect(d.repeats).toEqual(metrics.repeats);
    expect(metrics.repeats.nTest[0]).toBe(r.n);
    expect(m!.macroF1).toBe(r.macro.f1);
    const f = metrics.repeats.macroF1;
    expect(m!.macroF1Spread).toEqual({ mean: f.mean, sd: f.sd, lo: f.min, hi: f.max, n: SPLIT_REPEATS, method: 'splits' });
    expect(f.min).toBeLessThanOrEqual(r.macro.f1);
    expect(f.max).toBeGreaterThanOrEqual(r.macro.f1);
    // The one tremor window lands on the test side of a split or not, with its station's
    // group: each split names tremor as left out exactly when it holds no tremor window.
    const tremor = d.classes.findIndex((k) => k.name === 'tremor');
    const store = core.requireProject();
    const { ids, y } = trainingSet(store);
    const keys = store.groupKeys();
    const splits = repeatedGroupSplits({ groups: ids.map((id) => keys.get(id) || String(id)), labels: y, testFraction: 0.25, seed: 2, repeats: SPLIT_REPEATS });
    const row = Array.from(y).indexOf(tremor);
    expect(splits.map((sp) => !Array.from(sp.test).includes(row))).toEqual(metrics.repeats.leftOut.map((l) => l.includes(tremor)));
    expect(metrics.repeats.leftOut.some((l) => l.includes(tremor))).toBe(true);
    for (const [k, s] of r.perClass.entries()) expect(r.leftOut.includes(k)).toBe(s.support === 0);
    const scored = r.perClass.filter((s) => s.support > 0);
    expect(r.macro.f1).toBeCloseTo(scored.reduce((a, s) => a + s.f1, 0) / scored.length, 12);
  });

  it('cancels a training from the API: the task ends as cancelled and no model is stored', async () => {
    const before = (await c.call('models.list')).length;
    const { taskId } = await c.call('models.train', { seed: 9 });
    await c.call('tasks.cancel', { id: taskId });
    const t = await core.tasks.wait(taskId);
    expect(t.status).toBe('cancelled');
    expect(t.message).toBe('cancelled');
    expect(await c.call('models.list')).toHaveLength(before);
    // The retrainer is free again: the next training runs to the end.
    const next = await core.tasks.wait((await c.call('models.train', { seed: 9 })).taskId);
    expect(next.status).toBe('done');
    expect(await c.call('models.list')).toHaveLength(before + 1);
  });

  it('stores nothing when the cancel comes as the worker starts (after the last check before it)', async () => {
    const store = core.requireProject();
    const before = listModels(store.db).length;
    const abort = new AbortController();
    const ctx: TaskContext = {
      signal: abort.signal,
      // The message sent just before the worker starts: cancel right there.
      progress: (_d, _t, message) => { if (message?.startsWith('training on')) abort.abort(); },
      error: () => undefined,
    };
    await expect(trainForest(store, ctx, 4)).rejects.toMatchObject({ code: 'cancelled' });
    expect(listModels(store.db)).toHaveLength(before);
  });
});

describe('the CNN, fitted once, reports a bootstrap range of its test groups', () => {
  const dir = tempDir();
  let core: Core;
  afterAll(() => core?.close());

  it.skipIf(!hasSharedData)('stores the bootstrap with the model and lists it as its macro-F1 range', async () => {
    core = new Core({ homeDir: join(dir, 'home') });
    const c = createClient(inProcessTransport(core, { checkOutput: true }));
    await c.call('projects.create', { path: join(dir, 'cnn.seislabel'), classes: [] });
    await core.tasks.wait((await c.call('imports.start', { paths: [dataPath()] })).taskId);
    await c.call('al.settings', { retrainEvery: 0 });
    const t = await core.tasks.wait((await c.call('models.train', { kind: 'cnn', seed: 1 })).taskId);
    expect(t.status, t.message).toBe('done');
    const [m] = await c.call('models.list');
    const metrics = (await c.call('models.metrics', {}))!.metrics as { bootstrap: unknown; test: { macro: { f1: number } } | null; note: string };
    expect(metrics.test, metrics.note).not.toBeNull();
    expect(m!.macroF1Spread).toEqual(metrics.bootstrap);
    expect(m!.macroF1Spread).toMatchObject({ method: 'bootstrap', n: 500 });
    expect(m!.macroF1Spread!.lo).toBeLessThanOrEqual(m!.macroF1Spread!.hi);
    expect(m!.macroF1Spread!.hi).toBeLessThanOrEqual(1);
  }, 240_000);
});
