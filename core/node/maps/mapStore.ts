// Stored maps: one row per computed 2-D map with its method, source, seed and options, the
// window of each point and its coordinates, and the latest k-means clustering on it.
import { CoreError } from '../../common/errors.js';
import type { ReadableDb, WritableDb } from '../store/db.js';
import { blobToF32, f32ToBlob } from '../store/samples.js';

/** A stored map, points in `windowIds` order. */
export interface MapRecord {
  id: number;
  createdAt: number;
  method: 'pca' | 'umap' | 'tsne';
  source: 'features' | 'model';
  modelId: number | null;
  featureSet: string;
  seed: number;
  params: Record<string, number | string>;
  computeMs: number;
  windowIds: Int32Array;
  /** x, y per point. */
  coords: Float32Array;
  clusters: { k: number; seed: number; labels: Int32Array } | null;
}

export type NewMap = Omit<MapRecord, 'id' | 'createdAt' | 'clusters'>;

interface MapRow {
  id: number; created_at: number; method: MapRecord['method']; source: MapRecord['source']; model_id: number | null; feature_set: string; seed: number;
  params: string; window_ids: Buffer; coords: Buffer; compute_ms: number; clusters: Buffer | null; cluster_k: number | null; cluster_seed: number | null;
}

const toI32 = (b: Buffer): Int32Array => {
  const out = new Int32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
};
const i32Blob = (a: Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

const toMap = (r: MapRow): MapRecord => ({
  id: r.id, createdAt: r.created_at, method: r.method, source: r.source, modelId: r.model_id, featureSet: r.feature_set, seed: r.seed,
  params: JSON.parse(r.params) as MapRecord['params'], computeMs: r.compute_ms, windowIds: toI32(r.window_ids), coords: blobToF32(r.coords),
  clusters: r.clusters && r.cluster_k !== null ? { k: r.cluster_k, seed: r.cluster_seed ?? 0, labels: toI32(r.clusters) } : null,
});

/** Stores a map; returns its id. */
export function insertMap(db: WritableDb, m: NewMap): number {
  if (m.coords.length !== 2 * m.windowIds.length) throw new RangeError(`map has ${m.windowIds.length} windows but ${m.coords.length / 2} points`);
  const info = db
    .prepare('INSERT INTO maps (created_at, method, source, model_id, feature_set, seed, params, window_ids, coords, compute_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(Date.now(), m.method, m.source, m.modelId, m.featureSet, m.seed, JSON.stringify(m.params), i32Blob(m.windowIds), f32ToBlob(m.coords), m.computeMs);
  return Number(info.lastInsertRowid);
}

/** One map (the newest when id is omitted), or null when the project has none. */
export function getMap(db: ReadableDb, id?: number): MapRecord | null {
  const r = (id === undefined ? db.prepare('SELECT * FROM maps ORDER BY id DESC LIMIT 1').get() : db.prepare('SELECT * FROM maps WHERE id = ?').get(id)) as MapRow | undefined;
  if (!r && id !== undefined) throw new CoreError('not_found', `no map with id ${id}`);
  return r ? toMap(r) : null;
}

/** Summaries of every map, newest first (no coordinates). */
export function listMaps(db: ReadableDb): Omit<MapRecord, 'windowIds' | 'coords' | 'clusters'>[] {
  const rows = db.prepare('SELECT id, created_at, method, source, model_id, feature_set, seed, params, compute_ms FROM maps ORDER BY id DESC').all() as MapRow[];
  return rows.map((r) => ({
    id: r.id, createdAt: r.created_at, method: r.method, source: r.source, modelId: r.model_id, featureSet: r.feature_set, seed: r.seed,
    params: JSON.parse(r.params) as MapRecord['params'], computeMs: r.compute_ms,
  }));
}

/** Records the k-means clustering shown on a map (replaces the previous one). */
export function setMapClusters(db: WritableDb, id: number, k: number, seed: number, labels: Int32Array): void {
  const n = db.prepare('UPDATE maps SET clusters = ?, cluster_k = ?, cluster_seed = ? WHERE id = ?').run(i32Blob(labels), k, seed, id).changes;
  if (!n) throw new CoreError('not_found', `no map with id ${id}`);
}
