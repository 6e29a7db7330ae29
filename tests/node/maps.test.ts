// The embedding map through the API: maps of every window in a worker thread with progress
// snapshots, reproducible for a seed, cancellable; clusters and stability numbers; acting
// on a group of windows chosen on the map. On the demo generator and on the real data.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import { MapStabilityResultSchema } from '../../core/common/api/maps.js';
import { base64ToF32 } from '../../core/common/base64.js';
import { labelAgreement } from '../../core/common/embed/quality.js';
import { mulberry32 } from '../../core/common/embed/random.js';
import type { Core } from '../../core/node/core.js';
import { DEMO_CLASSES, fillDemo } from '../../core/node/demoProject.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

describe('embedding maps', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  const N = 240;
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 'demo.seislabel', DEMO_CLASSES));
    fillDemo(core.requireProject(), { count: N, seed: 7 });
  });
  afterAll(() => core.close());

  const finish = async (taskId: string) => {
    const t = await core.tasks.wait(taskId);
    expect(t.status, t.message).toBe('done');
    return t.result as { mapId: number };
  };

  it('computes a UMAP map of every window in the background, sending coordinate snapshots while it refines', async () => {
    const snapshots: { done: number; total: number; n: number; ids?: number[] }[] = [];
    const off = c.on('map.progress', (e) => snapshots.push({ done: e.done, total: e.total, n: base64ToF32(e.coords).length / 2, ids: e.windowIds }));
    const { taskId } = await c.call('maps.compute', { method: 'umap', seed: 1 });
    const { mapId } = await finish(taskId);
    off();
    const map = (await c.call('maps.get', { id: mapId }))!;
    const ids = (await c.call('windows.list', { limit: 1000 })).windows.map((w) => w.id);
    expect(map.windowIds).toEqual(ids);
    expect(map).toMatchObject({ method: 'umap', source: 'features', seed: 1, params: { nNeighbors: 15, minDist: 0.1 } });
    const xy = base64ToF32(map.coords);
    expect(xy).toHaveLength(2 * N);
    expect(xy.every(Number.isFinite)).toBe(true);
    // The first snapshot (the starting layout) comes at once and carries the window ids.
    expect(snapshots[0]).toMatchObject({ done: 0, n: N, ids });
    expect(snapshots.every((s) => s.n === N && s.total === 500)).toBe(true);
    expect(snapshots.slice(1).every((s) => s.ids === undefined)).toBe(true);
    // Demo windows were generated as known kinds: a map worth looking at keeps them apart.
    const kinds = new Map((await c.call('windows.list', { limit: 1000 })).windows.map((w) => [w.id, String(w.meta.generated_as)]));
    const names = [...new Set(kinds.values())];
    const kindOf = map.windowIds.map((id) => names.indexOf(kinds.get(id)!));
    // Baseline: the same points with the kinds dealt out by a seeded shuffle.
    const shuffled = [...kindOf];
    const random = mulberry32(11);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(labelAgreement(xy, kindOf, 10)).toBeGreaterThan(labelAgreement(xy, shuffled, 10) + 0.2);
  });

  it('gives the same map for the same seed and a different one for another seed', async () => {
    const a = (await c.call('maps.get', { id: (await finish((await c.call('maps.compute', { method: 'umap', seed: 5 })).taskId)).mapId }))!;
    const b = (await c.call('maps.get', { id: (await finish((await c.call('maps.compute', { method: 'umap', seed: 5 })).taskId)).mapId }))!;
    const d = (await c.call('maps.get', { id: (await finish((await c.call('maps.compute', { method: 'umap', seed: 6 })).taskId)).mapId }))!;
    expect(b.id).not.toBe(a.id);
    expect(b.coords).toBe(a.coords);
    expect(d.coords).not.toBe(a.coords);
    expect((await c.call('maps.list')).slice(0, 3).map((m) => m.seed)).toEqual([6, 5, 5]);
  });

  it('computes PCA and t-SNE maps, and the newest model embedding', async () => {
    const pca = (await c.call('maps.get', { id: (await finish((await c.call('maps.compute', { method: 'pca' })).taskId)).mapId }))!;
    const xy = base64ToF32(pca.coords);
    // Principal components are centred and the first carries at least the second's variance.
    const mean = (o: number) => xy.filter((_, i) => i % 2 === o).reduce((s, v) => s + v, 0) / N;
    const vari = (o: number) => xy.filter((_, i) => i % 2 === o).reduce((s, v) => s + (v - mean(o)) ** 2, 0);
    expect(Math.abs(mean(0))).toBeLessThan(1e-3);
    expect(vari(0)).toBeGreaterThanOrEqual(vari(1));
    const tsne = (await c.call('maps.get', { id: (await finish((await c.call('maps.compute', { method: 'tsne', perplexity: 20, seed: 2 })).taskId)).mapId }))!;
    expect(tsne.params).toEqual({ perplexity: 20 });
    await expect(c.call('maps.compute', { source: 'model' })).rejects.toThrow(/no model yet/);
  });

  it('clusters a map, with silhouette and agreement between seeds in range, and suggests k', async () => {
    const map = (await c.call('maps.get', {}))!;
    const res = await c.call('maps.clusters', { mapId: map.id, k: 4, seed: 3 });
    expect(res.labels).toHaveLength(N);
    expect(new Set(res.labels)).toEqual(new Set([0, 1, 2, 3]));
    expect(res.silhouette).toBeGreaterThan(-1);
    expect(res.silhouette).toBeLessThanOrEqual(1);
    expect(res.stability.seeds).toEqual([3, 4, 5, 6, 7]);
    expect(res.stability.pairwise).toHaveLength(10);
    for (const ari of res.stability.pairwise) {
      expect(ari).toBeGreaterThanOrEqual(-1);
      expect(ari).toBeLessThanOrEqual(1);
    }
    expect((await c.call('maps.get', { id: map.id }))!.clusters).toEqual({ k: 4, seed: 3, labels: res.labels });
    const onInput = await c.call('maps.clusters', { mapId: map.id, k: 4, seed: 3, space: 'input' });
    expect(onInput.labels).toHaveLength(N);
    const s = await c.call('maps.suggestK', { mapId: map.id, kMin: 2, kMax: 6 });
    expect(s.scores.map((x) => x.k)).toEqual([2, 3, 4, 5, 6]);
    expect(s.scores.find((x) => x.k === s.k)!.silhouette).toBe(Math.max(...s.scores.map((x) => x.silhouette)));
    await expect(c.call('maps.clusters', { mapId: map.id, k: 50, seed: 0 })).resolves.toBeTruthy();
  });

  it('measures how much UMAP runs with different seeds agree, and PCA runs fully', async () => {
    const umap = (await c.call('maps.list')).find((m) => m.method === 'umap')!;
    const { taskId } = await c.call('maps.stability', { mapId: umap.id, runs: 3 });
    const r = MapStabilityResultSchema.parse((await core.tasks.wait(taskId)).result);
    expect(r.seeds).toEqual([umap.seed, umap.seed + 1, umap.seed + 2]);
    expect(r.pairwise).toHaveLength(3);
    // Far above chance (k / n), below identical: runs agree on neighbourhoods, not exactly.
    expect(r.meanOverlap).toBeGreaterThan(5 * r.chance);
    expect(r.meanOverlap).toBeLessThan(1);
    const pca = (await c.call('maps.list')).find((m) => m.method === 'pca')!;
    const p = MapStabilityResultSchema.parse((await core.tasks.wait((await c.call('maps.stability', { mapId: pca.id, runs: 2 })).taskId)).result);
    expect(p.meanOverlap).toBe(1);
  });

  it('cancels a map being computed: the task ends cancelled and no map is stored', async () => {
    const before = (await c.call('maps.list')).length;
    let cancelled = false;
    const off = c.on('map.progress', (e) => {
      if (!cancelled) void c.call('tasks.cancel', { id: e.taskId });
      cancelled = true;
    });
    const { taskId } = await c.call('maps.compute', { method: 'umap', seed: 9 });
    const t = await core.tasks.wait(taskId);
    off();
    expect(t.status).toBe('cancelled');
    expect(await c.call('maps.list')).toHaveLength(before);
  });

  it('labels a group chosen on the map in one go and queues another for labeling next', async () => {
    const map = (await c.call('maps.get', {}))!;
    const [annotator, classes] = await Promise.all([c.call('annotators.ensure', { name: 'mapper' }), c.call('classes.list')]);
    const group = map.windowIds.slice(10, 22);
    const changed: number[] = [];
    const off = c.on('labels.changed', (e) => changed.push(e.windowId));
    expect(await c.call('maps.labelWindows', { windowIds: group, annotatorId: annotator.id, classId: classes[1]!.id })).toEqual({ labeled: 12 });
    off();
    expect(changed.sort((a, b) => a - b)).toEqual([...group].sort((a, b) => a - b));
    const { windows } = await c.call('windows.list', { limit: 1000 });
    const labeled = windows.filter((w) => w.label?.classId === classes[1]!.id).map((w) => w.id);
    expect(labeled).toEqual(group);
    // All or nothing: one unknown class id, and no window of the group is labeled.
    await expect(c.call('maps.labelWindows', { windowIds: map.windowIds.slice(30, 33), annotatorId: annotator.id, classId: 9999 })).rejects.toThrow(/no class/);
    expect((await c.call('projects.info')).labeled).toBe(12);

    const q = await c.call('maps.queue', { mapId: map.id, windowIds: map.windowIds.slice(40, 45) });
    expect(q.count).toBe(5);
    const reasons = await c.call('al.reasons', { windowIds: map.windowIds.slice(40, 45) });
    expect(reasons.map((r) => [r.batchId, r.strategy])).toEqual(Array(5).fill([q.batchId, 'map selection']));
  });

  it('refuses t-SNE above 3,000 windows with a message that says why and what to use', async () => {
    await c.call('projects.create', { path: join(dir, 'big.seislabel'), classes: [] });
    const store = core.requireProject();
    store.transaction(() => {
      for (let i = 0; i < 3001; i++) {
        store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'S', location: '', channels: ['HHZ'], startTime: i, samplingRate: 10, data: [new Float32Array(20)], picks: [], groupKey: 'XX.S', meta: {} });
      }
    });
    await expect(c.call('maps.compute', { method: 'tsne' })).rejects.toThrow(/limited to 3,000 windows; the project has 3,001: use UMAP or PCA/);
    expect(core.tasks.list().filter((t) => t.kind === 'map' && t.status === 'running')).toHaveLength(0);
  });

  it.skipIf(!hasSharedData)('maps the real labeled windows so that earthquakes and noise mostly keep apart', async () => {
    await c.call('projects.create', { path: join(dir, 'real.seislabel'), classes: [] });
    await core.tasks.wait((await c.call('imports.start', { paths: [dataPath()] })).taskId);
    const { windows } = await c.call('windows.list', { limit: 1000 });
    expect(windows).toHaveLength(138);
    const { mapId } = await finish((await c.call('maps.compute', { method: 'umap', seed: 0 })).taskId);
    const map = (await c.call('maps.get', { id: mapId }))!;
    const label = new Map(windows.map((w) => [w.id, w.label!.classId!]));
    const agree = labelAgreement(base64ToF32(map.coords), map.windowIds.map((id) => label.get(id)!), 10);
    // 94 earthquakes / 44 noise: 0.68 is what guessing "earthquake" everywhere would give.
    expect(agree).toBeGreaterThan(0.8);
  });
});
