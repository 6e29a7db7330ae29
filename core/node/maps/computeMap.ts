// Computing maps in the background: gather the rows (cached window features, or the newest
// model's embedding of them), run the method in a worker thread, forward its snapshots as
// `map.progress` events, and store the result with everything needed to redo it.
import type { MapStabilityResult } from '../../common/api/maps.js';
import { f32ToBase64 } from '../../common/base64.js';
import { CoreError } from '../../common/errors.js';
import { TSNE_MAX_POINTS } from '../../common/embed/tsne.js';
import type { Core } from '../core.js';
import { ensureFeatures } from '../ml/projectModels.js';
import { FEATURE_SET, loadFeatures, loadInputsFor } from '../store/features.js';
import { getModel, modelParams } from '../store/models.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, type TaskContext } from '../tasks.js';
import { startWorker } from '../workers.js';
import { getMap, insertMap, type MapRecord } from './mapStore.js';
import type { EmbedParams, MapJob, MapMessage, Rows } from './mapWorker.js';

/** What the user asks for. */
export interface MapRequest {
  method: 'pca' | 'umap' | 'tsne';
  source: 'features' | 'model';
  seed: number;
  params: EmbedParams;
}

/** How often a refining map sends its coordinates to the UI. */
const SNAPSHOT_MS = 500;

/** Runs one job in a map worker; `onProgress` gets its snapshots. Terminates it on cancel. */
export function runMapJob<T extends MapMessage['type']>(job: MapJob, signal: AbortSignal, onProgress?: (m: Extract<MapMessage, { type: 'progress' }>) => void): Promise<Extract<MapMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CoreError('cancelled', 'cancelled by the user'));
    const w = startWorker(new URL('./mapWorker.js', import.meta.url), { workerData: job });
    const onAbort = () => void w.terminate().then(() => reject(new CoreError('cancelled', 'cancelled by the user')));
    signal.addEventListener('abort', onAbort, { once: true });
    w.on('message', (m: MapMessage) => {
      if (m.type === 'progress') return onProgress?.(m);
      signal.removeEventListener('abort', onAbort);
      void w.terminate();
      resolve(m as Extract<MapMessage, { type: T }>);
    });
    w.once('error', (e) => {
      signal.removeEventListener('abort', onAbort);
      reject(e);
    });
  });
}

/** Refuses requests that cannot work, before any background work starts. */
export function checkMapRequest(store: ProjectStore, req: MapRequest): void {
  const n = store.countWindows();
  if (n < 3) throw new CoreError('invalid_input', `a map needs at least 3 windows; the project has ${n}`);
  if (req.method === 'tsne' && n > TSNE_MAX_POINTS) {
    throw new CoreError('invalid_input', `t-SNE is exact here and limited to ${TSNE_MAX_POINTS.toLocaleString('en')} windows; the project has ${n.toLocaleString('en')}: use UMAP or PCA`);
  }
  if (req.method === 'tsne' && n - 1 < 3 * req.params.perplexity) {
    throw new CoreError('invalid_input', `t-SNE with perplexity ${req.params.perplexity} needs more than ${3 * req.params.perplexity} windows; lower the perplexity`);
  }
  if (req.method === 'umap' && n <= 3) throw new CoreError('invalid_input', 'UMAP needs more than 3 windows');
  if (req.source === 'model') {
    const m = getModel(store.db);
    if (!m) throw new CoreError('invalid_input', 'no model yet: train one, or map the window features');
    if (m.kind !== 'forest') throw new CoreError('invalid_input', `the newest model (${m.kind}) has no feature embedding; map the window features`);
  }
}

/** The rows a model embeds: its own inputs (features, with the station context since it exists), else the features. */
function mapFeatures(store: ProjectStore, ids: number[], modelJson: string | undefined) {
  return modelJson ? loadInputsFor(store.db, ids, (JSON.parse(modelJson) as { features: number }).features) : loadFeatures(store.db, ids);
}

/** Computes, stores and returns a map (the body of a `map` task). */
export async function computeMap(core: Core, store: ProjectStore, ctx: TaskContext, taskId: () => string, req: MapRequest): Promise<MapRecord> {
  const ids = store.windowIds();
  await ensureFeatures(store, ctx, ids);
  throwIfCancelled(ctx.signal);
  const model = req.source === 'model' ? getModel(store.db) : null;
  const modelJson = model ? modelParams(store.db, model.id).toString('utf8') : undefined;
  const X = mapFeatures(store, ids, modelJson);
  // UMAP's neighbourhood cannot exceed the data: small projects get the largest that fits.
  const params: EmbedParams = { ...req.params, nNeighbors: Math.min(req.params.nNeighbors, ids.length - 1) };
  const windowIds = Int32Array.from(ids);
  const t0 = performance.now();
  let sentIds = false;
  ctx.progress(0, 1, `${req.method.toUpperCase()} of ${ids.length} windows`);
  const done = await runMapJob<'embedded'>(
    {
      kind: 'embed', method: req.method, seed: req.seed, params, snapshotMs: SNAPSHOT_MS,
      rows: { data: Float32Array.from(X.data), n: X.rows, d: X.cols, standardize: req.source === 'features', modelJson },
    },
    ctx.signal,
    (m) => {
      ctx.progress(m.done, m.total, `${req.method.toUpperCase()}: step ${m.done} of ${m.total}`);
      if (!m.coords) return;
      // Window ids go with the first snapshot only: they do not change while a map refines.
      core.emit('map.progress', { taskId: taskId(), done: m.done, total: m.total, coords: f32ToBase64(m.coords), ...(sentIds ? {} : { windowIds: Array.from(windowIds) }) });
      sentIds = true;
    },
  );
  throwIfCancelled(ctx.signal);
  const id = insertMap(store.db, {
    method: req.method, source: req.source, modelId: model?.id ?? null, featureSet: FEATURE_SET, seed: req.seed,
    params: req.method === 'umap' ? { nNeighbors: params.nNeighbors, minDist: params.minDist } : req.method === 'tsne' ? { perplexity: params.perplexity } : {},
    computeMs: performance.now() - t0, windowIds, coords: done.coords,
  });
  ctx.progress(1, 1, 'map stored');
  return getMap(store.db, id)!;
}

/** The rows a map was computed from (for k-means on the input rather than on the map). */
export async function mapInputRows(store: ProjectStore, ctx: TaskContext, map: MapRecord): Promise<Rows> {
  const ids = Array.from(map.windowIds);
  await ensureFeatures(store, ctx, ids);
  if (map.source === 'model' && map.modelId === null) throw new CoreError('not_found', 'the model this map was made from is gone');
  const modelJson = map.source === 'model' ? modelParams(store.db, map.modelId!).toString('utf8') : undefined;
  const X = mapFeatures(store, ids, modelJson);
  return { data: Float32Array.from(X.data), n: X.rows, d: X.cols, standardize: map.source === 'features', modelJson };
}

/** A map's own 2-D points as rows. */
export const mapRows = (map: MapRecord): Rows => ({ data: map.coords, n: map.windowIds.length, d: 2, standardize: false });

/** Recomputes a map with other seeds and measures how many 10-NN the runs share (a `map` task body). */
export async function mapStability(core: Core, store: ProjectStore, ctx: TaskContext, taskId: () => string, base: MapRecord, runs: number): Promise<MapStabilityResult> {
  if (base.method === 'pca') {
    // PCA has no random step: every seed gives the same map, which the numbers should show.
    ctx.progress(1, 1, 'PCA is deterministic');
  }
  const maps: MapRecord[] = [base];
  const params: EmbedParams = { nNeighbors: Number(base.params.nNeighbors ?? 15), minDist: Number(base.params.minDist ?? 0.1), perplexity: Number(base.params.perplexity ?? 30) };
  for (let r = 1; r < runs; r++) {
    throwIfCancelled(ctx.signal);
    maps.push(await computeMap(core, store, ctx, taskId, { method: base.method, source: base.source, seed: base.seed + r, params }));
  }
  const n = base.windowIds.length;
  const same = maps.every((m) => m.windowIds.length === n && m.windowIds.every((w, i) => w === base.windowIds[i]));
  if (!same) throw new CoreError('conflict', 'windows were added or removed since this map was made: compute a new map first');
  const k = Math.min(10, n - 1);
  ctx.progress(0, 1, 'comparing the runs');
  const res = await runMapJob<'overlap'>({ kind: 'overlap', maps: maps.map((m) => m.coords), n, k }, ctx.signal);
  return {
    mapIds: maps.map((m) => m.id), seeds: maps.map((m) => m.seed), neighbours: k, pairwise: res.pairwise,
    meanOverlap: res.pairwise.reduce((s, v) => s + v, 0) / res.pairwise.length, chance: k / (n - 1),
  };
}
