// Model versions, their predictions and the query batches chosen from them.
import { CoreError } from '../../common/errors.js';
import type { ReadableDb, WritableDb } from './db.js';
import { blobToF32, f32ToBlob } from './samples.js';

export interface ModelRecord {
  id: number;
  kind: string;
  backend: string;
  createdAt: number;
  seed: number;
  classIds: number[];
  featureSet: string;
  /** `labels` (class id per train window) and `weights` are stored since the crowd consensus; older models lack them. */
  trainingSet: { train: number[]; validation: number[]; test: number[]; labels?: number[]; weights?: number[] };
  metrics: unknown;
  trainMs: number;
}

interface ModelRow { id: number; kind: string; backend: string; created_at: number; seed: number; classes: string; feature_set: string; training_set: string; metrics: string; train_ms: number }
const toModel = (r: ModelRow): ModelRecord => ({
  id: r.id, kind: r.kind, backend: r.backend, createdAt: r.created_at, seed: r.seed, classIds: JSON.parse(r.classes) as number[], featureSet: r.feature_set,
  trainingSet: JSON.parse(r.training_set) as ModelRecord['trainingSet'], metrics: JSON.parse(r.metrics), trainMs: r.train_ms,
});
const COLS = 'id, kind, backend, created_at, seed, classes, feature_set, training_set, metrics, train_ms';

/**
 * Stores a model version with its predictions for every window, in one transaction. `as`
 * gives the id and time it already has elsewhere (a model the team database shared).
 */
export function insertModel(
  db: WritableDb, m: NewModelVersion, predictions: ModelPredictions,
  as?: { id: number; createdAt: number },
): number {
  return db.transaction(() => {
    const info = db
      .prepare('INSERT INTO models (id, kind, backend, created_at, seed, classes, feature_set, training_set, metrics, train_ms, params) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(as?.id ?? null, m.kind, m.backend, as?.createdAt ?? Date.now(), m.seed, JSON.stringify(m.classIds), m.featureSet, JSON.stringify(m.trainingSet), JSON.stringify(m.metrics), m.trainMs, Buffer.from(m.params));
    const id = Number(info.lastInsertRowid);
    const K = m.classIds.length;
    const put = db.prepare('INSERT INTO predictions (window_id, model_id, probs) VALUES (?, ?, ?)');
    predictions.windowIds.forEach((w, i) => put.run(w, id, f32ToBlob(predictions.probs.subarray(i * K, (i + 1) * K))));
    // Only the newest model of each kind keeps its predictions for every window (the queue
    // may be served by the forest, the CNN or their average, serving.ts); older versions keep
    // their metrics and parameters, which is what comparisons need.
    db.prepare('DELETE FROM predictions WHERE model_id IN (SELECT id FROM models WHERE kind = ? AND id != ?)').run(m.kind, id);
    return id;
  })();
}

/** A model version before it is stored: its record and serialised parameters. */
export type NewModelVersion = Omit<ModelRecord, 'id' | 'createdAt'> & { params: Uint8Array };
/** Predictions of a model for windows: `probs` is window-major, classes in the model's order. */
export interface ModelPredictions { windowIds: number[]; probs: Float32Array }
/**
 * Where a trained model goes: the project file (the default), or a team database first and
 * then every host's file (teamHost.ts). Returns the model's id.
 */
export type ModelSaver = (m: NewModelVersion, predictions: ModelPredictions) => Promise<number>;
export const saveInFile = (db: WritableDb): ModelSaver => async (m, predictions) => insertModel(db, m, predictions);

/** Model versions, newest first. */
export function listModels(db: ReadableDb): ModelRecord[] {
  return (db.prepare(`SELECT ${COLS} FROM models ORDER BY id DESC`).all() as ModelRow[]).map(toModel);
}

/** One model version (newest when id is omitted), or null when none exists. */
export function getModel(db: ReadableDb, id?: number): ModelRecord | null {
  const r = (id === undefined ? db.prepare(`SELECT ${COLS} FROM models ORDER BY id DESC LIMIT 1`).get() : db.prepare(`SELECT ${COLS} FROM models WHERE id = ?`).get(id)) as ModelRow | undefined;
  if (!r && id !== undefined) throw new CoreError('not_found', `no model with id ${id}`);
  return r ? toModel(r) : null;
}

/** The stored parameters of a model. */
export function modelParams(db: ReadableDb, id: number): Buffer {
  return db.prepare('SELECT params FROM models WHERE id = ?').pluck().get(id) as Buffer;
}

/** Bytes of float32 weights a stored CNN holds (its params: 4-byte length, JSON header, weights), read without loading them. */
export function cnnWeightBytes(db: ReadableDb, id: number): number {
  const r = db.prepare('SELECT length(params) AS n, substr(params, 1, 4) AS head FROM models WHERE id = ?').get(id) as { n: number; head: Buffer } | undefined;
  if (!r) throw new CoreError('not_found', `no model with id ${id}`);
  return r.head.length < 4 ? 0 : Math.max(0, r.n - 4 - r.head.readUInt32LE(0));
}

/** The newest model's (or model `id`'s) probabilities for some windows (null where none is stored). */
export function predictionsFor(db: ReadableDb, windowIds: number[], id?: number): { modelId: number | null; probs: (Float32Array | null)[] } {
  const m = getModel(db, id);
  if (!m) return { modelId: null, probs: windowIds.map(() => null) };
  const get = db.prepare('SELECT probs FROM predictions WHERE window_id = ? AND model_id = ?').pluck();
  return { modelId: m.id, probs: windowIds.map((w) => { const b = get.get(w, m.id) as Buffer | undefined; return b ? blobToF32(b) : null; }) };
}

/** Records a query batch (`as`: the id and time it already has in a team database). */
export function insertQueryBatch(db: WritableDb, b: { strategy: string; modelId: number | null; seed: number; windowIds: number[]; scores: number[] }, as?: { id: number; createdAt: number }): number {
  const info = db.prepare('INSERT INTO query_batches (id, created_at, strategy, model_id, seed, window_ids, scores) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(as?.id ?? null, as?.createdAt ?? Date.now(), b.strategy, b.modelId, b.seed, JSON.stringify(b.windowIds), JSON.stringify(b.scores));
  return Number(info.lastInsertRowid);
}

/** Why each window was queued: the latest batch that chose it. */
export function queryReasons(db: ReadableDb, windowIds: number[]): Map<number, { batchId: number; strategy: string; score: number; modelId: number | null; createdAt: number }> {
  const rows = db.prepare('SELECT id, created_at, strategy, model_id, window_ids, scores FROM query_batches ORDER BY id DESC LIMIT 50').all() as { id: number; created_at: number; strategy: string; model_id: number | null; window_ids: string; scores: string }[];
  const want = new Set(windowIds);
  const out = new Map<number, { batchId: number; strategy: string; score: number; modelId: number | null; createdAt: number }>();
  for (const r of rows) {
    const ids = JSON.parse(r.window_ids) as number[];
    const scores = JSON.parse(r.scores) as number[];
    ids.forEach((w, i) => {
      if (want.has(w) && !out.has(w)) out.set(w, { batchId: r.id, strategy: r.strategy, score: scores[i]!, modelId: r.model_id, createdAt: r.created_at });
    });
  }
  return out;
}
