// The insights API on a project built from the real data: the dashboard agrees with the
// stored metrics window by window, importances and explanations are consistent with the
// model, and the feature views cover every feature.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import { FEATURES } from '../../core/common/features/index.js';
import type { Core } from '../../core/node/core.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

describe.skipIf(!hasSharedData)(`insights on the real main set${hasSharedData ? '' : ` — ${missingDataReason}`}`, () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 'real.seislabel'));
    const imp = await c.call('imports.start', { paths: [dataPath()] });
    expect((await core.tasks.wait(imp.taskId)).status).toBe('done');
    const { taskId } = await c.call('models.train', { seed: 3 });
    const t = await core.tasks.wait(taskId);
    expect(t.status, t.message).toBe('done');
  }, 120_000);
  afterAll(() => core.close());

  it('lists the windows behind every confusion cell, matching the stored metrics', async () => {
    const d = (await c.call('insights.dashboard', {}))!;
    const stored = (await c.call('models.metrics', {}))!;
    const test = (stored.metrics as { test: { confusion: number[][]; n: number } }).test;
    expect(d.model).toEqual(stored.model);
    expect(d.report!.confusion).toEqual(test.confusion);
    expect(d.cells, d.cellsNote).not.toBeNull();
    expect(d.cellsNote).toMatch(/equals the stored one/);
    // Each cell lists exactly as many windows as the matrix counts, and together they are the test split.
    d.cells!.forEach((row, t) => row.forEach((cell, p) => expect(cell.length, `cell ${t},${p}`).toBe(test.confusion[t]![p])));
    const all = d.cells!.flat(2).map((x) => x.windowId);
    expect(all.length).toBe(test.n);
    expect(new Set(all).size).toBe(all.length);
    // The true class of every listed window is its label (nothing was relabeled since training).
    const classIdOf = new Map((await c.call('windows.list', { limit: 1000 })).windows.map((w) => [w.id, w.label?.classId]));
    d.cells!.forEach((row, t) => row.forEach((cell) => cell.forEach((x) => {
      expect(classIdOf.get(x.windowId)).toBe(d.classes[t]!.id);
      expect(x.relabeled).toBe(false);
      expect(x.confidence).toBeGreaterThan(0);
    })));
    expect(d.curves).toBeNull();
  }, 60_000);

  it('marks a test window relabeled after training, and still files it under its old class', async () => {
    const d = (await c.call('insights.dashboard', {}))!;
    const cell = d.cells![0]![0]!;
    const w = cell[0]!.windowId;
    const ann = await c.call('annotators.ensure', { name: 'reviewer' });
    await c.call('labels.add', { windowId: w, annotatorId: ann.id, kind: 'class', classId: d.classes[1]!.id });
    const again = (await c.call('insights.dashboard', {}))!;
    const same = again.cells![0]![0]!.find((x) => x.windowId === w);
    expect(same?.relabeled).toBe(true);
    await c.call('labels.undo', { annotatorId: ann.id });
    expect((await c.call('insights.dashboard', {}))!.cells![0]![0]!.find((x) => x.windowId === w)?.relabeled).toBe(false);
  }, 60_000);

  it('gives impurity and held-out permutation importance for every feature', async () => {
    const imp = (await c.call('insights.importance', {}))!;
    expect(imp.features.map((f) => f.name)).toEqual(FEATURES.map((f) => f.name));
    expect(imp.features.reduce((s, f) => s + f.impurity, 0)).toBeCloseTo(1, 6);
    const stored = (await c.call('models.metrics', {}))!;
    expect(imp.baseline).toBeCloseTo(stored.model.macroF1!, 10);
    expect(imp.nTest).toBe((stored.metrics as { test: { n: number } }).test.n);
    // Every feature is shuffled with its station-relative and rank copies. The forest spreads
    // earthquake/noise over so many of them that no single feature changes a test prediction
    // (the machinery itself is checked on toy data in tests/unit/ml-importance.test.ts): a
    // drop is never larger than the baseline, and a gain is at most one window's worth.
    for (const f of imp.features) {
      expect(Number.isFinite(f.permutation)).toBe(true);
      expect(f.permutation!).toBeLessThanOrEqual(imp.baseline!);
      expect(f.permutation!).toBeGreaterThan(-0.1);
    }
    for (const p of imp.correlated) expect(Math.abs(p.r)).toBeGreaterThanOrEqual(0.8);
  }, 60_000);

  it('explains a window: bias plus contributions give the served probabilities, in words', async () => {
    const { windows } = await c.call('windows.list', { limit: 3 });
    const e = (await c.call('insights.explain', { windowId: windows[0]!.id }))!;
    const served = await c.call('predictions.forWindows', { windowIds: [windows[0]!.id] });
    e.probs.forEach((p, k) => expect(p).toBeCloseTo(served.probs[0]![k]!, 5));
    e.classes.forEach((_, k) => expect(e.bias[k]! + e.items.reduce((s, it) => s + it.perClass[k]!, 0)).toBeCloseTo(e.probs[k]!, 6));
    expect(e.headline).toMatch(new RegExp(`^Predicted ${e.classes[e.predicted]!.name} \\(${e.probs[e.predicted]!.toFixed(2)}\\)`));
    expect(e.headline).toContain(e.items[0]!.phrase);
    expect(Math.abs(e.items[0]!.contribution)).toBeGreaterThanOrEqual(Math.abs(e.items[1]!.contribution));
    await expect(c.call('insights.explain', { windowId: 999_999 })).rejects.toThrow(/no window/);
  });

  it('gives correlation, distributions and a class-separation ranking over all features', async () => {
    const sp = await c.call('insights.correlation', { method: 'spearman' });
    expect(sp.n).toBe(138);
    expect(sp.matrix).toHaveLength(FEATURES.length);
    sp.matrix.forEach((row, i) => { if (row[i] !== null) expect(row[i]).toBeCloseTo(1, 10); });
    const pe = await c.call('insights.correlation', { method: 'pearson', scope: 'labeled' });
    expect(pe.matrix).not.toEqual(sp.matrix);

    const dist = await c.call('insights.distribution', { feature: 'sta_lta_max' });
    expect(dist.groups.map((g) => [g.name, g.total]).sort()).toEqual([['earthquake', 94], ['noise', 44]]);

    const sep = await c.call('insights.separation', { by: 'class' });
    expect(sep.ranking).toHaveLength(FEATURES.length);
    expect(sep.groups.map((g) => g.count).sort((a, b) => a - b)).toEqual([44, 94]);
    for (let i = 1; i < sep.ranking.length; i++) expect(sep.ranking[i - 1]!.f).toBeGreaterThanOrEqual(sep.ranking[i]!.f);
    const cl = await c.call('insights.separation', { by: 'cluster', k: 3, seed: 1 });
    expect(cl.groups.reduce((s, g) => s + g.count, 0)).toBe(138);
    expect(cl.stability).toBeGreaterThanOrEqual(-1);
    expect(cl.stability).toBeLessThanOrEqual(1);
  });

  it('reads a simulation file and runs one on the project labels, keeping the last', async () => {
    const file = join(dir, 'sim.json');
    const point = { labels: 6, macroF1: 0.5, accuracy: 0.6, macroF1Std: 0.1 };
    const one = { strategy: 'entropy', model: 'forest', classes: ['a', 'b'], seeds: 2, initial: 6, batch: 6, budget: 6, budgetReached: 6, fullPoolMacroF1: 0.9, curve: [point], labelsTo95: null, labelsTo98: null, notes: [] };
    writeFileSync(file, JSON.stringify({ results: [one, { ...one, strategy: 'random' }] }));
    expect((await c.call('insights.simulation', { path: file }))!.results.map((r) => r.strategy)).toEqual(['entropy', 'random']);
    writeFileSync(file, '{"results": 3}');
    await expect(c.call('insights.simulation', { path: file })).rejects.toThrow(/not a simulation result/);

    expect(await c.call('insights.simulation', {})).toBeNull();
    const { taskId } = await c.call('insights.simulate', { strategies: ['entropy'], seeds: 1, initial: 6, batch: 12, budget: 30 });
    const t = await core.tasks.wait(taskId);
    expect(t.status, t.message).toBe('done');
    const sim = (await c.call('insights.simulation', {}))!;
    expect(sim.results.map((r) => r.strategy)).toEqual(['random', 'entropy']);
    expect(sim.results[0]!.curve.map((p) => p.labels)).toEqual([6, 18, 30]);
  }, 120_000);
});
