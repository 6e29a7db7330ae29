// Handlers of the embedding-map methods: long work runs as background tasks in a worker
// thread; quick questions (k-means, suggest k) wait for their task so they stay cancellable.
import type { Caller, MethodName, Output, ParsedInput } from '../../common/api/index.js';
import { f32ToBase64 } from '../../common/base64.js';
import { CoreError } from '../../common/errors.js';
import { FEATURES } from '../../common/features/index.js';
import type { Core } from '../core.js';
import { ensureFeatures } from '../ml/projectModels.js';
import { loadFeatures, missingFeatures } from '../store/features.js';
import { checkMapRequest, computeMap, mapInputRows, mapRows, mapStability, runMapJob } from '../maps/computeMap.js';
import { getMap, listMaps, setMapClusters, type MapRecord } from '../maps/mapStore.js';
import { insertQueryBatch } from '../store/models.js';
import type { TaskContext } from '../tasks.js';
import { labelAs } from './caller.js';

type Domain = Extract<MethodName, `maps.${string}`>;
type H<M extends MethodName> = (input: ParsedInput<M>, core: Core, caller: Caller) => Output<M> | Promise<Output<M>>;

/** Runs work as a task and waits for it: visible in the task list, cancellable, off the loop. */
async function asTask<T>(core: Core, kind: string, title: string, work: (ctx: TaskContext) => Promise<T>): Promise<T> {
  const task = core.tasks.start(kind, title, work);
  const done = await core.tasks.wait(task.id);
  if (done.status !== 'done') throw new CoreError(done.status === 'cancelled' ? 'cancelled' : 'internal', done.message);
  return done.result as T;
}

const requireMap = (core: Core, id: number): MapRecord => getMap(core.requireProject().db, id)!;

const seedsFrom = (seed: number, count: number) => Array.from({ length: count }, (_, i) => seed + i);

export const mapHandlers: { [M in Domain]: H<M> } = {
  'maps.compute': ({ method, source, seed, nNeighbors, minDist, perplexity }, core) => {
    const store = core.requireProject();
    const req = { method, source, seed, params: { nNeighbors, minDist, perplexity } };
    checkMapRequest(store, req);
    let id = '';
    const task = core.tasks.start('map', `${method.toUpperCase()} map of ${source === 'model' ? 'the model embedding' : 'window features'} (seed ${seed})`, async (ctx) => {
      const m = await computeMap(core, store, ctx, () => id, req);
      return { mapId: m.id };
    });
    id = task.id;
    return { taskId: task.id };
  },
  'maps.list': (_i, core) => listMaps(core.requireProject().db),
  'maps.get': ({ id }, core) => {
    const m = getMap(core.requireProject().db, id);
    if (!m) return null;
    const { windowIds, coords, clusters, ...summary } = m;
    return { ...summary, windowIds: Array.from(windowIds), coords: f32ToBase64(coords), clusters: clusters ? { k: clusters.k, seed: clusters.seed, labels: Array.from(clusters.labels) } : null };
  },
  'maps.clusters': async ({ mapId, k, seed, space, stabilitySeeds }, core) => {
    const store = core.requireProject();
    const map = requireMap(core, mapId);
    if (k > map.windowIds.length) throw new CoreError('invalid_input', `k = ${k} is more than the ${map.windowIds.length} windows on the map`);
    const seeds = seedsFrom(seed, stabilitySeeds);
    const res = await asTask(core, 'clusters', `k-means, k = ${k}, on map ${mapId}`, async (ctx) => {
      const rows = space === 'map' ? mapRows(map) : await mapInputRows(store, ctx, map);
      return runMapJob<'clusters'>({ kind: 'clusters', rows, k, seed, stabilitySeeds: seeds }, ctx.signal);
    });
    setMapClusters(store.db, mapId, k, seed, res.labels);
    return { k, labels: Array.from(res.labels), inertia: res.inertia, silhouette: res.silhouette, stability: { ...res.stability, seeds } };
  },
  'maps.suggestK': async ({ mapId, kMin, kMax, seed, space }, core) => {
    const store = core.requireProject();
    const map = requireMap(core, mapId);
    const hi = Math.min(kMax, map.windowIds.length - 1);
    if (hi < kMin) throw new CoreError('invalid_input', `too few windows (${map.windowIds.length}) to try k from ${kMin}`);
    const res = await asTask(core, 'clusters', `suggest k (${kMin}–${hi}) on map ${mapId}`, async (ctx) => {
      const rows = space === 'map' ? mapRows(map) : await mapInputRows(store, ctx, map);
      return runMapJob<'suggestK'>({ kind: 'suggestK', rows, kMin, kMax: hi, seed }, ctx.signal);
    });
    return { k: res.k, scores: res.scores };
  },
  'maps.stability': ({ mapId, runs }, core) => {
    const store = core.requireProject();
    const map = requireMap(core, mapId);
    let id = '';
    const task = core.tasks.start('map', `Stability of map ${mapId}: ${runs} runs with different seeds`, (ctx) => mapStability(core, store, ctx, () => id, map, runs));
    id = task.id;
    return { taskId: task.id };
  },
  'maps.featureValues': async ({ mapId, feature }, core) => {
    const store = core.requireProject();
    const map = requireMap(core, mapId);
    const f = FEATURES.findIndex((d) => d.name === feature);
    if (f < 0) throw new CoreError('invalid_input', `no feature named "${feature}"`);
    const ids = Array.from(map.windowIds);
    // Cached for every window the map was made from; only windows added since need work.
    if (missingFeatures(store.db, ids).length) await asTask(core, 'features', 'compute window features', async (ctx) => ensureFeatures(store, ctx, ids));
    const X = loadFeatures(store.db, ids);
    const values = ids.map((_, r) => {
      const v = X.data[r * X.cols + f]!;
      return Number.isFinite(v) ? v : null;
    });
    return { feature, unit: FEATURES[f]!.unit, description: FEATURES[f]!.description, values };
  },
  'maps.labelWindows': ({ windowIds, annotatorId: requested, kind, classId }, core, caller) => {
    const store = core.requireProject();
    const annotatorId = labelAs(caller, requested);
    const unique = [...new Set(windowIds)];
    // One transaction: a group label is all or nothing, never half a lasso.
    const results = store.transaction(() => unique.map((windowId) => ({ windowId, res: store.addLabel({ windowId, annotatorId, kind, classId: classId ?? null, listened: false }) })));
    for (const { windowId, res } of results) core.emit('labels.changed', { windowId, current: store.currentLabel(windowId), by: annotatorId, own: res.current });
    for (let i = 0; i < results.length; i++) core.retrainer.noteLabel();
    return { labeled: results.length };
  },
  'maps.queue': ({ mapId, windowIds }, core) => {
    const db = core.requireProject().db;
    requireMap(core, mapId);
    const unique = [...new Set(windowIds)];
    const known = new Set(core.requireProject().windowIds());
    const missing = unique.find((w) => !known.has(w));
    if (missing !== undefined) throw new CoreError('not_found', `no window with id ${missing}`);
    const batchId = insertQueryBatch(db, { strategy: 'map selection', modelId: null, seed: 0, windowIds: unique, scores: unique.map(() => 1) });
    return { batchId, count: unique.length };
  },
};
